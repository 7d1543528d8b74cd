package io.colibri.gateway.reply;

import io.colibri.domain.PhoneNumber;
import io.colibri.domain.ReplyKind;
import io.colibri.gateway.callback.Callbacks;
import io.colibri.gateway.message.Queries;
import io.colibri.gateway.store.ContactText;
import io.colibri.gateway.store.Database;
import io.colibri.gateway.store.Reply;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/**
 * Replies (MO) from phones (SMPP-3): each is matched to the account that last wrote to its sender
 * within the matching window, or kept aside; and the CONTACT text of each account, used only once
 * approved (OPT-15).
 */
public final class Replies {
    /** Longest reply kept: an MO is one part, a concatenated one a few. */
    static final int MAX_BODY = 2000;

    /** A reply as the reply routes see it. */
    public record Received(long id, Long accountId, Long messageId, String sender, String text, ReplyKind kind, boolean repeat) {
        /** The sender as logs show it. */
        public String masked() {
            return PhoneNumber.mask(sender);
        }
    }

    private final Database db;
    private final Queries messages;
    private final Callbacks callbacks;

    public Replies(Database db, Queries messages, Callbacks callbacks) {
        this.db = db;
        this.messages = messages;
        this.callbacks = callbacks;
    }

    /**
     * Records the reply, matched to the account that last wrote to the sender within the window. The same
     * {@code sourceKey} again (a redelivery) gives the reply recorded the first time, marked repeat.
     */
    public Received record(String sourceKey, String connector, String from, String to, String text, Instant now, Duration window) {
        return db.tx(em -> {
            Optional<Reply> seen = em.createQuery("select r from Reply r where r.sourceKey = :k", Reply.class)
                    .setParameter("k", sourceKey).getResultStream().findFirst();
            if (seen.isPresent()) {
                return view(seen.get(), true);
            }
            String sender = e164(from);
            String body = text == null ? "" : text.length() > MAX_BODY ? text.substring(0, MAX_BODY) : text;
            Optional<long[]> writer = messages.lastWriter(sender, OffsetDateTime.ofInstant(now.minus(window), ZoneOffset.UTC));
            Reply r = new Reply(sourceKey, writer.map(w -> w[0]).orElse(null), writer.map(w -> w[1]).orElse(null), connector, sender,
                    to, body, ReplyKind.of(body).name(), OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
            em.persist(r);
            em.flush();
            if (r.getAccountId() != null) {
                callbacks.replied(r.getAccountId(), r.getId(), r.getMessageId(), sender, body, now);
            }
            return view(r, false);
        });
    }

    /** The account's latest replies, newest first. */
    public List<Reply> latest(long accountId, int limit) {
        return db.tx(em -> em.createQuery("select r from Reply r where r.accountId = :a order by r.id desc", Reply.class)
                .setParameter("a", accountId).setMaxResults(limit).getResultList());
    }

    /** Replies that matched no account (kept aside), newest first. */
    public List<Reply> keptAside(int limit) {
        return db.tx(em -> em.createQuery("select r from Reply r where r.accountId is null order by r.id desc", Reply.class)
                .setMaxResults(limit).getResultList());
    }

    /** The CONTACT answer staff approved last, if any. */
    public Optional<String> contactText(long accountId) {
        return db.tx(em -> Optional.ofNullable(em.find(ContactText.class, accountId)).map(ContactText::getApproved));
    }

    /** The longest CONTACT answer a customer may propose. */
    public static final int MAX_CONTACT_TEXT = 1000;

    /**
     * A new CONTACT answer, used once approved; the approved one serves meanwhile.
     *
     * @throws IllegalArgumentException for an empty text or one over {@value #MAX_CONTACT_TEXT} characters
     */
    public void proposeContactText(long accountId, String raw) {
        String text = raw == null ? "" : raw.strip();
        if (text.isEmpty() || text.length() > MAX_CONTACT_TEXT) {
            throw new IllegalArgumentException("a contact text holds 1 to " + MAX_CONTACT_TEXT + " characters");
        }
        db.tx(em -> {
            ContactText c = em.find(ContactText.class, accountId);
            if (c == null) {
                c = new ContactText(accountId);
                em.persist(c);
            }
            c.propose(text, OffsetDateTime.now());
            return null;
        });
    }

    /** Staff approve the proposed text. @return the text now used, empty when nothing was pending */
    public Optional<String> approveContactText(long accountId) {
        return db.tx(em -> {
            ContactText c = em.find(ContactText.class, accountId);
            return c != null && c.approve(OffsetDateTime.now()) ? Optional.of(c.getApproved()) : Optional.<String>empty();
        });
    }

    /** A CONTACT answer waiting for an operator's approval. */
    public record PendingContactText(long accountId, String email, String pending, String approved, OffsetDateTime proposedAt) {
    }

    /** Every CONTACT answer waiting for approval, oldest proposal first (at most {@code limit}). */
    public java.util.List<PendingContactText> pendingContactTexts(int limit) {
        return db.tx(em -> em.createQuery("select c, a.email from ContactText c, Account a where a.id = c.accountId and c.pending is not null"
                        + " order by c.pendingAt", Object[].class).setMaxResults(limit).getResultStream()
                .map(r -> {
                    ContactText c = (ContactText) r[0];
                    return new PendingContactText(c.getAccountId(), (String) r[1], c.getPending(), c.getApproved(), c.getPendingAt());
                }).toList());
    }

    /** The pending text, if any. */
    public Optional<String> pendingContactText(long accountId) {
        return db.tx(em -> Optional.ofNullable(em.find(ContactText.class, accountId)).map(ContactText::getPending));
    }

    /**
     * The sender as stored: SMSCs give the international number without "+" (33612345678), some a
     * national one (0612345678); anything else is kept as given.
     */
    static String e164(String from) {
        String digits = from == null ? "" : from.strip();
        Optional<PhoneNumber> n = digits.startsWith("0") || digits.startsWith("+") ? PhoneNumber.parse(digits)
                : PhoneNumber.parse("+" + digits);
        return n.map(PhoneNumber::e164).orElse(digits);
    }

    private static Received view(Reply r, boolean repeat) {
        return new Received(r.getId(), r.getAccountId(), r.getMessageId(), r.getSender(), r.getBody(), ReplyKind.valueOf(r.getKind()),
                repeat);
    }
}
