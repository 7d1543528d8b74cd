package io.colibri.gateway.blacklist;

import io.colibri.domain.PhoneNumber;
import io.colibri.gateway.store.BlacklistEntry;
import io.colibri.gateway.store.Changes;
import io.colibri.gateway.store.Database;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * Per-account lists of numbers that must never receive that account's messages (OPT-14): filled
 * by STOP replies and by the console. A send to a listed number is refused (84), never debited.
 */
public final class Blacklist {
    private final Database db;
    /**
     * Account → its listed numbers, read at every send: kept here. A number listed is added before
     * its transaction commits, a number removed drops the account's set (read again when asked);
     * a number found here is confirmed by the database, so a listing rolled back refuses nothing.
     */
    private final java.util.Map<Long, Listed> cache = new java.util.concurrent.ConcurrentHashMap<>();

    /** One account's numbers: what was added since, merged with what the database had when first asked. */
    private final class Listed {
        final java.util.Set<String> numbers = java.util.concurrent.ConcurrentHashMap.newKeySet();
        volatile boolean loaded;

        synchronized void load(long accountId) {
            if (!loaded) {
                numbers.addAll(numbers(accountId));
                loaded = true;
            }
        }
    }

    private final Changes changes;

    public Blacklist(Database db) {
        this(db, Changes.none());
    }

    /**
     * @param changes the other nodes are told of each number listed or removed (a STOP on one node
     *                must refuse the next send on every other at once), and this one of theirs
     */
    public Blacklist(Database db, Changes changes) {
        this.db = db;
        this.changes = changes;
        // Another node listed a number: added to the account's set if this node holds one (else it
        // is read whole at the first check, after that commit). One number, not the whole list
        // again: an account that gets many STOPs would make every node read its list at each.
        changes.on(Changes.BLACKLIST_ADDED, rest -> {
            int colon = rest.indexOf(':');
            Listed listed = cache.get(Long.parseLong(rest.substring(0, colon)));
            if (listed != null) {
                listed.numbers.add(rest.substring(colon + 1));
            }
        });
        // Removed on another node: a number found here is confirmed by the database anyway, so
        // this only keeps the set from growing.
        changes.on(Changes.BLACKLIST_REMOVED, rest -> {
            int colon = rest.indexOf(':');
            Listed listed = cache.get(Long.parseLong(rest.substring(0, colon)));
            if (listed != null) {
                listed.numbers.remove(rest.substring(colon + 1));
            }
        });
        changes.onLost(cache::clear);
    }

    /** @return false when the number was listed already */
    public boolean add(long accountId, PhoneNumber number, String reason) {
        return db.tx(em -> {
            if (em.find(BlacklistEntry.class, new BlacklistEntry.Key(accountId, number.e164())) != null) {
                return false;
            }
            em.persist(new BlacklistEntry(accountId, number.e164(), reason, OffsetDateTime.now()));
            changes.tell(Changes.BLACKLIST_ADDED, accountId + ":" + number.e164());
            // Before the commit: a check that reads the list meanwhile must not miss it.
            cache.computeIfAbsent(accountId, id -> new Listed()).numbers.add(number.e164());
            return true;
        });
    }

    /** @return false when the number was not listed */
    public boolean remove(long accountId, PhoneNumber number) {
        return db.tx(em -> {
            BlacklistEntry e = em.find(BlacklistEntry.class, new BlacklistEntry.Key(accountId, number.e164()));
            if (e == null) {
                return false;
            }
            em.remove(e);
            changes.tell(Changes.BLACKLIST_REMOVED, accountId + ":" + number.e164());
            cache.remove(accountId);
            return true;
        });
    }

    public boolean contains(long accountId, PhoneNumber number) {
        Listed listed = cache.computeIfAbsent(accountId, id -> new Listed());
        if (!listed.loaded) {
            listed.load(accountId);
        }
        return listed.numbers.contains(number.e164())
                && db.tx(em -> em.find(BlacklistEntry.class, new BlacklistEntry.Key(accountId, number.e164())) != null);
    }

    /** The account's listed numbers (E.164), for checking a whole group at once. */
    public java.util.Set<String> numbers(long accountId) {
        return db.tx(em -> new java.util.HashSet<>(em.createQuery("select b.number from BlacklistEntry b where b.accountId = :a", String.class)
                .setParameter("a", accountId).getResultList()));
    }

    public List<BlacklistEntry> list(long accountId) {
        return db.tx(em -> em.createQuery("select b from BlacklistEntry b where b.accountId = :a order by b.number", BlacklistEntry.class)
                .setParameter("a", accountId).getResultList());
    }
}
