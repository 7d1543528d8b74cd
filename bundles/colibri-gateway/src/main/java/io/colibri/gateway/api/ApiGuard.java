package io.colibri.gateway.api;

import io.colibri.domain.ApiKey;
import io.colibri.domain.Code;
import io.colibri.domain.RequestRate;
import io.colibri.gateway.account.Accounts;
import io.colibri.gateway.account.ApiKeys;
import io.colibri.gateway.http.Callers;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.http.common.HttpMessage;

/**
 * Who may call: the account of the request's {@code Authorization: Bearer} key, when the key is
 * an account's (an operator's key opens /api/v1/admin only), the caller's address passes the
 * account's allowed-ips option (HTTP-8, 96) and the key's rate is not spent (429 with
 * {@code Retry-After}, etc/io.colibri.api.cfg). Bean {@code apiGuard} of routes/api/: the first
 * step of every operation but the document's.
 */
public final class ApiGuard {
    /** The exchange property holding the authenticated account's id. */
    public static final String ACCOUNT = "colibriApiAccount";

    private final ApiKeys keys;
    private final Accounts accounts;
    private final Callers callers;
    private final Clock clock;
    private final double perSecond;
    private final int burst;
    private final ConcurrentMap<Long, RequestRate> rates = new ConcurrentHashMap<>();

    public ApiGuard(ApiKeys keys, Accounts accounts, Callers callers, Clock clock, double perSecond, int burst) {
        this.keys = keys;
        this.accounts = accounts;
        this.callers = callers;
        this.clock = clock;
        this.perSecond = perSecond;
        this.burst = burst;
        new RequestRate(perSecond, burst, clock.instant()); // refuses a nonsense configuration at once
    }

    /** Lets the call through for its account (the property {@link #ACCOUNT}), or throws the {@link ApiProblem} that says why not. */
    public void account(Exchange exchange) {
        Message in = exchange.getIn();
        Optional<String> key = ApiKey.fromAuthorization(in.getHeader("Authorization", String.class));
        if (key.isEmpty()) {
            throw ApiProblem.unauthorized("send the account's API key as 'Authorization: Bearer <key>'");
        }
        ApiKeys.Holder holder = keys.holder(key.get())
                .orElseThrow(() -> ApiProblem.unauthorized("this API key is unknown or revoked"));
        if (holder.isOperator()) {
            throw ApiProblem.forbidden(null, "an operator's key opens /api/v1/admin only; use an account's key here");
        }
        HttpServletRequest http = in instanceof HttpMessage hm ? hm.getRequest()
                : in.getHeader(Exchange.HTTP_SERVLET_REQUEST, HttpServletRequest.class);
        String caller = callers.of(http);
        io.colibri.domain.AccountOptions options = accounts.options(holder.accountId());
        if (!options.allows(io.colibri.domain.Channel.API)) {
            throw ApiProblem.forbidden(null, "this account may not use the API: it is disabled, or its channels option leaves the API out");
        }
        if (!options.ipAllowed(caller)) {
            throw ApiProblem.forbidden(Code.IP_NOT_ALLOWED, "the account's allowed-ips option does not allow " + caller);
        }
        rate(holder);
        exchange.setProperty(ACCOUNT, holder.accountId());
    }

    /** The exchange property holding the operator's name, for /api/v1/admin. */
    public static final String OPERATOR = "colibriApiOperator";

    /** Lets an operator's key through to /api/v1/admin (rate-limited like any key); an account's key is refused. */
    public void operator(Exchange exchange) {
        Optional<String> key = ApiKey.fromAuthorization(exchange.getIn().getHeader("Authorization", String.class));
        if (key.isEmpty()) {
            throw ApiProblem.unauthorized("send an operator's API key as 'Authorization: Bearer <key>'");
        }
        ApiKeys.Holder holder = keys.holder(key.get())
                .orElseThrow(() -> ApiProblem.unauthorized("this API key is unknown or revoked"));
        if (!holder.isOperator()) {
            throw ApiProblem.forbidden(null, "/api/v1/admin needs an operator's key (colibri:apikey-create --operator NAME)");
        }
        rate(holder);
        exchange.setProperty(OPERATOR, holder.operator());
    }

    private void rate(ApiKeys.Holder holder) {
        long wait = rates.computeIfAbsent(holder.keyId(), id -> new RequestRate(perSecond, burst, clock.instant())).take(clock.instant());
        if (wait > 0) {
            throw ApiProblem.tooMany(wait);
        }
    }

    /** The account {@link #account} let through. */
    static long accountOf(Exchange exchange) {
        Long id = exchange.getProperty(ACCOUNT, Long.class);
        if (id == null) {
            throw new IllegalStateException("an operation of the API ran without apiGuard.account before it");
        }
        return id;
    }
}
