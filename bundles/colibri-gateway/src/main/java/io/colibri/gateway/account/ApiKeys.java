package io.colibri.gateway.account;

import io.colibri.domain.ApiKey;
import io.colibri.gateway.account.Accounts.AccountException;
import io.colibri.gateway.store.ApiKeyEntry;
import io.colibri.gateway.store.Database;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * API keys (issue 15): made for an account or for an operator, shown once, stored as their
 * SHA-256 ({@link ApiKey}), listed by their first characters, revoked (kept, dated). A request's
 * key is found by its hash: one indexed read, whatever the number of keys.
 */
public final class ApiKeys {
    private static final Pattern OPERATOR = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,99}");

    /** Who a key speaks for: an account, or an operator by name (then {@code accountId} is null). */
    public record Holder(long keyId, Long accountId, String operator) {
        public boolean isOperator() {
            return operator != null;
        }
    }

    /** A key as lists show it: never the key. */
    public record Listed(long id, String shown, String holder, OffsetDateTime createdAt, OffsetDateTime revokedAt) {
        public boolean revoked() {
            return revokedAt != null;
        }
    }

    /** A key just made: the only time the key itself is known. */
    public record Made(long id, String key) {
    }

    private final Database db;
    private final Accounts accounts;
    private final Clock clock;

    public ApiKeys(Database db, Accounts accounts, Clock clock) {
        this.db = db;
        this.accounts = accounts;
        this.clock = clock;
    }

    /** A new key for the account. */
    public Made createFor(String accountEmail) {
        long accountId = accounts.require(accountEmail).id();
        return make(accountId, null);
    }

    /** A new operator key, for /api/v1/admin, under that name (letters, digits, {@code ._@-}). */
    public Made createOperator(String name) {
        String n = name == null ? "" : name.strip();
        if (!OPERATOR.matcher(n).matches()) {
            throw new AccountException("an operator's name is 1 to 100 letters, digits, '.', '_', '@' or '-'");
        }
        return make(null, n);
    }

    private Made make(Long accountId, String operator) {
        String key = ApiKey.generate();
        long id = db.tx(em -> {
            ApiKeyEntry e = new ApiKeyEntry(ApiKey.hash(key), ApiKey.shown(key), accountId, operator, OffsetDateTime.now(clock));
            em.persist(e);
            em.flush();
            return e.getId();
        });
        return new Made(id, key);
    }

    /** The account's keys, newest first. */
    public List<Listed> of(String accountEmail) {
        long accountId = accounts.require(accountEmail).id();
        return db.tx(em -> em.createQuery("select k from ApiKeyEntry k where k.accountId = :a order by k.id desc", ApiKeyEntry.class)
                .setParameter("a", accountId).getResultStream().map(k -> listed(k, accountEmail.strip())).toList());
    }

    /** The operators' keys, newest first. */
    public List<Listed> operators() {
        return db.tx(em -> em.createQuery("select k from ApiKeyEntry k where k.operator is not null order by k.id desc",
                ApiKeyEntry.class).getResultStream().map(k -> listed(k, "operator " + k.getOperator())).toList());
    }

    /** Revokes the key: it opens nothing from now on. Revoking it again changes nothing. */
    public Listed revoke(long id) {
        return db.tx(em -> {
            ApiKeyEntry k = em.find(ApiKeyEntry.class, id);
            if (k == null) {
                throw new AccountException("no API key " + id);
            }
            k.revoke(OffsetDateTime.now(clock));
            return listed(k, k.getOperator() != null ? "operator " + k.getOperator() : "account " + k.getAccountId());
        });
    }

    /** Who the key speaks for: empty for a malformed, unknown or revoked key. */
    public Optional<Holder> holder(String key) {
        if (!ApiKey.wellFormed(key)) {
            return Optional.empty();
        }
        String hash = ApiKey.hash(key);
        return db.tx(em -> em.createQuery("select k from ApiKeyEntry k where k.keyHash = :h and k.revokedAt is null",
                        ApiKeyEntry.class).setParameter("h", hash).getResultStream().findFirst()
                .map(k -> new Holder(k.getId(), k.getAccountId(), k.getOperator())));
    }

    private static Listed listed(ApiKeyEntry k, String holder) {
        return new Listed(k.getId(), k.getShown(), holder, k.getCreatedAt(), k.getRevokedAt());
    }
}
