package io.colibri.gateway.account;

import io.colibri.gateway.account.Accounts.AccountException;
import io.colibri.gateway.store.Database;
import io.colibri.gateway.store.SharedDomain;
import java.time.OffsetDateTime;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * ACC-5: an account lets every address of a mail domain send on its credit, with a password of
 * the domain's own (MAIL-1: the sender of a mail is the account's address, or an address of a
 * domain it shares). A domain is shared by one account at most.
 */
public final class SharedDomains {
    private static final Pattern DOMAIN = Pattern.compile("(?=.{3,255}$)([a-z0-9]([a-z0-9-]*[a-z0-9])?\\.)+[a-z]{2,63}");
    /** The shortest password a shared domain may have: every address of the domain will know it. */
    public static final int MIN_PASSWORD = 8;

    private final Database db;
    private final Accounts accounts;
    private final PasswordHasher hasher;

    public SharedDomains(Database db, Accounts accounts, PasswordHasher hasher) {
        this.db = db;
        this.accounts = accounts;
        this.hasher = hasher;
    }

    /**
     * Shares the domain with the account (or gives it a new password when the account shares it
     * already).
     *
     * @throws AccountException for an unknown account, a malformed domain, a short or non-word
     *                          password, or a domain another account shares
     */
    public void share(String accountEmail, String rawDomain, String password) {
        long accountId = accounts.require(accountEmail).id();
        String domain = rawDomain == null ? "" : rawDomain.strip().toLowerCase(Locale.ROOT);
        if (domain.startsWith("@")) {
            domain = domain.substring(1);
        }
        if (!DOMAIN.matcher(domain).matches()) {
            throw new AccountException("not a mail domain: " + rawDomain);
        }
        if (password == null || password.length() < MIN_PASSWORD || !password.matches("[A-Za-z0-9]+")) {
            throw new AccountException("a shared domain's password has at least " + MIN_PASSWORD
                    + " letters and digits (it travels in mail addresses and subjects)");
        }
        String hash = hasher.hash(password);
        String d = domain;
        db.tx(em -> {
            SharedDomain existing = em.find(SharedDomain.class, d);
            if (existing == null) {
                em.persist(new SharedDomain(d, accountId, hash, OffsetDateTime.now()));
            } else if (existing.getAccountId() == accountId) {
                existing.changePassword(hash);
            } else {
                throw new AccountException(d + " is shared by another account already");
            }
            return null;
        });
    }

    /** The account that shares the sender's domain, whatever the password. */
    public Optional<Long> accountOf(String senderAddress) {
        int at = senderAddress == null ? -1 : senderAddress.lastIndexOf('@');
        if (at <= 0) {
            return Optional.empty();
        }
        String domain = senderAddress.substring(at + 1).strip().toLowerCase(Locale.ROOT);
        return db.tx(em -> Optional.ofNullable(em.find(SharedDomain.class, domain)).map(SharedDomain::getAccountId));
    }

    /**
     * The account a sender may send for with this password through a shared domain: the domain of
     * its address is shared, and the password is the domain's.
     */
    public Optional<Long> accountFor(String senderAddress, String password) {
        int at = senderAddress == null ? -1 : senderAddress.lastIndexOf('@');
        if (at <= 0 || password == null || password.isEmpty()) {
            return Optional.empty();
        }
        String domain = senderAddress.substring(at + 1).strip().toLowerCase(Locale.ROOT);
        Optional<SharedDomain> shared = db.tx(em -> Optional.ofNullable(em.find(SharedDomain.class, domain)));
        return shared.filter(s -> hasher.matches(password, s.getPasswordHash())).map(SharedDomain::getAccountId);
    }
}
