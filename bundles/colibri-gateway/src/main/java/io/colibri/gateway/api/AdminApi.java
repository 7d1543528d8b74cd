package io.colibri.gateway.api;

import io.colibri.domain.InvoiceAmounts;
import io.colibri.gateway.account.Accounts;
import io.colibri.gateway.invoice.Invoices;
import io.colibri.gateway.mail.MailWatch;
import java.math.BigDecimal;
import java.util.List;
import java.util.function.Consumer;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's API, /api/v1/admin (an operator's key): accounts made from an e-mail address
 * alone, their generated password mailed there (ACC-1), a new password mailed on demand, and
 * top-ups with their invoice (ACC-2). The same services as the shell's commands. Bean
 * {@code apiAdmin} of routes/api/admin.yaml.
 */
public final class AdminApi {
    private static final Logger LOG = LoggerFactory.getLogger(AdminApi.class);

    public record NewAccount(String email) {
    }

    public record AccountView(long id, String email, long balance, String createdAt, boolean disabled, Boolean passwordMailed) {
    }

    /** The body of a top-up: credits bought, the amount before tax in euros, how it was paid. */
    public record TopUpRequest(Integer credits, BigDecimal amount, String method) {
    }

    public record TopUpView(InvoicesApi.InvoiceView invoice, long balance) {
    }

    /** The body of {@code PUT /admin/accounts/{id}/smpp}: the system_id, and the limits (0 or absent: the server's). */
    public record SmppLoginRequest(String systemId, Integer binds, Integer window, Integer rate) {
    }

    public record SmppLogin(String systemId, String password, int binds, int window, int rate) {
    }

    public record SmppRemoved(boolean removed) {
    }

    private final Accounts accounts;
    private volatile io.colibri.gateway.account.SmppCredentials smpp;
    private final Invoices invoices;
    private final ApiAnswers answers;
    private final PasswordMail mails;

    /** @param mailer queues a mail (direct:mail-reply): the broker keeps it until the SMTP server takes it */
    public AdminApi(Accounts accounts, Invoices invoices, ApiAnswers answers, Consumer<MailWatch.Outgoing> mailer) {
        this.accounts = accounts;
        this.invoices = invoices;
        this.answers = answers;
        this.mails = new PasswordMail(mailer);
    }

    /** {@code POST /admin/accounts}: the account, its password generated and mailed to it, never shown here. */
    public ApiAnswer createAccount(Exchange exchange) {
        NewAccount request = ApiJson.read(answers.body(exchange), NewAccount.class);
        if (request.email() == null || request.email().isBlank()) {
            throw ApiProblem.badRequest("'email' is the new account's address");
        }
        if (accounts.show(request.email()).isPresent()) {
            throw ApiProblem.conflict(null, "an account with this address exists already");
        }
        String password;
        try {
            password = accounts.create(request.email());
        } catch (Accounts.AccountException e) {
            throw ApiProblem.badRequest(e.getMessage());
        }
        Accounts.View account = accounts.require(request.email());
        LOG.info("operator {} created account {}", exchange.getProperty(ApiGuard.OPERATOR), account.id());
        return ApiAnswer.created(view(account, mails.send(account.email(), password, PasswordMail.Why.OPENED)));
    }

    public record AccountList(List<AccountView> accounts) {
    }

    /** {@code GET /admin/accounts?q=&limit=}: accounts whose address contains {@code q}, newest first. */
    public ApiAnswer accounts(Exchange exchange) {
        String q = exchange.getIn().getHeader("q", String.class);
        if (q != null && q.length() > 254) {
            throw ApiProblem.badRequest("'q' is at most 254 characters");
        }
        int limit = MessagesApi.limit(exchange.getIn().getHeader("limit", String.class));
        return ApiAnswer.ok(new AccountList(accounts.search(q, limit).stream().map(a -> view(a, null)).toList()));
    }

    /** {@code GET /admin/accounts/{id}}. */
    public ApiAnswer account(Exchange exchange) {
        return ApiAnswer.ok(view(pathAccount(exchange), null));
    }

    /** {@code POST /admin/accounts/{id}/password}: a new password, mailed to the account; the old one opens nothing from now. */
    public ApiAnswer resetPassword(Exchange exchange) {
        Accounts.View account = pathAccount(exchange);
        String password = accounts.resetPassword(account.email());
        LOG.info("operator {} reset the password of account {}", exchange.getProperty(ApiGuard.OPERATOR), account.id());
        return ApiAnswer.ok(view(account, mails.send(account.email(), password, PasswordMail.Why.NEW_PASSWORD)));
    }

    /** {@code POST /admin/accounts/{id}/disable} and {@code …/enable}: no channel takes its requests (nor its sub-accounts') while disabled. */
    public ApiAnswer disable(Exchange exchange) {
        return switchTo(exchange, true);
    }

    public ApiAnswer enable(Exchange exchange) {
        return switchTo(exchange, false);
    }

    private ApiAnswer switchTo(Exchange exchange, boolean disabled) {
        Accounts.View account = pathAccount(exchange);
        if (accounts.disable(account.id(), disabled)) {
            LOG.info("operator {} {} account {}", exchange.getProperty(ApiGuard.OPERATOR), disabled ? "disabled" : "enabled", account.id());
        }
        return ApiAnswer.ok(view(account, null));
    }

    /** {@code POST /admin/accounts/{id}/top-ups}: the credits in the ledger and the invoice, in one transaction. */
    public ApiAnswer topUp(Exchange exchange) {
        Accounts.View account = pathAccount(exchange);
        TopUpRequest request = ApiJson.read(answers.body(exchange), TopUpRequest.class);
        if (request.credits() == null || request.amount() == null || request.method() == null) {
            throw ApiProblem.badRequest("a top-up names its 'credits', its 'amount' before tax in euros and its payment 'method'");
        }
        Invoices.TopUp done;
        try {
            done = invoices.topUp(account.id(), request.credits(), request.amount(), InvoiceAmounts.Method.of(request.method()));
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badRequest(e.getMessage());
        }
        LOG.info("operator {} topped up account {}: {} credits, invoice {}", exchange.getProperty(ApiGuard.OPERATOR), account.id(),
                request.credits(), done.invoice().number());
        return ApiAnswer.created(new TopUpView(InvoicesApi.view(done.invoice()), done.balance()));
    }

    /** The logins of the SMPP server (set by the api flow). */
    public void smppCredentials(io.colibri.gateway.account.SmppCredentials credentials) {
        this.smpp = credentials;
    }

    /** {@code PUT /admin/accounts/{id}/smpp}: a login for the SMPP server, its password in this answer only. */
    public ApiAnswer setSmppLogin(Exchange exchange) {
        Accounts.View account = pathAccount(exchange);
        SmppLoginRequest request = ApiJson.read(answers.body(exchange), SmppLoginRequest.class);
        if (request.systemId() == null) {
            throw ApiProblem.badRequest("'systemId' is the system_id the ESME binds with, 1 to 15 characters");
        }
        io.colibri.gateway.account.SmppCredentials.Made made;
        try {
            made = smpp.create(account.email(), request.systemId(), new io.colibri.gateway.account.SmppCredentials.Limits(
                    orZero(request.binds()), orZero(request.window()), orZero(request.rate())));
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badRequest(e.getMessage());
        }
        LOG.info("operator {} gave account {} the SMPP login {}", exchange.getProperty(ApiGuard.OPERATOR), account.id(), made.esme().systemId());
        return ApiAnswer.created(new SmppLogin(made.esme().systemId(), made.password(), made.esme().maxBinds(), made.esme().window(),
                made.esme().rate()));
    }

    /** {@code DELETE /admin/accounts/{id}/smpp}. */
    public ApiAnswer removeSmppLogin(Exchange exchange) {
        Accounts.View account = pathAccount(exchange);
        boolean removed = smpp.remove(account.email());
        LOG.info("operator {} removed the SMPP login of account {}: {}", exchange.getProperty(ApiGuard.OPERATOR), account.id(), removed);
        return ApiAnswer.ok(new SmppRemoved(removed));
    }

    private static int orZero(Integer i) {
        if (i != null && i < 0) {
            throw ApiProblem.badRequest("binds, window and rate are 0 (the server's default) or more");
        }
        return i == null ? 0 : i;
    }

    /** The path's account, for an operator. */
    private Accounts.View pathAccount(Exchange exchange) {
        long id = ApiProblem.id(exchange.getIn(), "account");
        return accounts.show(id).orElseThrow(() -> ApiProblem.notFound("no account " + id));
    }

    private AccountView view(Accounts.View a, Boolean mailed) {
        return new AccountView(a.id(), a.email(), a.balance(), ApiJson.time(a.createdAt()),
                accounts.disabled(a.id()), mailed);
    }
}
