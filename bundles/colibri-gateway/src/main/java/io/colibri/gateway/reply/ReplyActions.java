package io.colibri.gateway.reply;

import io.colibri.domain.PhoneNumber;
import io.colibri.domain.ReplyOptions;
import io.colibri.domain.ReplyRule;
import io.colibri.domain.RequestKeys;
import io.colibri.gateway.account.Accounts;
import io.colibri.gateway.blacklist.Blacklist;
import io.colibri.gateway.contact.Groups;
import io.colibri.gateway.mail.MailWatch;
import io.colibri.gateway.message.Cancellations;
import io.colibri.gateway.accept.Accept;
import io.colibri.gateway.accept.ChannelRequest;
import io.colibri.gateway.store.Database;
import io.colibri.gateway.store.RequestKey;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bean of the reply routes (routes/replies/): records a reply, then what each
 * rule does with it. Every answer it sends goes through the accept route as a
 * {@link ChannelRequest} keyed by the reply and the rule, so a reply the broker delivers twice is
 * answered once; the STOP is one transaction of its own, keyed the same way.
 */
public final class ReplyActions {
    private static final Logger LOG = LoggerFactory.getLogger(ReplyActions.class);

    private final Database db;
    private final Replies replies;
    private final Accounts accounts;
    private final Blacklist blacklist;
    private final Cancellations messages;
    private final Accept accept;
    private final ReplyRules rules;
    private final Groups groups;
    private final Clock clock;
    private final Duration window;

    /** @param window how far back a reply's sender is looked for among the numbers written to (SMPP-3) */
    public ReplyActions(Database db, Replies replies, ReplyRules rules, Groups groups, Accounts accounts, Blacklist blacklist,
                        Cancellations messages, Accept accept, Clock clock, Duration window) {
        this.window = window;
        this.db = db;
        this.replies = replies;
        this.rules = rules;
        this.groups = groups;
        this.accounts = accounts;
        this.blacklist = blacklist;
        this.messages = messages;
        this.accept = accept;
        this.clock = clock;
    }

    /** The MO as the connector's route put it on colibri.replies: its text, and who sent it to which number. */
    public Replies.Received record(Exchange exchange) {
        Message in = exchange.getIn();
        // Its first broker id, also when an operator sent it back from the dead letters (a new id then).
        String key = in.getHeader(io.colibri.gateway.broker.DeadLetters.ORIGINAL_ID, in.getHeader("JMSMessageID", String.class), String.class);
        String connector = in.getHeader("colibriConnector", String.class);
        Replies.Received r = replies.record(key == null ? exchange.getExchangeId() : key, connector == null ? "?" : connector,
                in.getHeader("colibriFrom", String.class), in.getHeader("colibriTo", String.class), in.getBody(String.class),
                clock.instant(), window);
        if (r.accountId() == null) {
            LOG.info("reply {} from {} matches no account: kept aside", r.id(), r.masked());
        } else {
            LOG.info("reply {} from {} for account {}: {}{}", r.id(), r.masked(), r.accountId(), r.kind(), r.repeat() ? " (again)" : "");
        }
        return r;
    }

    /**
     * OPT-14, at once and in one transaction: the number goes on the account's blacklist, every
     * message of the account to it that has not left is cancelled and refunded, and the
     * confirmation (the account's text, free) is recorded to leave.
     */
    public void stop(Replies.Received r) {
        String key = RequestKeys.reply(r.id(), "stop");
        PhoneNumber number = PhoneNumber.parse(r.sender()).orElse(null);
        if (number == null) {
            LOG.warn("reply {}: STOP from {}, not a number the gateway can write to", r.id(), r.masked());
            return;
        }
        db.tx(em -> {
            if (em.find(RequestKey.class, key) != null) {
                return null;
            }
            blacklist.add(r.accountId(), number, "STOP (reply " + r.id() + ")");
            int cancelled = messages.cancelPending(r.accountId(), number, "STOP from the recipient");
            long confirmation = accept.system(r.accountId(), number, options(r).stopText());
            em.persist(RequestKey.stop(key, r.accountId(), OffsetDateTime.now()));
            LOG.info("reply {}: {} blacklisted for account {}, {} pending message(s) cancelled, confirmation message {}", r.id(),
                    r.masked(), r.accountId(), cancelled, confirmation);
            return null;
        });
    }

    /** OPT-15: the approved contact text, debited; nothing when none was ever approved. */
    public ChannelRequest contact(Replies.Received r) {
        Optional<String> text = replies.contactText(r.accountId());
        if (text.isEmpty()) {
            LOG.info("reply {}: CONTACT, but the account has no approved contact text", r.id());
            return null;
        }
        return answer(r, r.sender(), text.get(), "contact");
    }

    /** What the account's criteria rules did with a reply: whether one matched, and its answer to send (null for none). */
    public record RuleOutcome(boolean matched, ChannelRequest answer) {
    }

    /**
     * OPT-16: the first of the account's rules the reply matches moves the sender's contact into
     * its group (out of the account's other groups) and gives its answer, debited.
     */
    public RuleOutcome rule(Replies.Received r) {
        Optional<ReplyRule> rule = rules.first(r.accountId(), r.text());
        if (rule.isEmpty()) {
            return new RuleOutcome(false, null);
        }
        ReplyRule matched = rule.get();
        if (!matched.group().isEmpty()) {
            PhoneNumber.parse(r.sender()).ifPresent(n -> {
                int left = groups.moveTo(r.accountId(), matched.group(), n);
                LOG.info("reply {}: rule {} moved {} into group {} (out of {} other group(s))", r.id(), matched.describe(), r.masked(),
                        matched.group(), left);
            });
        }
        return new RuleOutcome(true, matched.answer().isEmpty() ? null : answer(r, r.sender(), matched.answer(), "rule"));
    }

    /** OPT-13: the account's acknowledgement, debited when the credit allows; nothing when it has none. */
    public ChannelRequest acknowledge(Replies.Received r) {
        String text = options(r).ackText();
        return text.isEmpty() ? null : answer(r, r.sender(), text, "ack");
    }

    /** OPT-12: the reply forwarded to the account's address, free; nothing when switched off. */
    public MailWatch.Outgoing forwardByMail(Replies.Received r) {
        if (!options(r).forwardEmail() || r.repeat()) {
            return null;
        }
        String number = r.sender();
        return new MailWatch.Outgoing(accounts.email(r.accountId()), "Réponse SMS / SMS reply: " + number,
                "Réponse de " + number + " / Reply from " + number + " (" + r.kind() + ") :\n\n" + r.text() + "\n\n-- \nColibri\n");
    }

    /** OPT-12: the reply forwarded to the account's mobile, 1 credit like any SMS; nothing when none is set. */
    public ChannelRequest forwardBySms(Replies.Received r) {
        String mobile = options(r).forwardMobile();
        return mobile.isEmpty() ? null : answer(r, mobile, "Réponse de " + r.sender() + " : " + r.text(), "forward");
    }

    private ChannelRequest answer(Replies.Received r, String to, String text, String rule) {
        return ChannelRequest.of(r.accountId(), accounts.email(r.accountId()), to, text, null, RequestKeys.reply(r.id(), rule));
    }

    private ReplyOptions options(Replies.Received r) {
        return accounts.options(r.accountId()).replies();
    }
}
