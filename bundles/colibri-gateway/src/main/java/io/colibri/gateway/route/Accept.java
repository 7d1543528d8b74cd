package io.colibri.gateway.route;

import io.colibri.domain.AccountOptions;
import io.colibri.domain.Code;
import io.colibri.domain.ConnectorChoice;
import io.colibri.domain.PhoneNumber;
import io.colibri.domain.SubmitChecks;
import io.colibri.domain.SubmitChecks.Request;
import io.colibri.domain.SubmitChecks.Verdict;
import io.colibri.gateway.account.Accounts;
import io.colibri.gateway.blacklist.Blacklist;
import io.colibri.gateway.message.Messages;
import io.colibri.gateway.store.Database;
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
    private final SubmitChecks.Rules rules;
    private final List<ConnectorChoice.Candidate> connectors;

    public Accept(Database db, Accounts accounts, Messages messages, Blacklist blacklist, SubmitChecks.Rules rules,
                  List<ConnectorChoice.Candidate> connectors) {
        this.db = db;
        this.accounts = accounts;
        this.messages = messages;
        this.blacklist = blacklist;
        this.rules = rules;
        this.connectors = List.copyOf(connectors);
    }

    /**
     * Checks and records the request in one database transaction (the login, blacklist and
     * duplicate lookups and the debit share it): one commit a request.
     */
    public Acceptance accept(Request request) {
        return db.tx(em -> decide(request));
    }

    private Acceptance decide(Request request) {
        AccountFacts facts = new AccountFacts(request);
        Verdict verdict = SubmitChecks.check(request, facts, rules);
        if (verdict.cancellation()) {
            boolean cancelled = messages.cancel(facts.accountId, verdict.number(), verdict.cancel().at());
            return Acceptance.refused(cancelled ? Code.DEFERRED_CANCELLED : Code.DEFERRED_NOT_CANCELLED);
        }
        if (!verdict.accepted()) {
            return Acceptance.refused(verdict.code());
        }
        String connector = connectorFor(verdict.number());
        AccountOptions options = verdict.options();
        Messages.Accepted accepted = messages.accept(new Messages.Draft(facts.accountId, verdict.number(), request.text(),
                verdict.parts(), verdict.credits(), connector, verdict.sendAt(), options.format().name(),
                (int) options.validity().toMinutes(), options.duplicateGuard()));
        // The balance or the recent messages may have moved since the checks: the locked recording decides.
        if (accepted.noCredit()) {
            return Acceptance.refused(Code.NOT_ENOUGH_CREDIT);
        }
        if (accepted.duplicate()) {
            return Acceptance.refused(Code.DUPLICATE);
        }
        // A scheduled message (deferred, landline hours) is queued by the schedule route when due.
        List<Long> queued = verdict.sendAt() == null ? List.of(accepted.id()) : List.of();
        return new Acceptance(verdict.code(), queued, connector);
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

        AccountFacts(Request request) {
            this.request = request;
        }

        @Override
        public boolean loginValid() {
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

        @Override
        public boolean blacklisted(PhoneNumber number) {
            return blacklist.contains(accountId, number);
        }

        @Override
        public boolean sentWithin24h(PhoneNumber number, String text) {
            return messages.sentWithin24h(accountId, number, text);
        }

        /** Read under the account's lock, held until the debit in the same transaction. */
        @Override
        public boolean creditCovers(int credits) {
            return accounts.lockedBalance(accountId) >= credits;
        }
    }
}
