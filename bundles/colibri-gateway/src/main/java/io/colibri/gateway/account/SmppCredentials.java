package io.colibri.gateway.account;

import io.colibri.gateway.store.Changes;
import io.colibri.gateway.store.Database;
import java.security.SecureRandom;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Accounts' SMPP logins for the SMPP server (issue 17): a system_id of up to 15 characters and a
 * password of 8 (SMPP 3.4's limits), kept as its PBKDF2 hash, with the operator's limits on the
 * account's binds. The accounts that have one are kept in memory: every status change asks.
 */
public final class SmppCredentials {
    /** SMPP 3.4: system_id is a C-octet string of at most 16 octets with its NUL, the password 9. */
    public static final int MAX_SYSTEM_ID = 15;
    public static final int PASSWORD_LENGTH = 8;
    private static final String ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    /** An account's SMPP login, without its password: how many binds at once, its window, its submits per second (0: the server's). */
    public record Esme(long accountId, String systemId, int maxBinds, int window, int rate) {
    }

    /** What the operator gets once: the login and its password. */
    public record Made(Esme esme, String password) {
    }

    /** The limits an operator may set; zero or less means the server's default. */
    public record Limits(int maxBinds, int window, int rate) {
    }

    private final Database db;
    private final Accounts accounts;
    private final PasswordHasher hasher;
    private final SecureRandom random = new SecureRandom();
    /** Accounts that have an SMPP login (loaded at first use). */
    private volatile Set<Long> withLogin;

    private final Changes changes;

    public SmppCredentials(Database db, Accounts accounts, PasswordHasher hasher) {
        this(db, accounts, hasher, Changes.none());
    }

    /**
     * @param changes the other nodes are told of a login given or taken (their SMPP servers keep
     *                receipts for the accounts that have one), and this one of theirs
     */
    public SmppCredentials(Database db, Accounts accounts, PasswordHasher hasher, Changes changes) {
        this.db = db;
        this.accounts = accounts;
        this.hasher = hasher;
        this.changes = changes;
        // The payload says which: the set is asked inside transactions and must not read there.
        changes.on(Changes.SMPP_ADDED, id -> {
            Set<Long> set = withLogin;
            if (set != null) {
                set.add(Long.parseLong(id));
            }
        });
        changes.on(Changes.SMPP_REMOVED, id -> {
            Set<Long> set = withLogin;
            if (set != null) {
                set.remove(Long.parseLong(id));
            }
        });
        // Read again at once, on the listener's thread, and swapped whole: never left empty for a
        // transaction to fill (a database that cannot answer now keeps the set it has; the
        // listener drops everything again once it hears again).
        changes.onLost(() -> {
            synchronized (this) {
                if (withLogin != null) {
                    withLogin = read();
                }
            }
        });
    }

    /**
     * Gives the account this system_id and a new password (replacing its login, if it had one).
     *
     * @throws IllegalArgumentException for a system_id that is empty, too long or not printable ASCII, or another account's
     */
    public Made create(String email, String systemId, Limits limits) {
        String id = systemId == null ? "" : systemId.strip();
        if (id.isEmpty() || id.length() > MAX_SYSTEM_ID || !id.chars().allMatch(c -> c > 0x20 && c < 0x7F)) {
            throw new IllegalArgumentException("a system_id is 1 to " + MAX_SYSTEM_ID + " printable ASCII characters without spaces, not '"
                    + systemId + "'");
        }
        long accountId = accounts.require(email).id();
        StringBuilder password = new StringBuilder(PASSWORD_LENGTH);
        for (int i = 0; i < PASSWORD_LENGTH; i++) {
            password.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        Esme esme = new Esme(accountId, id, Math.max(0, limits.maxBinds()), Math.max(0, limits.window()), Math.max(0, limits.rate()));
        String hash = hasher.hash(password.toString());
        db.tx(em -> {
            List<?> other = em.createNativeQuery("select account_id from smpp_esme where system_id = ?1 and account_id <> ?2")
                    .setParameter(1, id).setParameter(2, accountId).getResultList();
            if (!other.isEmpty()) {
                throw new IllegalArgumentException("the system_id " + id + " is another account's");
            }
            em.createNativeQuery("delete from smpp_esme where account_id = ?1").setParameter(1, accountId).executeUpdate();
            em.createNativeQuery("insert into smpp_esme (account_id, system_id, password_hash, max_binds, window_size, max_rate, created_at)"
                            + " values (?1, ?2, ?3, ?4, ?5, ?6, ?7)")
                    .setParameter(1, accountId).setParameter(2, id).setParameter(3, hash).setParameter(4, esme.maxBinds())
                    .setParameter(5, esme.window()).setParameter(6, esme.rate()).setParameter(7, OffsetDateTime.now()).executeUpdate();
            changes.tell(Changes.SMPP_ADDED, Long.toString(accountId));
            return null;
        });
        synchronized (this) { // not into a set being replaced
            known().add(accountId);
        }
        return new Made(esme, password.toString());
    }

    /** The login whose password this is, if it is. The hash is checked outside any transaction. */
    public Optional<Esme> authenticate(String systemId, String password) {
        if (systemId == null || password == null || systemId.length() > MAX_SYSTEM_ID) {
            return Optional.empty();
        }
        Object[] row = db.tx(em -> {
            List<?> rows = em.createNativeQuery("select account_id, password_hash, max_binds, window_size, max_rate"
                    + " from smpp_esme where system_id = ?1").setParameter(1, systemId).getResultList();
            return rows.isEmpty() ? null : (Object[]) rows.get(0);
        });
        if (row == null || !hasher.matches(password, (String) row[1])) {
            return Optional.empty();
        }
        return Optional.of(new Esme(((Number) row[0]).longValue(), systemId, ((Number) row[2]).intValue(), ((Number) row[3]).intValue(),
                ((Number) row[4]).intValue()));
    }

    /** Removes the account's login. @return false when it had none */
    public boolean remove(String email) {
        long accountId = accounts.require(email).id();
        boolean had = db.tx(em -> {
            changes.tell(Changes.SMPP_REMOVED, Long.toString(accountId));
            return em.createNativeQuery("delete from smpp_esme where account_id = ?1").setParameter(1, accountId).executeUpdate() > 0;
        });
        synchronized (this) {
            known().remove(accountId);
        }
        return had;
    }

    /**
     * Whether the account has an SMPP login, from memory: asked inside the transactions that change
     * statuses, so it must not take a connection of its own there. Loaded once, before any such
     * transaction ({@link #load}, when the gateway is wired), then kept by create and remove.
     */
    public boolean has(long accountId) {
        return known().contains(accountId);
    }

    /** Reads who has a login (at wiring time, outside any transaction). */
    public void load() {
        withLogin = null;
        known();
    }

    private Set<Long> known() {
        Set<Long> set = withLogin;
        if (set == null) {
            synchronized (this) {
                set = withLogin;
                if (set == null) {
                    set = read();
                    withLogin = set;
                }
            }
        }
        return set;
    }

    private Set<Long> read() {
        Set<Long> set = ConcurrentHashMap.newKeySet();
        for (Object id : db.tx(em -> em.createNativeQuery("select account_id from smpp_esme").getResultList())) {
            set.add(((Number) id).longValue());
        }
        return set;
    }
}
