package io.colibri.gateway.account;

import io.colibri.gateway.account.Accounts.AccountException;
import io.colibri.gateway.store.Account;
import io.colibri.gateway.store.Changes;
import io.colibri.gateway.store.Database;
import io.colibri.gateway.store.LedgerEntry;
import jakarta.persistence.LockModeType;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Sub-accounts (ACC-4): an account makes accounts of its own (a customer, a supplier, an
 * employee), each with its login, keys, balance, ledger and options, one level deep; credit moves
 * between them by two ledger entries in one transaction, never below zero on either side; each
 * one's consumption is read by month; and a sub-account's options apply within its parent's
 * ({@link Accounts#options}).
 */
public final class SubAccounts {
    /** What a sub-account is to its parent. */
    public enum Kind {
        CUSTOMER, SUPPLIER, EMPLOYEE;

        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Kind of(String key) {
            return Arrays.stream(values()).filter(k -> k.key().equals(key)).findFirst()
                    .orElseThrow(() -> new AccountException("a sub-account is a customer, a supplier or an employee, not '" + key + "'"));
        }
    }

    public record Sub(long id, String email, String name, Kind kind, long balance, OffsetDateTime createdAt) {
    }

    /** A sub-account just made, with its generated password: the only time it is known. */
    public record Made(Sub sub, String password) {
    }

    /** The balances after a transfer. */
    public record Moved(long parentBalance, long subBalance) {
    }

    /** One month of a sub-account's sending: messages debited, and the credits they cost net of refunds. */
    public record Month(String month, long messages, long credits) {
    }

    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

    private final Database db;
    private final Accounts accounts;
    private final PasswordHasher hasher;
    private final Clock clock;

    private final Changes changes;

    public SubAccounts(Database db, Accounts accounts, PasswordHasher hasher, Clock clock) {
        this(db, accounts, hasher, clock, Changes.none());
    }

    /** @param changes the other nodes are told of a sub-account made (they hold no negative entry of it) */
    public SubAccounts(Database db, Accounts accounts, PasswordHasher hasher, Clock clock, Changes changes) {
        this.db = db;
        this.accounts = accounts;
        this.hasher = hasher;
        this.clock = clock;
        this.changes = changes;
    }

    /** A new sub-account of the parent, with its own address (its login) and a generated password. */
    public Made create(long parentId, String rawEmail, String name, Kind kind) {
        String email = Accounts.normalise(rawEmail);
        if (!Accounts.EMAIL.matcher(email).matches()) {
            throw new AccountException("not an e-mail address: " + rawEmail);
        }
        String n = name == null ? "" : name.strip();
        if (n.isEmpty() || n.length() > 100) {
            throw new AccountException("a sub-account's name is 1 to 100 characters");
        }
        String password = hasher.generate();
        String hash = hasher.hash(password);
        Sub sub = db.tx(em -> {
            Account parent = em.find(Account.class, parentId);
            if (parent == null) {
                throw new AccountException("no account " + parentId);
            }
            if (parent.getParentId() != null) {
                throw new AccountException("a sub-account has no sub-accounts of its own");
            }
            if (Accounts.find(em, email).isPresent()) {
                throw new AccountException("account exists already: " + email);
            }
            Account a = Account.sub(parentId, email, hash, kind.key(), n, OffsetDateTime.now(clock));
            em.persist(a);
            em.flush();
            changes.tell(Changes.ACCOUNT, Long.toString(a.getId()));
            return sub(a);
        });
        return new Made(sub, password);
    }

    /** The parent's sub-accounts, oldest first. */
    public List<Sub> of(long parentId) {
        return db.tx(em -> em.createQuery("select a from Account a where a.parentId = :p order by a.id", Account.class)
                .setParameter("p", parentId).getResultStream().map(SubAccounts::sub).toList());
    }

    /** The parent's sub-account; another's is as unknown as none. */
    public Optional<Sub> find(long parentId, long subId) {
        return db.tx(em -> Optional.ofNullable(em.find(Account.class, subId)).filter(a -> Long.valueOf(parentId).equals(a.getParentId()))
                .map(SubAccounts::sub));
    }

    /**
     * Moves credit: {@code credits} > 0 from the parent to the sub-account, < 0 back. Both rows are
     * locked in the order of their ids (two transfers never wait for each other in a circle), the
     * giving side must hold the credit, and each side gets its ledger entry, in one transaction.
     */
    public Moved transfer(long parentId, long subId, int credits) {
        if (credits == 0) {
            throw new AccountException("a transfer moves at least one credit");
        }
        OffsetDateTime now = OffsetDateTime.now(clock);
        return db.tx(em -> {
            Account first = em.find(Account.class, Math.min(parentId, subId), LockModeType.PESSIMISTIC_WRITE);
            Account second = em.find(Account.class, Math.max(parentId, subId), LockModeType.PESSIMISTIC_WRITE);
            Account parent = first != null && first.getId() == parentId ? first : second;
            Account sub = parent == first ? second : first;
            if (parent == null || sub == null || !Long.valueOf(parentId).equals(sub.getParentId())) {
                throw new AccountException("no sub-account " + subId);
            }
            Account giver = credits > 0 ? parent : sub;
            int amount = Math.abs(credits);
            if (giver.getBalance() < amount) {
                throw new NotEnoughCredit(giver == parent ? "the account" : "the sub-account", giver.getBalance(), amount);
            }
            Account taker = giver == parent ? sub : parent;
            em.persist(giver.move(-amount, LedgerEntry.Kind.TRANSFER, "to account " + taker.getId(), now));
            em.persist(taker.move(amount, LedgerEntry.Kind.TRANSFER, "from account " + giver.getId(), now));
            return new Moved(parent.getBalance(), sub.getBalance());
        });
    }

    /** A transfer the giving side cannot cover: nothing moved. */
    public static final class NotEnoughCredit extends RuntimeException {
        NotEnoughCredit(String who, long balance, int asked) {
            super(who + " holds " + balance + " credits, not " + asked + ": nothing was moved");
        }
    }

    /** The sub-account's sending by month (Paris time), newest first: from its ledger's debits and refunds. */
    public List<Month> consumption(long parentId, long subId) {
        Sub sub = find(parentId, subId).orElseThrow(() -> new AccountException("no sub-account " + subId));
        return db.tx(em -> {
            Map<YearMonth, long[]> months = new TreeMap<>(java.util.Comparator.reverseOrder());
            for (Object[] row : em.createQuery("select l.kind, l.credits, l.createdAt from LedgerEntry l where l.accountId = :a"
                    + " and l.kind in (io.colibri.gateway.store.LedgerEntry.Kind.DEBIT, io.colibri.gateway.store.LedgerEntry.Kind.REFUND)",
                    Object[].class).setParameter("a", sub.id()).getResultList()) {
                YearMonth month = YearMonth.from(((OffsetDateTime) row[2]).atZoneSameInstant(PARIS));
                long[] m = months.computeIfAbsent(month, k -> new long[2]);
                if (row[0] == LedgerEntry.Kind.DEBIT) {
                    m[0]++;
                }
                m[1] -= ((Number) row[1]).intValue();
            }
            List<Month> out = new ArrayList<>();
            months.forEach((month, m) -> out.add(new Month(month.toString(), m[0], m[1])));
            return out;
        });
    }

    private static Sub sub(Account a) {
        return new Sub(a.getId(), a.getEmail(), a.getName(), a.getSubKind() == null ? null : Kind.of(a.getSubKind()), a.getBalance(),
                a.getCreatedAt().withOffsetSameInstant(ZoneOffset.UTC));
    }

}
