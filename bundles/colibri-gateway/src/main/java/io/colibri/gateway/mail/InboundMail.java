package io.colibri.gateway.mail;

import io.colibri.domain.MailOptions;
import io.colibri.gateway.accept.ChannelRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One mail as the {@code mail-process} route carries it from step to step: what
 * {@link MailInbound#take} made of it, then (once its requests are answered) with its replies.
 * Never changed: each step that learns something returns a new one.
 *
 * @param key        its key (sender and Message-ID, or digest): it counts once
 * @param subject    as replies show it, never with a password
 * @param accountId  its account, once known; else null
 * @param options    the account's mail options, once known; else null
 * @param released   when read again after it was held: its row, taken off the table when it is done
 * @param requests   one per recipient, for the accept route; empty when its fate is decided
 * @param heldUntil  when the account's cut-off holds its messages (MAIL-12); else null
 * @param replies    the mails to send back to its sender
 */
public record InboundMail(String key, String from, String subject, Long accountId, MailOptions options, Fate fate,
                          HeldMails.Held released, Instant receivedAt, List<ChannelRequest> requests, Instant heldUntil,
                          List<MailWatch.Outgoing> replies) {
    /** What becomes of the mail. */
    public enum Fate {
        /** Its requests go to the accept route; filed with the processed mails. */
        REQUESTS(false),
        /** Not a request the gateway could read: answered (if its account asks), filed with the failed mails. */
        UNREADABLE(true),
        /** Failed and unanswered (no sender, an automatic mail, no account): filed with the failed mails, no key kept. */
        SET_ASIDE(true),
        /** Its sender or account is blocked: kept with the held mails until the block is over, no key kept. */
        HELD(false),
        /** Processed before (a crash or a lost connection kept it from being filed): filed, not answered again. */
        DONE_BEFORE(false),
        /** Set aside before, and not filed then: filed with the failed mails now. */
        FAILED_BEFORE(true);

        private final boolean failed;

        Fate(boolean failed) {
            this.failed = failed;
        }
    }

    public InboundMail {
        requests = List.copyOf(requests);
        replies = List.copyOf(replies);
    }

    static InboundMail of(String key, String from, String subject, HeldMails.Held released, Instant receivedAt) {
        return new InboundMail(key, from, subject, null, null, Fate.REQUESTS, released, receivedAt, List.of(), null, List.of());
    }

    /** Filed with the failed mails: it was no request the gateway could take. */
    public boolean failed() {
        return fate.failed;
    }

    /** Whether its key is kept once it is done: a mail that was read, answered or not. */
    boolean counted() {
        return fate == Fate.REQUESTS || fate == Fate.UNREADABLE;
    }

    InboundMail with(Fate fate) {
        return new InboundMail(key, from, subject, accountId, options, fate, released, receivedAt, requests, heldUntil, replies);
    }

    InboundMail of(long account, MailOptions accountOptions) {
        return new InboundMail(key, from, subject, account, accountOptions, fate, released, receivedAt, requests, heldUntil, replies);
    }

    InboundMail shownAs(String shownSubject) {
        return new InboundMail(key, from, shownSubject, accountId, options, fate, released, receivedAt, requests, heldUntil, replies);
    }

    InboundMail asking(List<ChannelRequest> recipients, Instant cutOff) {
        return new InboundMail(key, from, subject, accountId, options, fate, released, receivedAt, recipients, cutOff, replies);
    }

    InboundMail replying(MailWatch.Outgoing reply) {
        List<MailWatch.Outgoing> all = new ArrayList<>(replies);
        all.add(reply);
        return new InboundMail(key, from, subject, accountId, options, fate, released, receivedAt, requests, heldUntil, all);
    }

    @Override
    public String toString() {
        return "mail " + key + " from " + from;
    }
}
