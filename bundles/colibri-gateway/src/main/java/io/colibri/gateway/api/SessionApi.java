package io.colibri.gateway.api;

import io.colibri.domain.ApiKey;
import io.colibri.domain.FailedPasswords;
import io.colibri.domain.PasswordRule;
import io.colibri.gateway.account.Accounts;
import io.colibri.gateway.account.ApiKeys;
import io.colibri.gateway.account.PasswordResets;
import io.colibri.gateway.account.Sessions;
import io.colibri.gateway.http.Callers;
import io.colibri.gateway.mail.MailWatch;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.http.common.HttpMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's way in (issue 16), as API operations any client may use: a session opened by an
 * account's e-mail and password or by an API key (how an operator logs in), its cookie HttpOnly and
 * SameSite=Strict, its CSRF token in the answer; logout; a new password chosen; a forgotten one
 * reset through a link mailed to the account. Wrong passwords are counted per caller address and
 * per account: beyond the limits of etc/io.colibri.api.cfg, logins are refused (429) unchecked for
 * a while. Bean {@code apiSession} of routes/api/session.yaml.
 */
public final class SessionApi {
    private static final Logger LOG = LoggerFactory.getLogger(SessionApi.class);

    /** How logins are limited and sessions kept (etc/io.colibri.api.cfg, session.* and login.*). */
    public record Settings(int maxFailuresPerAccount, int maxFailuresPerAddress, Duration block, boolean secureCookie,
                           String resetUrl) {
    }

    public record Login(String email, String password, String apiKey) {
    }

    public record SessionView(Long accountId, String email, String operator, String csrfToken, String expiresAt) {
    }

    public record NewPassword(String current, String password) {
    }

    public record ResetRequest(String email) {
    }

    public record ResetConfirm(String token, String password) {
    }

    public record Asked(String detail) {
    }

    private final Sessions sessions;
    private final PasswordResets resets;
    private final Accounts accounts;
    private final ApiKeys keys;
    private final Callers callers;
    private final ApiAnswers answers;
    private final Consumer<MailWatch.Outgoing> mailer;
    private final Clock clock;
    private final Settings settings;
    private final FailedPasswords perAccount;
    private final FailedPasswords perAddress;
    private final FailedPasswords resetsAsked;

    public SessionApi(Sessions sessions, PasswordResets resets, Accounts accounts, ApiKeys keys, Callers callers, ApiAnswers answers,
                      Consumer<MailWatch.Outgoing> mailer, Clock clock, Settings settings) {
        this.sessions = sessions;
        this.resets = resets;
        this.accounts = accounts;
        this.keys = keys;
        this.callers = callers;
        this.answers = answers;
        this.mailer = mailer;
        this.clock = clock;
        this.settings = settings;
        this.perAccount = new FailedPasswords(settings.maxFailuresPerAccount(), settings.block());
        this.perAddress = new FailedPasswords(settings.maxFailuresPerAddress(), settings.block());
        // Reset mails: three an hour per address asked for, so that nobody can flood a mailbox.
        this.resetsAsked = new FailedPasswords(3, Duration.ofHours(1));
    }

    /** {@code POST /session}: e-mail and password, or an API key (an operator's opens the operator's pages). */
    public ApiAnswer login(Exchange exchange) {
        Login request = ApiJson.read(answers.body(exchange), Login.class);
        String address = callers.of(servlet(exchange.getIn()));
        Instant now = clock.instant();
        if (request.apiKey() != null) {
            if (perAddress.blocked(address, now)) {
                throw ApiProblem.locked(settings.block().toSeconds());
            }
            Optional<ApiKeys.Holder> holder = ApiKey.wellFormed(request.apiKey()) ? keys.holder(request.apiKey()) : Optional.empty();
            if (holder.isEmpty()) {
                failed(address, null, now);
                throw ApiProblem.unauthorized("this API key is unknown or revoked");
            }
            if (!holder.get().isOperator()) {
                allowed(holder.get().accountId(), address);
            }
            return opened(sessions.openForKey(holder.get()), holder.get().isOperator() ? null : accounts.email(holder.get().accountId()),
                    holder.get().operator());
        }
        if (request.email() == null || request.password() == null || request.email().length() > 254 || request.password().length() > 200) {
            throw ApiProblem.badRequest("send 'email' and 'password', or 'apiKey'");
        }
        String email = request.email().strip().toLowerCase(java.util.Locale.ROOT);
        if (perAddress.blocked(address, now) || perAccount.blocked(email, now)) {
            throw ApiProblem.locked(settings.block().toSeconds());
        }
        Optional<Accounts.Login> login = accounts.authenticate(email, request.password());
        if (login.isEmpty()) {
            failed(address, email, now);
            throw ApiProblem.unauthorized("wrong e-mail address or password");
        }
        allowed(login.get().accountId(), address);
        return opened(sessions.openForAccount(login.get().accountId()), email, null);
    }

    private void failed(String address, String email, Instant now) {
        boolean byAddress = perAddress.failed(address, now);
        boolean byAccount = email != null && perAccount.failed(email, now);
        if (byAddress || byAccount) {
            LOG.warn("console logins refused for {} min: too many wrong passwords {}", settings.block().toMinutes(),
                    byAccount ? "for one account" : "from " + address);
        }
    }

    private void allowed(long accountId, String address) {
        io.colibri.domain.AccountOptions options = accounts.options(accountId);
        if (!options.allows(io.colibri.domain.Channel.API)) {
            throw ApiProblem.forbidden(null, "this account may not log in: it is disabled, or its channels option leaves the API out");
        }
        if (!options.ipAllowed(address)) {
            throw ApiProblem.forbidden(io.colibri.domain.Code.IP_NOT_ALLOWED, "the account's allowed-ips option does not allow " + address);
        }
    }

    private ApiAnswer opened(Sessions.Opened opened, String email, String operator) {
        Sessions.Session s = opened.session();
        return new ApiAnswer(201, view(s, email), cookie(opened.token(), sessions.lifetime().toSeconds()));
    }

    private SessionView view(Sessions.Session s, String email) {
        return new SessionView(s.accountId(), email, s.operator(), s.csrfToken(), ApiJson.time(s.expiresAt()));
    }

    private String cookie(String value, long maxAge) {
        return ApiGuard.COOKIE + "=" + value + "; Path=/; Max-Age=" + maxAge + "; HttpOnly; SameSite=Strict"
                + (settings.secureCookie() ? "; Secure" : "");
    }

    /** {@code GET /session}: who the session speaks for, and its CSRF token (a reloaded page asks for it). */
    public ApiAnswer current(Exchange exchange) {
        Sessions.Session s = exchange.getProperty(ApiGuard.SESSION, Sessions.Session.class);
        return ApiAnswer.ok(view(s, s.accountId() == null ? null : accounts.email(s.accountId())));
    }

    /** {@code DELETE /session}: logout; the cookie is cleared. */
    public ApiAnswer logout(Exchange exchange) {
        Sessions.Session s = exchange.getProperty(ApiGuard.SESSION, Sessions.Session.class);
        sessions.close(s.id());
        return new ApiAnswer(204, null, cookie("", 0));
    }

    /**
     * {@code PUT /account/password}: the current password and the new one. Every other session of
     * the account ends; a wrong current password counts as a wrong login.
     */
    public ApiAnswer changePassword(Exchange exchange) {
        long accountId = ApiGuard.accountOf(exchange);
        NewPassword request = ApiJson.read(answers.body(exchange), NewPassword.class);
        String email = accounts.email(accountId);
        String address = callers.of(servlet(exchange.getIn()));
        Instant now = clock.instant();
        if (perAccount.blocked(email, now)) {
            throw ApiProblem.locked(settings.block().toSeconds());
        }
        if (request.current() == null || request.current().length() > 200 || !accounts.passwordMatches(accountId, request.current())) {
            failed(address, email, now);
            throw ApiProblem.forbidden(io.colibri.domain.Code.BAD_LOGIN, "the current password is wrong");
        }
        choose(accountId, request.password());
        Sessions.Session s = exchange.getProperty(ApiGuard.SESSION, Sessions.Session.class);
        sessions.closeAll(accountId, s == null ? null : s.id());
        return new ApiAnswer(204, null);
    }

    private void choose(long accountId, String password) {
        Optional<String> problem = PasswordRule.problem(password);
        if (problem.isPresent()) {
            throw ApiProblem.refused(io.colibri.domain.Code.BAD_LOGIN, problem.get());
        }
        accounts.choosePassword(accountId, password);
    }

    /**
     * {@code POST /password-resets}: mails a link to choose a new password to the account of that
     * address. The answer is the same whether there is such an account or not.
     */
    public ApiAnswer askReset(Exchange exchange) {
        ResetRequest request = ApiJson.read(answers.body(exchange), ResetRequest.class);
        if (request.email() == null || request.email().isBlank() || request.email().length() > 254) {
            throw ApiProblem.badRequest("send 'email'");
        }
        String email = request.email().strip().toLowerCase(java.util.Locale.ROOT);
        Instant now = clock.instant();
        // The fourth request within the hour is the one that blocks: it sends nothing either.
        if (!resetsAsked.blocked(email, now) && !resetsAsked.failed(email, now)) {
            accounts.show(email).ifPresent(account -> mail(account.id(), email));
        }
        return new ApiAnswer(202, new Asked("if an account has this address, a link to choose a new password was sent to it; it is valid "
                + resets.validity().toMinutes() + " min"));
    }

    private void mail(long accountId, String email) {
        String link = settings.resetUrl() + "#reset=" + resets.issue(accountId);
        long minutes = resets.validity().toMinutes();
        String body = "Bonjour,\n\nPour choisir un nouveau mot de passe Colibri, ouvrez ce lien (valable " + minutes + " min) :\n" + link
                + "\n\nSi vous n'avez rien demandé, ignorez ce message : votre mot de passe reste le même.\n\n"
                + "Hello,\n\nTo choose a new Colibri password, open this link (valid " + minutes + " min):\n" + link
                + "\n\nIf you did not ask for it, ignore this mail: your password stays the same.\n";
        try {
            mailer.accept(new MailWatch.Outgoing(email, "Nouveau mot de passe Colibri / New Colibri password", body));
        } catch (RuntimeException e) {
            LOG.warn("the password reset mail to {} could not be queued: {}", email, e.getMessage());
        }
    }

    /** {@code POST /password-resets/confirm}: the link's token and the new password; every session of the account ends. */
    public ApiAnswer confirmReset(Exchange exchange) {
        ResetConfirm request = ApiJson.read(answers.body(exchange), ResetConfirm.class);
        Optional<String> problem = PasswordRule.problem(request.password());
        if (problem.isPresent()) {
            throw ApiProblem.refused(io.colibri.domain.Code.BAD_LOGIN, problem.get());
        }
        long accountId = resets.use(request.token())
                .orElseThrow(() -> ApiProblem.notFound("this link is unknown, used already or expired: ask for a new one"));
        accounts.choosePassword(accountId, request.password());
        sessions.closeAll(accountId, null);
        return new ApiAnswer(204, null);
    }

    private static HttpServletRequest servlet(Message in) {
        return in instanceof HttpMessage hm ? hm.getRequest() : in.getHeader(Exchange.HTTP_SERVLET_REQUEST, HttpServletRequest.class);
    }
}
