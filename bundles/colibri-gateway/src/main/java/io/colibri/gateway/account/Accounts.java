package io.colibri.gateway.account;

import io.colibri.domain.AccountOptions;
import io.colibri.gateway.store.Account;
import io.colibri.gateway.store.AccountOption;
import io.colibri.gateway.store.Changes;
import io.colibri.gateway.store.Database;
import io.colibri.gateway.store.LedgerEntry;
import java.util.List;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Accounts and their credit ledger. */
public final class Accounts {
    static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    private static final Duration PROOF_TTL = Duration.ofMinutes(5);

    /** What the console shows of an account. */
    public record View(long id, String email, OffsetDateTime createdAt, long balance) {
    }

    /** A successful login: the account and its options. */
    public record Login(long accountId, AccountOptions options) {
    }

    public static final class AccountException extends RuntimeException {
        public AccountException(String message) {
            super(message);
        }
    }

    /**
     * A password checked recently, remembered as an HMAC under a key that lives only in this
     * process, so a script sending every second does not pay a slow hash each time.
     */
    private record Proof(long accountId, byte[] mac, long expiresAt) {
    }

    private final Database db;
    private final PasswordHasher hasher;
    private final Map<String, Proof> proofs = new ConcurrentHashMap<>();
    /** Counts password changes: a login that read a hash before a change must not leave a proof of it. */
    private final AtomicLong passwordChanges = new AtomicLong();
    private final byte[] proofKey = new byte[32];
    /** Options are read at every send: kept here, and dropped when the console changes one. */
    private final Map<Long, AccountOptions> options = new ConcurrentHashMap<>();
    /**
     * Counts the drops of {@link #options}: options read from the database before a drop must not
     * be kept after it (a reader that read the old row, then put it back after the drop, would
     * keep it for good).
     */
    private final AtomicLong optionDrops = new AtomicLong();
    private final Changes changes;

    public Accounts(Database db, PasswordHasher hasher) {
        this(db, hasher, Changes.none());
    }

    /**
     * @param changes what the other nodes are told of a change here (options, a password, an
     *                account disabled or made), and what this one hears of theirs
     */
    public Accounts(Database db, PasswordHasher hasher, Changes changes) {
        this.db = db;
        this.hasher = hasher;
        this.changes = changes;
        new SecureRandom().nextBytes(proofKey);
        // Another node changed options: all are read again (a parent's apply to its sub-accounts).
        changes.on(Changes.OPTIONS, id -> dropOptions());
        // Another node made, disabled or enabled an account: its options, and its proofs, go.
        changes.on(Changes.ACCOUNT, id -> {
            dropOptions();
            forgetProofs(Long.parseLong(id));
        });
        // Another node changed a password: the old one, proven here, must open nothing more.
        changes.on(Changes.PASSWORD, id -> forgetProofs(Long.parseLong(id)));
        changes.onLost(() -> {
            dropOptions();
            passwordChanges.incrementAndGet();
            proofs.clear();
        });
    }

    private void dropOptions() {
        optionDrops.incrementAndGet();
        options.clear();
    }

    /** Forgets the proofs of the account's password (a login in progress leaves none either). */
    private void forgetProofs(long accountId) {
        passwordChanges.incrementAndGet();
        proofs.values().removeIf(p -> p.accountId() == accountId);
    }

    /** Creates the account and returns its generated password, which is stored only hashed. */
    public String create(String rawEmail) {
        String email = normalise(rawEmail);
        if (!EMAIL.matcher(email).matches()) {
            throw new AccountException("not an e-mail address: " + rawEmail);
        }
        String password = hasher.generate();
        String hash = hasher.hash(password);
        db.tx(em -> {
            if (find(em, email).isPresent()) {
                throw new AccountException("account exists already: " + email);
            }
            Account a = new Account(email, hash, OffsetDateTime.now());
            em.persist(a);
            em.flush();
            changes.tell(Changes.ACCOUNT, Long.toString(a.getId()));
            return null;
        });
        return password;
    }

    /** Replaces the account's password with a new generated one, returned once and stored only hashed. */
    public String resetPassword(String rawEmail) {
        String email = normalise(rawEmail);
        String password = hasher.generate();
        String hash = hasher.hash(password);
        db.tx(em -> {
            Account a = find(em, email).orElseThrow(() -> new AccountException("no account " + email));
            a.changePassword(hash);
            changes.tell(Changes.PASSWORD, Long.toString(a.getId()));
            return null;
        });
        passwordChanges.incrementAndGet();
        proofs.remove(email);
        return password;
    }

    /**
     * Sets a password the account chose (the console; {@link io.colibri.domain.PasswordRule}
     * checked here), stored hashed; the old one, and any proof of it, opens nothing from now on.
     */
    public void choosePassword(long accountId, String password) {
        io.colibri.domain.PasswordRule.problem(password).ifPresent(p -> {
            throw new AccountException(p);
        });
        String hash = hasher.hash(password);
        String email = db.tx(em -> {
            Account a = em.find(Account.class, accountId);
            if (a == null) {
                throw new AccountException("no account " + accountId);
            }
            a.changePassword(hash);
            changes.tell(Changes.PASSWORD, Long.toString(accountId));
            return a.getEmail();
        });
        passwordChanges.incrementAndGet();
        proofs.remove(email);
    }

    /** Whether this is the account's password (checked against its hash, never a proof). */
    public boolean passwordMatches(long accountId, String password) {
        String stored = db.tx(em -> {
            Account a = em.find(Account.class, accountId);
            return a == null ? null : a.getPasswordHash();
        });
        return stored != null && password != null && hasher.matches(password, stored);
    }

    /**
     * The account when the password is right. A password proven in the last minutes is checked
     * against its proof alone, without reading the database (a password change drops the proof).
     */
    public Optional<Login> authenticate(String rawEmail, String password) {
        String email = normalise(rawEmail);
        byte[] mac = mac(email, password);
        Proof proof = proofs.get(email);
        long now = System.nanoTime();
        if (proof != null && now < proof.expiresAt() && MessageDigest.isEqual(proof.mac(), mac)) {
            return Optional.of(new Login(proof.accountId(), options(proof.accountId())));
        }
        long changesSeen = passwordChanges.get();
        Optional<Account> account = db.tx(em -> find(em, email).map(a -> {
            em.detach(a); // a later lock on the account (the debit) must read its row afresh
            return a;
        }));
        if (account.isEmpty()) {
            // As long as for a known address with a wrong password: the time to answer must not
            // tell which addresses have an account.
            hasher.matches(password == null ? "" : password, unknownAccountHash());
            return Optional.empty();
        }
        if (!hasher.matches(password, account.get().getPasswordHash())) {
            return Optional.empty();
        }
        long id = account.get().getId();
        if (passwordChanges.get() == changesSeen) {
            Proof made = new Proof(id, mac, now + PROOF_TTL.toNanos());
            proofs.put(email, made);
            if (passwordChanges.get() != changesSeen) {
                // A change came between the check and the put: the proof may be of the old password.
                proofs.remove(email, made);
            }
        }
        return Optional.of(new Login(id, options(id)));
    }

    private volatile String unknownAccountHash;

    /** A hash of nothing, made once with this hasher's cost, that unknown addresses are checked against. */
    private String unknownAccountHash() {
        String h = unknownAccountHash;
        if (h == null) {
            h = hasher.hash(hasher.generate());
            unknownAccountHash = h;
        }
        return h;
    }

    /**
     * The account's balance, its row locked until the caller's transaction ends: what the debit
     * that follows in the same transaction will see.
     */
    public long lockedBalance(long accountId) {
        return db.tx(em -> em.find(Account.class, accountId, LockModeType.PESSIMISTIC_WRITE).getBalance());
    }

    /** Records a top-up in the ledger and returns the new balance. */
    public long addCredit(String rawEmail, int credits, String reference) {
        if (credits <= 0) {
            throw new AccountException("credits must be positive: " + credits);
        }
        String email = normalise(rawEmail);
        return db.tx(em -> {
            Account a = em.createQuery("select a from Account a where a.email = :email", Account.class)
                    .setParameter("email", email).setLockMode(LockModeType.PESSIMISTIC_WRITE)
                    .getResultStream().findFirst().orElseThrow(() -> new AccountException("no account " + email));
            em.persist(a.move(credits, LedgerEntry.Kind.TOP_UP, reference, OffsetDateTime.now()));
            return a.getBalance();
        });
    }

    public Optional<View> show(String rawEmail) {
        String email = normalise(rawEmail);
        return db.tx(em -> find(em, email)
                .map(a -> new View(a.getId(), a.getEmail(), a.getCreatedAt(), a.getBalance())));
    }

    /**
     * Disables the account, or enables it again: a disabled account (and its sub-accounts) has no
     * channel (its options' {@code channels} are none), so no request of it is taken anywhere.
     *
     * @return whether it changed
     */
    public boolean disable(long accountId, boolean disabled) {
        boolean changed = db.tx(em -> {
            Account a = em.find(Account.class, accountId, LockModeType.PESSIMISTIC_WRITE);
            if (a == null) {
                throw new AccountException("no account " + accountId);
            }
            if ((a.getDisabledAt() != null) == disabled) {
                return false;
            }
            a.setDisabledAt(disabled ? OffsetDateTime.now() : null);
            changes.tell(Changes.ACCOUNT, Long.toString(accountId));
            return true;
        });
        dropOptions();
        proofs.clear();
        return changed;
    }

    /** Whether an operator disabled it. */
    public boolean disabled(long accountId) {
        return db.tx(em -> {
            Account a = em.find(Account.class, accountId);
            return a != null && a.getDisabledAt() != null;
        });
    }

    /** The account with this id. */
    public Optional<View> show(long accountId) {
        return db.tx(em -> Optional.ofNullable(em.find(Account.class, accountId))
                .map(a -> new View(a.getId(), a.getEmail(), a.getCreatedAt(), a.getBalance())));
    }

    /** Accounts whose address contains {@code text} (all when blank), newest first, at most {@code limit}. */
    public List<View> search(String text, int limit) {
        String t = text == null ? "" : text.strip().toLowerCase(java.util.Locale.ROOT);
        return db.tx(em -> em.createQuery("select a from Account a where a.email like :t escape '!' order by a.id desc", Account.class)
                .setParameter("t", "%" + t.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%").setMaxResults(limit)
                .getResultStream().map(a -> new View(a.getId(), a.getEmail(), a.getCreatedAt(), a.getBalance())).toList());
    }

    /** The account's address. */
    public String email(long accountId) {
        return db.tx(em -> em.find(Account.class, accountId).getEmail());
    }

    /** The account, or an error naming the address when there is none. */
    public View require(String rawEmail) {
        return show(rawEmail).orElseThrow(() -> new AccountException("no account " + normalise(rawEmail)));
    }

    /**
     * The account's options as they apply: stored values over the defaults and, for a sub-account,
     * within its parent's ({@link AccountOptions#within}: never what the parent forbids).
     */
    public AccountOptions options(long accountId) {
        AccountOptions cached = options.get(accountId);
        if (cached != null) {
            return cached;
        }
        long drops = optionDrops.get();
        AccountOptions own = ownOptions(accountId);
        Account account = db.tx(em -> em.find(Account.class, accountId));
        Long parent = account == null ? null : account.getParentId();
        AccountOptions applied = parent == null ? own : own.within(options(parent));
        if (account != null && account.getDisabledAt() != null) {
            applied = applied.disabled();
        }
        options.put(accountId, applied);
        if (optionDrops.get() != drops) {
            // Dropped while it was read: what was read may be older than the drop's change.
            options.remove(accountId);
        }
        return applied;
    }

    /** The account's own options, stored values over the defaults (a sub-account's before its parent's apply). */
    public AccountOptions ownOptions(long accountId) {
        return db.tx(em -> {
            Map<String, String> stored = new HashMap<>();
            em.createQuery("select o from AccountOption o where o.accountId = :a", AccountOption.class)
                    .setParameter("a", accountId).getResultList().forEach(o -> stored.put(o.getName(), o.getValue()));
            return AccountOptions.of(stored);
        });
    }

    /**
     * Sets one option (ACC-7) and returns them all.
     *
     * @throws AccountException for an unknown account, key or value, saying which
     */
    public AccountOptions setOption(String rawEmail, String key, String value) {
        View account = require(rawEmail);
        AccountOptions changed;
        try {
            changed = ownOptions(account.id()).with(key, value);
        } catch (IllegalArgumentException e) {
            throw new AccountException(e.getMessage());
        }
        String text = changed.asMap().get(key);
        db.tx(em -> {
            AccountOption o = em.find(AccountOption.class, new AccountOption.Key(account.id(), key));
            if (o == null) {
                em.persist(new AccountOption(account.id(), key, text));
            } else {
                o.setValue(text);
            }
            changes.tell(Changes.OPTIONS, Long.toString(account.id()));
            return null;
        });
        // A parent's change applies to its sub-accounts too: the options are read again, all of them (a rare change).
        dropOptions();
        return changed;
    }

    public long balance(long accountId) {
        return db.tx(em -> em.find(Account.class, accountId).getBalance());
    }

    /** The account's ledger, newest first: the entries before {@code beforeId} (null: from the newest), at most {@code limit}. */
    public List<LedgerEntry> ledger(long accountId, Long beforeId, int limit) {
        return db.tx(em -> {
            var q = em.createQuery("select l from LedgerEntry l where l.accountId = :a" + (beforeId == null ? "" : " and l.id < :b")
                    + " order by l.id desc", LedgerEntry.class).setParameter("a", accountId).setMaxResults(limit);
            if (beforeId != null) {
                q.setParameter("b", beforeId);
            }
            return q.getResultList();
        });
    }

    /** The ledger's sum, which the balance always equals (for checks and audits). */
    public long ledgerSum(long accountId) {
        return db.tx(em -> em.createQuery("select coalesce(sum(l.credits), 0) from LedgerEntry l where l.accountId = :id", Long.class)
                .setParameter("id", accountId).getSingleResult());
    }

    public static Optional<Account> find(EntityManager em, String email) {
        return em.createQuery("select a from Account a where a.email = :email", Account.class)
                .setParameter("email", email).getResultStream().findFirst();
    }

    static String normalise(String email) {
        return email == null ? "" : email.trim().toLowerCase(Locale.ROOT);
    }

    /** One Mac per thread, keyed once: a request computes its proof without building one. */
    private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(() -> {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(proofKey, "HmacSHA256"));
            return mac;
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    });

    private byte[] mac(String email, String password) {
        Mac mac = macs.get();
        mac.reset();
        mac.update(PasswordHasher.utf8(email));
        mac.update((byte) 0);
        return mac.doFinal(PasswordHasher.utf8(password));
    }
}
