package io.colibri.gateway.api;

import static io.colibri.gateway.api.ApiJson.time;

import io.colibri.domain.AccountOptions;
import io.colibri.gateway.account.Accounts;
import io.colibri.gateway.account.ApiKeys;
import io.colibri.gateway.account.SubAccounts;
import io.colibri.gateway.mail.MailWatch;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.camel.Exchange;

/**
 * The account's own resources and its sub-accounts (ACC-4, ACC-7): its options read and changed
 * with the shell's validation, its API keys made, listed and revoked, and its sub-accounts made,
 * credited, read by month, given options and keys. Bean {@code apiAccount} of
 * routes/api/account.yaml and routes/api/subaccounts.yaml.
 */
public final class AccountApi {
    public record Options(Map<String, String> options) {
    }

    public record Key(long id, String shown, String createdAt, String revokedAt) {
    }

    public record KeyList(List<Key> keys) {
    }

    /** A key just made: the only time it is shown. */
    public record NewKey(long id, String key) {
    }

    public record NewSub(String email, String name, String kind) {
    }

    public record SubView(long id, String email, String name, String kind, long balance, String createdAt, Boolean passwordMailed) {
    }

    public record SubList(List<SubView> subaccounts) {
    }

    public record Transfer(Integer credits) {
    }

    public record Moved(long balance, long subaccountBalance) {
    }

    public record Months(List<SubAccounts.Month> months) {
    }

    private final Accounts accounts;
    private final ApiKeys keys;
    private final SubAccounts subs;
    private final ApiAnswers answers;
    private final PasswordMail mails;

    public AccountApi(Accounts accounts, ApiKeys keys, SubAccounts subs, ApiAnswers answers, Consumer<MailWatch.Outgoing> mailer) {
        this.accounts = accounts;
        this.keys = keys;
        this.subs = subs;
        this.answers = answers;
        this.mails = new PasswordMail(mailer);
    }

    /** {@code GET /account/options}: every option as stored over its default (a sub-account's own, before its parent's apply). */
    public ApiAnswer options(Exchange exchange) {
        return ApiAnswer.ok(new Options(accounts.ownOptions(ApiGuard.accountOf(exchange)).asMap()));
    }

    /** {@code PATCH /account/options}: the options named, all checked before any is changed. */
    public ApiAnswer changeOptions(Exchange exchange) {
        return ApiAnswer.ok(change(ApiGuard.accountOf(exchange), exchange));
    }

    /** {@code GET /account/keys}. */
    public ApiAnswer keys(Exchange exchange) {
        return ApiAnswer.ok(keyList(ApiGuard.accountOf(exchange)));
    }

    /** {@code POST /account/keys}: a new key for the account, shown once. */
    public ApiAnswer createKey(Exchange exchange) {
        ApiKeys.Made made = keys.createFor(accounts.email(ApiGuard.accountOf(exchange)));
        return ApiAnswer.created(new NewKey(made.id(), made.key()));
    }

    /** {@code DELETE /account/keys/{id}}: the account's own key only. */
    public ApiAnswer revokeKey(Exchange exchange) {
        long account = ApiGuard.accountOf(exchange);
        String email = accounts.email(account);
        long id = ApiProblem.id(exchange.getIn(), "key");
        if (keys.of(email).stream().noneMatch(k -> k.id() == id)) {
            throw ApiProblem.notFound("no key " + id);
        }
        keys.revoke(id);
        return ApiAnswer.ok(keyList(account));
    }

    /** {@code POST /subaccounts}: its password is mailed to its address. */
    public ApiAnswer createSub(Exchange exchange) {
        NewSub request = ApiJson.read(answers.body(exchange), NewSub.class);
        if (request.email() == null || request.name() == null || request.kind() == null) {
            throw ApiProblem.badRequest("a sub-account has an 'email', a 'name' and a 'kind' (customer, supplier, employee)");
        }
        long parent = ApiGuard.accountOf(exchange);
        if (accounts.show(request.email()).isPresent()) {
            throw ApiProblem.conflict(null, "an account with this address exists already");
        }
        SubAccounts.Made made;
        try {
            made = subs.create(parent, request.email(), request.name(), SubAccounts.Kind.of(request.kind()));
        } catch (Accounts.AccountException e) {
            throw ApiProblem.badRequest(e.getMessage());
        }
        return ApiAnswer.created(view(made.sub(), mails.send(made.sub().email(), made.password(), PasswordMail.Why.OPENED)));
    }

    /** {@code GET /subaccounts}. */
    public ApiAnswer subs(Exchange exchange) {
        return ApiAnswer.ok(new SubList(subs.of(ApiGuard.accountOf(exchange)).stream().map(s -> view(s, null)).toList()));
    }

    /** {@code GET /subaccounts/{id}}. */
    public ApiAnswer sub(Exchange exchange) {
        return ApiAnswer.ok(view(sub(ApiGuard.accountOf(exchange), exchange), null));
    }

    /** {@code POST /subaccounts/{id}/transfers}: credits > 0 to the sub-account, < 0 back; 409 with 83 when the giver lacks them. */
    public ApiAnswer transfer(Exchange exchange) {
        long parent = ApiGuard.accountOf(exchange);
        SubAccounts.Sub sub = sub(parent, exchange);
        Transfer request = ApiJson.read(answers.body(exchange), Transfer.class);
        if (request.credits() == null || request.credits() == 0) {
            throw ApiProblem.badRequest("'credits' is a whole number other than 0: to the sub-account when above 0, back when below");
        }
        try {
            SubAccounts.Moved moved = subs.transfer(parent, sub.id(), request.credits());
            return ApiAnswer.ok(new Moved(moved.parentBalance(), moved.subBalance()));
        } catch (SubAccounts.NotEnoughCredit e) {
            throw ApiProblem.conflict(io.colibri.domain.Code.NOT_ENOUGH_CREDIT, e.getMessage());
        }
    }

    /** {@code GET /subaccounts/{id}/consumption}: by month, newest first. */
    public ApiAnswer consumption(Exchange exchange) {
        long parent = ApiGuard.accountOf(exchange);
        return ApiAnswer.ok(new Months(subs.consumption(parent, sub(parent, exchange).id())));
    }

    /** {@code GET /subaccounts/{id}/options}: its own; its parent's apply over them. */
    public ApiAnswer subOptions(Exchange exchange) {
        return ApiAnswer.ok(new Options(accounts.ownOptions(sub(ApiGuard.accountOf(exchange), exchange).id()).asMap()));
    }

    /** {@code PATCH /subaccounts/{id}/options}. */
    public ApiAnswer changeSubOptions(Exchange exchange) {
        return ApiAnswer.ok(change(sub(ApiGuard.accountOf(exchange), exchange).id(), exchange));
    }

    /** {@code POST /subaccounts/{id}/keys}: a key for the sub-account, shown once. */
    public ApiAnswer createSubKey(Exchange exchange) {
        ApiKeys.Made made = keys.createFor(sub(ApiGuard.accountOf(exchange), exchange).email());
        return ApiAnswer.created(new NewKey(made.id(), made.key()));
    }

    private Options change(long accountId, Exchange exchange) {
        @SuppressWarnings("unchecked")
        Map<String, Object> asked = ApiJson.read(answers.body(exchange), LinkedHashMap.class);
        if (asked.isEmpty()) {
            throw ApiProblem.badRequest("name at least one option, as {\"long-sms\": \"on\"}");
        }
        AccountOptions checked = accounts.ownOptions(accountId);
        for (Map.Entry<String, Object> e : asked.entrySet()) {
            if (!(e.getValue() instanceof String)) {
                throw ApiProblem.badRequest("option '" + e.getKey() + "': its value is text, as \"on\"");
            }
            try {
                checked = checked.with(e.getKey(), (String) e.getValue());
            } catch (IllegalArgumentException bad) {
                throw ApiProblem.badRequest(bad.getMessage());
            }
        }
        String email = accounts.email(accountId);
        asked.forEach((k, v) -> accounts.setOption(email, k, (String) v));
        return new Options(accounts.ownOptions(accountId).asMap());
    }

    private SubAccounts.Sub sub(long parent, Exchange exchange) {
        long id = ApiProblem.id(exchange.getIn(), "sub-account");
        return subs.find(parent, id).orElseThrow(() -> ApiProblem.notFound("no sub-account " + id));
    }

    private KeyList keyList(long accountId) {
        return new KeyList(keys.of(accounts.email(accountId)).stream().map(k -> new Key(k.id(), k.shown(), time(k.createdAt()),
                k.revokedAt() == null ? null : time(k.revokedAt()))).toList());
    }

    private static SubView view(SubAccounts.Sub s, Boolean mailed) {
        return new SubView(s.id(), s.email(), s.name(), s.kind().key(), s.balance(), time(s.createdAt()), mailed);
    }

}
