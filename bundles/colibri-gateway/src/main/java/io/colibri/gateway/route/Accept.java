package io.colibri.gateway.route;

import io.colibri.domain.Code;
import io.colibri.domain.SubmitChecks;
import io.colibri.domain.SubmitChecks.Request;
import io.colibri.domain.SubmitChecks.Verdict;
import io.colibri.gateway.account.Accounts;
import io.colibri.gateway.message.Messages;
import java.util.List;
import java.util.Optional;
import org.apache.camel.Exchange;

/**
 * The one place where a request from any channel becomes a debited message for a connector, or
 * a refusal with its legacy code. Bean of the {@code accept} route.
 */
public final class Accept {
    /** Connector for French mobiles; other classes get theirs with their options. */
    static final String MOBILE = "mobile";

    private final Accounts accounts;
    private final Messages messages;

    public Accept(Accounts accounts, Messages messages) {
        this.accounts = accounts;
        this.messages = messages;
    }

    public Acceptance accept(Request request) {
        AccountFacts facts = new AccountFacts(request);
        Verdict verdict = SubmitChecks.check(request, facts);
        if (!verdict.accepted()) {
            return Acceptance.refused(verdict.code());
        }
        Optional<Long> id = messages.accept(facts.accountId, verdict.number(), request.text(), verdict.parts(),
                verdict.credits(), MOBILE);
        // The balance may have moved between the check and the debit: the debit decides.
        return id.map(m -> new Acceptance(Code.ACCEPTED, List.of(m), MOBILE))
                .orElseGet(() -> Acceptance.refused(Code.NOT_ENOUGH_CREDIT));
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
        private long balance;

        AccountFacts(Request request) {
            this.request = request;
        }

        @Override
        public boolean loginValid() {
            Optional<Accounts.Login> login = accounts.authenticate(request.email(), request.password());
            login.ifPresent(l -> {
                accountId = l.accountId();
                balance = l.balance();
            });
            return login.isPresent();
        }

        /** The balance read at login; the debit checks it again under the account's lock. */
        @Override
        public boolean creditCovers(int credits) {
            return balance >= credits;
        }
    }
}
