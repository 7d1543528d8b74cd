package io.colibri.gateway.blacklist;

import io.colibri.domain.PhoneNumber;
import io.colibri.gateway.store.BlacklistEntry;
import io.colibri.gateway.store.Database;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * Per-account lists of numbers that must never receive that account's messages (OPT-14): filled
 * by STOP replies and by the console. A send to a listed number is refused (84), never debited.
 */
public final class Blacklist {
    private final Database db;

    public Blacklist(Database db) {
        this.db = db;
    }

    /** @return false when the number was listed already */
    public boolean add(long accountId, PhoneNumber number, String reason) {
        return db.tx(em -> {
            if (em.find(BlacklistEntry.class, new BlacklistEntry.Key(accountId, number.e164())) != null) {
                return false;
            }
            em.persist(new BlacklistEntry(accountId, number.e164(), reason, OffsetDateTime.now()));
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
            return true;
        });
    }

    public boolean contains(long accountId, PhoneNumber number) {
        return db.tx(em -> em.find(BlacklistEntry.class, new BlacklistEntry.Key(accountId, number.e164())) != null);
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
