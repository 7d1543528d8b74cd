package io.colibri.gateway.route;

import io.colibri.domain.AccountOptions;
import io.colibri.domain.Code;
import io.colibri.domain.ConnectorChoice;
import io.colibri.domain.PartCount;
import io.colibri.domain.PhoneNumber;
import io.colibri.domain.SubmitChecks;
import io.colibri.domain.SubmitChecks.Request;
import io.colibri.domain.SubmitChecks.Verdict;
import io.colibri.gateway.account.Accounts;
import io.colibri.gateway.blacklist.Blacklist;
import io.colibri.gateway.contact.Groups;
import io.colibri.gateway.message.Messages;
import io.colibri.gateway.message.RecentSends;
import io.colibri.gateway.store.Database;
import io.colibri.gateway.store.RequestKey;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.camel.Exchange;

/**
 * The one place where a request from any channel becomes a debited message for a connector, or
 * a refusal with its legacy code (every rule of {@link SubmitChecks}). Bean of the {@code accept} route.
 */
public final class Accept {
    private final Database db;
    private final Accounts accounts;
    private final Messages messages;
    private final Blacklist blacklist;
    private final Groups groups;
    private final SubmitChecks.Rules rules;
    private final List<ConnectorChoice.Candidate> connectors;

    public Accept(Database db, Accounts accounts, Messages messages, Blacklist blacklist, Groups groups, SubmitChecks.Rules rules,
                  List<ConnectorChoice.Candidate> connectors) {
        this.db = db;
        this.accounts = accounts;
        this.messages = messages;
        this.blacklist = blacklist;
        this.groups = groups;
        this.rules = rules;
        this.connectors = List.copyOf(connectors);
    }

    /**
     * Checks and records the request in one database transaction (the login, blacklist and
     * duplicate lookups and the debit share it): one commit a request.
     */
    public Acceptance accept(Request request) {
        return db.tx(em -> decide(request, null, false));
    }

    /**
     * A request whose channel authenticated the account, counted once by its key: a second call
     * with the same key answers the first one's code and records nothing.
     */
    public Acceptance accept(ChannelRequest request) {
        return db.tx(em -> {
            RequestKey seen = em.find(RequestKey.class, request.key());
            if (seen != null) {
                return Acceptance.refused(Code.of(seen.getCode()));
            }
            Acceptance acceptance = decide(request.request(), request.accountId(), true);
            em.persist(new RequestKey(request.key(), request.accountId(), acceptance.code().value(), OffsetDateTime.now()));
            return acceptance;
        });
    }

    /**
     * @param authenticated the account, when the channel authenticated it; null to check the login
     * @param hold          record every message as due (SCHEDULED) for the schedule route to queue
     */
    private Acceptance decide(Request request, Long authenticated, boolean hold) {
        AccountFacts facts = new AccountFacts(request, authenticated);
        Verdict verdict = SubmitChecks.check(request, facts, rules);
        if (verdict.cancellation()) {
            boolean cancelled = false;
            for (PhoneNumber number : verdict.isBulk()
                    ? verdict.bulk().stream().map(SubmitChecks.Planned::number).toList() : List.of(verdict.number())) {
                cancelled |= messages.cancel(facts.accountId, number, verdict.cancel().at());
            }
            return Acceptance.refused(cancelled ? Code.DEFERRED_CANCELLED : Code.DEFERRED_NOT_CANCELLED);
        }
        if (!verdict.accepted()) {
            return Acceptance.refused(verdict.code());
        }
        if (verdict.isBulk()) {
            return recordBulk(facts.accountId, verdict);
        }
        String connector = connectorFor(verdict.number());
        AccountOptions options = verdict.options();
        Instant sendAt = verdict.sendAt() == null && hold ? rules.clock().instant() : verdict.sendAt();
        Messages.Accepted accepted = messages.accept(new Messages.Draft(facts.accountId, verdict.number(), request.text(),
                verdict.parts(), verdict.credits(), connector, sendAt, options.format().name(),
                (int) options.validity().toMinutes(), options.duplicateGuard()));
        // The balance or the recent messages may have moved since the checks: the locked recording decides.
        if (accepted.noCredit()) {
            return Acceptance.refused(Code.NOT_ENOUGH_CREDIT);
        }
        if (accepted.duplicate()) {
            return Acceptance.refused(Code.DUPLICATE);
        }
        // A scheduled message (deferred, landline hours) is queued by the schedule route when due.
        List<Long> queued = sendAt == null ? List.of(accepted.id()) : List.of();
        return new Acceptance(verdict.code(), queued, connector, List.of(accepted.id()));
    }

    /**
     * A bulk's members, each sent at its time (now, its deferred date, or 08:00 for a landline at
     * night) by the schedule route, or recorded FAILED with the code a single send would get.
     */
    private Acceptance recordBulk(long accountId, SubmitChecks.Verdict verdict) {
        Instant now = rules.clock().instant();
        List<Messages.BulkDraft> drafts = new ArrayList<>(verdict.bulk().size());
        for (SubmitChecks.Planned p : verdict.bulk()) {
            drafts.add(new Messages.BulkDraft(p.number(), p.text(), p.parts(), p.credits(), connectorFor(p.number()),
                    p.sendAt() == null ? now : p.sendAt(),
                    p.sendable() ? null : "not sent: " + why(p.refusal())));
        }
        AccountOptions options = verdict.options();
        Optional<List<Long>> ids = messages.acceptBulk(accountId, drafts, options.format().name(), (int) options.validity().toMinutes());
        if (ids.isEmpty()) {
            return Acceptance.refused(Code.NOT_ENOUGH_CREDIT);
        }
        return new Acceptance(verdict.code(), List.of(), null, ids.get());
    }

    /**
     * A message the gateway sends for the account past the checks, free: the STOP confirmation
     * (OPT-14), which must reach the number the STOP has just blacklisted. Recorded due now, in
     * the caller's transaction; the schedule route queues it.
     */
    public long system(long accountId, PhoneNumber to, String text) {
        AccountOptions options = accounts.options(accountId);
        PartCount parts = PartCount.of(text, rules.charset().apply(to));
        Messages.Accepted accepted = messages.accept(new Messages.Draft(accountId, to, text, parts, 0, connectorFor(to),
                rules.clock().instant(), options.format().name(), (int) options.validity().toMinutes(), false));
        return accepted.id();
    }

    /** The reason recorded for a member of a bulk that is not sent: what a single send would answer. */
    public static String why(Code code) {
        String text = switch (code) {
            case INVALID_NUMBER -> "the account has no option for this kind of number";
            case DOM_TOM_NOT_ALLOWED -> "the account has no DOM-TOM option";
            case EMPTY_MESSAGE -> "the text is empty once merged";
            case DUPLICATE -> "the same text went to this number in the last 24 hours";
            default -> code.name();
        };
        return text + " (" + code.value() + ")";
    }

    private String connectorFor(PhoneNumber number) {
        return ConnectorChoice.choose(number, connectors);
    }

    /**
     * The accepted messages could not be queued: each is failed and refunded (once), so a message
     * is never left debited and unsent. One that did reach the queue is then skipped by the
     * outbound route, since only ACCEPTED messages are submitted.
     */
    public void abandon(Exchange exchange) {
        Acceptance acceptance = exchange.getProperty("acceptance", Acceptance.class);
        if (acceptance == null) {
            return;
        }
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        for (long id : acceptance.messageIds()) {
            messages.failed(id, "not queued: " + (cause == null ? "unknown" : cause.getClass().getSimpleName()));
        }
    }

    private final class AccountFacts implements SubmitChecks.Facts {
        private final Request request;
        private long accountId;
        private AccountOptions options;

        AccountFacts(Request request, Long authenticated) {
            this.request = request;
            if (authenticated != null) {
                accountId = authenticated;
                options = accounts.options(authenticated);
            }
        }

        @Override
        public boolean loginValid() {
            if (options != null) {
                return true;
            }
            Optional<Accounts.Login> login = accounts.authenticate(request.email(), request.password());
            login.ifPresent(l -> {
                accountId = l.accountId();
                options = l.options();
            });
            return login.isPresent();
        }

        @Override
        public AccountOptions options() {
            return options;
        }

        /** Set for a bulk: the account's blacklist and recent messages, read once for the whole group. */
        private RecentSends bulk;

        @Override
        public boolean blacklisted(PhoneNumber number) {
            return bulk != null ? bulk.blacklisted(number) : blacklist.contains(accountId, number);
        }

        @Override
        public boolean sentWithin24h(PhoneNumber number, String text) {
            return bulk != null ? bulk.sentWithin24h(number, text) : messages.sentWithin24h(accountId, number, text);
        }

        /**
         * The group's members. The account is locked first: a bulk is checked against its
         * blacklist, recent messages and balance as they stand until it is recorded.
         */
        @Override
        public Optional<List<SubmitChecks.Recipient>> group(String name) {
            Optional<List<Groups.Member>> members = groups.members(accountId, name);
            if (members.isEmpty()) {
                return Optional.empty();
            }
            accounts.lockedBalance(accountId);
            bulk = new RecentSends(accountId, blacklist, messages);
            List<SubmitChecks.Recipient> recipients = new ArrayList<>(members.get().size());
            for (Groups.Member m : members.get()) {
                PhoneNumber.parse(m.number()).ifPresent(n -> recipients.add(new SubmitChecks.Recipient(n, m.v1(), m.v2(), m.v3())));
            }
            return Optional.of(recipients);
        }

        /** Read under the account's lock, held until the debit in the same transaction. */
        @Override
        public boolean creditCovers(int credits) {
            return accounts.lockedBalance(accountId) >= credits;
        }
    }
}
