package io.colibri.gateway.api;

import io.colibri.domain.ApiKey;
import io.colibri.domain.Code;
import io.colibri.domain.RequestRate;
import io.colibri.gateway.account.Accounts;
import io.colibri.gateway.account.ApiKeys;
import io.colibri.gateway.account.Sessions;
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
 * Who may call: the account of the request's {@code Authorization: Bearer} key, or of the console
 * session its cookie carries (then every change must carry the session's CSRF token), when it is
 * an account's (an operator's opens /api/v1/admin only), the caller's address passes the
 * account's allowed-ips option (HTTP-8, 96) and the key's rate is not spent (429 with
 * {@code Retry-After}, etc/io.colibri.api.cfg). Bean {@code apiGuard} of routes/api/: the first
 * step of every operation but the document's.
 */
public final class ApiGuard {
    /** The exchange property holding the authenticated account's id. */
    public static final String ACCOUNT = "colibriApiAccount";

    private final ApiKeys keys;
    private final Sessions sessions;
    private final Accounts accounts;
    private final Callers callers;
    private final Clock clock;
    private final double perSecond;
    private final int burst;
    private final ConcurrentMap<Long, RequestRate> rates = new ConcurrentHashMap<>();

    public ApiGuard(ApiKeys keys, Sessions sessions, Accounts accounts, Callers callers, Clock clock, double perSecond, int burst) {
        this.keys = keys;
        this.sessions = sessions;
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
        Caller who = caller(exchange, "send the account's API key as 'Authorization: Bearer <key>', or log in (POST /api/v1/session)");
        if (who.operator() != null) {
            throw ApiProblem.forbidden(null, "an operator's key opens /api/v1/admin only; use an account's key here");
        }
        HttpServletRequest http = in instanceof HttpMessage hm ? hm.getRequest()
                : in.getHeader(Exchange.HTTP_SERVLET_REQUEST, HttpServletRequest.class);
        String caller = callers.of(http);
        io.colibri.domain.AccountOptions options = accounts.options(who.accountId());
        if (!options.allows(io.colibri.domain.Channel.API)) {
            throw ApiProblem.forbidden(null, "this account may not use the API: it is disabled, or its channels option leaves the API out");
        }
        if (!options.ipAllowed(caller)) {
            throw ApiProblem.forbidden(Code.IP_NOT_ALLOWED, "the account's allowed-ips option does not allow " + caller);
        }
        rate(who.rateKey());
        exchange.setProperty(ACCOUNT, who.accountId());
    }

    /** The exchange property holding the operator's name, for /api/v1/admin. */
    public static final String OPERATOR = "colibriApiOperator";

    /** Lets an operator's key, or a session an operator's key opened, through to /api/v1/admin (rate-limited like any key); an account's is refused. */
    public void operator(Exchange exchange) {
        Caller who = caller(exchange, "send an operator's API key as 'Authorization: Bearer <key>', or log in with it (POST /api/v1/session)");
        if (who.operator() == null) {
            throw ApiProblem.forbidden(null, "/api/v1/admin needs an operator's key (colibri:apikey-create --operator NAME)");
        }
        rate(who.rateKey());
        exchange.setProperty(OPERATOR, who.operator());
    }

    /**
     * Lets a console session through (the property {@link #SESSION}), an account's or an
     * operator's; a key is not a session. For GET and DELETE of /api/v1/session.
     */
    public void session(Exchange exchange) {
        if (exchange.getIn().getHeader("Authorization") != null) {
            throw ApiProblem.badRequest("/api/v1/session is the console's: an API key needs no session");
        }
        caller(exchange, "no session: log in (POST /api/v1/session)");
    }

    /** The cookie that carries a console session (HttpOnly, SameSite=Strict). */
    public static final String COOKIE = "colibri_session";
    /** The header a session's change carries its CSRF token in. */
    public static final String CSRF_HEADER = "X-CSRF-Token";
    /** The exchange property holding the console session, when the call came with one. */
    public static final String SESSION = "colibriApiSession";

    /** Who calls: by key when the request has an Authorization header, else by session cookie. */
    private record Caller(Long accountId, String operator, long rateKey) {
    }

    private Caller caller(Exchange exchange, String nobody) {
        Message in = exchange.getIn();
        String authorization = in.getHeader("Authorization", String.class);
        if (authorization != null) {
            Optional<String> key = ApiKey.fromAuthorization(authorization);
            if (key.isEmpty()) {
                throw ApiProblem.unauthorized(nobody);
            }
            ApiKeys.Holder holder = keys.holder(key.get())
                    .orElseThrow(() -> ApiProblem.unauthorized("this API key is unknown or revoked"));
            return new Caller(holder.accountId(), holder.operator(), holder.keyId());
        }
        String token = cookie(in);
        if (token == null) {
            throw ApiProblem.unauthorized(nobody);
        }
        Sessions.Session session = sessions.find(token)
                .orElseThrow(() -> ApiProblem.unauthorized("the session is over (logged out, expired or its key revoked): log in again"));
        String method = in.getHeader(Exchange.HTTP_METHOD, String.class);
        if (!("GET".equals(method) || "HEAD".equals(method)) && !session.csrf(in.getHeader(CSRF_HEADER, String.class))) {
            throw ApiProblem.forbidden(null, "a change made with a session needs its CSRF token in the " + CSRF_HEADER + " header");
        }
        exchange.setProperty(SESSION, session);
        return new Caller(session.accountId(), session.operator(), -session.id());
    }

    /** The session cookie's value, if the request has one. */
    static String cookie(Message in) {
        HttpServletRequest http = in instanceof HttpMessage hm ? hm.getRequest()
                : in.getHeader(Exchange.HTTP_SERVLET_REQUEST, HttpServletRequest.class);
        if (http != null && http.getCookies() != null) {
            for (jakarta.servlet.http.Cookie c : http.getCookies()) {
                if (COOKIE.equals(c.getName())) {
                    return c.getValue();
                }
            }
            return null;
        }
        String header = in.getHeader("Cookie", String.class);
        if (header == null) {
            return null;
        }
        for (String part : header.split(";")) {
            String p = part.strip();
            if (p.startsWith(COOKIE + "=")) {
                return p.substring(COOKIE.length() + 1);
            }
        }
        return null;
    }

    private void rate(long rateKey) {
        long wait = rates.computeIfAbsent(rateKey, id -> new RequestRate(perSecond, burst, clock.instant())).take(clock.instant());
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
