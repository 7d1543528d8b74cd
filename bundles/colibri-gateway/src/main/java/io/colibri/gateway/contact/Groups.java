package io.colibri.gateway.contact;

import io.colibri.domain.PhoneNumber;
import io.colibri.gateway.store.Contact;
import io.colibri.gateway.store.ContactGroup;
import io.colibri.gateway.store.Database;
import jakarta.persistence.EntityManager;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

/**
 * An account's named groups of contacts (HTTP-3, MERGE-1). A group is created by its first
 * contact; a number appears once per group (adding it again replaces its name and variables) and
 * may be in several groups.
 */
public final class Groups {
    /** The longest group name. */
    public static final int MAX_NAME = 100;

    /** A group and how many contacts it has. */
    public record Summary(String name, long contacts) {
    }

    /** One contact, as shown and as merged. */
    public record Member(String number, String name, String v1, String v2, String v3) {
    }

    public static final class GroupException extends RuntimeException {
        public GroupException(String message) {
            super(message);
        }
    }

    private final Database db;

    public Groups(Database db) {
        this.db = db;
    }

    /**
     * A group name must say something and must not be readable as a phone number: {@code numero}
     * holds either one.
     *
     * @throws GroupException saying what is wrong
     */
    public static String validName(String name) {
        String n = name == null ? "" : name.strip();
        if (n.isEmpty()) {
            throw new GroupException("a group needs a name");
        }
        if (n.length() > MAX_NAME) {
            throw new GroupException("a group name has at most " + MAX_NAME + " characters");
        }
        if (PhoneNumber.looksLikeNumber(n) || PhoneNumber.parse(n).isPresent()) {
            throw new GroupException("a group name cannot look like a phone number: " + n);
        }
        if (n.indexOf('@') >= 0) {
            throw new GroupException("a group name cannot contain @: " + n);
        }
        return n;
    }

    /** The account's groups by name, with their sizes. */
    public List<Summary> list(long accountId) {
        return db.tx(em -> em.createQuery("select g.name, (select count(c) from Contact c where c.groupId = g.id)"
                        + " from ContactGroup g where g.accountId = :a order by g.nameKey", Object[].class)
                .setParameter("a", accountId).getResultList().stream()
                .map(r -> new Summary((String) r[0], ((Number) r[1]).longValue())).toList());
    }

    /** The group's contacts, by number; empty when there is no such group. */
    public Optional<List<Member>> members(long accountId, String group) {
        // A projection, not entities: a group of thousands is read without the persistence context's bookkeeping.
        return db.tx(em -> find(em, accountId, group).map(g -> em.createQuery(
                        "select c.number, c.name, c.v1, c.v2, c.v3 from Contact c where c.groupId = :g order by c.number", Object[].class)
                .setParameter("g", g.getId()).getResultStream()
                .map(r -> new Member((String) r[0], (String) r[1], (String) r[2], (String) r[3], (String) r[4])).toList()));
    }

    /** Members read per page (by number, on the group's unique index): a group of any size is never held whole. */
    static final int PAGE = 1000;

    /**
     * The group's members, in number order, read a page at a time as they are iterated (each
     * iteration reads them afresh); empty when there is no such group.
     */
    public Optional<Iterable<Member>> stream(long accountId, String group) {
        Optional<Long> groupId = db.tx(em -> find(em, accountId, group).map(ContactGroup::getId));
        return groupId.map(id -> () -> new java.util.Iterator<Member>() {
            private java.util.Iterator<Member> page = java.util.Collections.emptyIterator();
            private String after = "";
            private boolean last;

            @Override
            public boolean hasNext() {
                if (!page.hasNext() && !last) {
                    List<Member> next = page(id, after);
                    last = next.size() < PAGE;
                    if (!next.isEmpty()) {
                        after = next.get(next.size() - 1).number();
                    }
                    page = next.iterator();
                }
                return page.hasNext();
            }

            @Override
            public Member next() {
                if (!hasNext()) {
                    throw new java.util.NoSuchElementException();
                }
                return page.next();
            }
        });
    }

    private List<Member> page(long groupId, String after) {
        return db.tx(em -> em.createQuery("select c.number, c.name, c.v1, c.v2, c.v3 from Contact c where c.groupId = :g"
                        + " and c.number > :after order by c.number", Object[].class)
                .setParameter("g", groupId).setParameter("after", after).setMaxResults(PAGE).getResultStream()
                .map(r -> new Member((String) r[0], (String) r[1], (String) r[2], (String) r[3], (String) r[4])).toList());
    }

    /** The group's name as it was created (its case), if it exists. */
    public Optional<String> name(long accountId, String group) {
        return db.tx(em -> find(em, accountId, group).map(ContactGroup::getName));
    }

    /**
     * Puts the number into the group (created if needed), or replaces its name and variables there.
     *
     * @return true when the number is new in the group
     */
    public boolean add(long accountId, String group, PhoneNumber number, String name, String v1, String v2, String v3) {
        String valid = validName(group);
        return db.tx(em -> {
            ContactGroup g = findOrCreate(em, accountId, valid);
            Optional<Contact> existing = contact(em, g.getId(), number.e164());
            if (existing.isPresent()) {
                existing.get().update(name, v1, v2, v3);
                return false;
            }
            em.persist(new Contact(g.getId(), number.e164(), name, v1, v2, v3));
            return true;
        });
    }

    /** What an import did: numbers new in the group, and numbers already there whose details were replaced. */
    public record Imported(int added, int updated) {
    }

    /**
     * Imports contacts into the group (created if needed), a batch at a time, in the caller's
     * transaction when there is one: a number new to the group is added, one already there has its
     * name and variables replaced (a later line of the same file wins).
     */
    public Imported importBatch(long accountId, String group, List<io.colibri.domain.ContactRows.Contact> batch) {
        String valid = validName(group);
        return db.tx(em -> {
            ContactGroup g = findOrCreate(em, accountId, valid);
            em.flush();
            java.util.Map<String, io.colibri.domain.ContactRows.Contact> byNumber = new java.util.LinkedHashMap<>();
            batch.forEach(c -> byNumber.put(c.number().e164(), c));
            return em.unwrap(org.hibernate.Session.class).doReturningWork(connection -> {
                // One indexed lookup a number (group_id, phone_number is unique): constant memory and
                // time per line, however large the group already is.
                try (var exists = connection.prepareStatement("select 1 from contact where group_id = ? and phone_number = ?");
                     var insert = connection.prepareStatement(
                        "insert into contact (group_id, phone_number, name, v1, v2, v3) values (?, ?, ?, ?, ?, ?)");
                     var update = connection.prepareStatement(
                        "update contact set name = ?, v1 = ?, v2 = ?, v3 = ? where group_id = ? and phone_number = ?")) {
                    int added = 0;
                    int updated = 0;
                    for (var c : byNumber.values()) {
                        exists.setLong(1, g.getId());
                        exists.setString(2, c.number().e164());
                        boolean known;
                        try (var rs = exists.executeQuery()) {
                            known = rs.next();
                        }
                        if (known) {
                            update.setString(1, c.name());
                            update.setString(2, c.v1());
                            update.setString(3, c.v2());
                            update.setString(4, c.v3());
                            update.setLong(5, g.getId());
                            update.setString(6, c.number().e164());
                            update.addBatch();
                            updated++;
                        } else {
                            insert.setLong(1, g.getId());
                            insert.setString(2, c.number().e164());
                            insert.setString(3, c.name());
                            insert.setString(4, c.v1());
                            insert.setString(5, c.v2());
                            insert.setString(6, c.v3());
                            insert.addBatch();
                            added++;
                        }
                    }
                    insert.executeBatch();
                    update.executeBatch();
                    return new Imported(added, updated);
                }
            });
        });
    }

    /**
     * Moves the number into the group (created if needed): out of the account's other groups, in
     * with the name and variables it had (OPT-1 bad numbers, OPT-16 criteria rules).
     *
     * @return how many other groups it left
     */
    public int moveTo(long accountId, String group, PhoneNumber number) {
        String valid = validName(group);
        return db.tx(em -> {
            ContactGroup target = findOrCreate(em, accountId, valid);
            List<Contact> elsewhere = em.createQuery("select c from Contact c where c.number = :n and c.groupId in"
                            + " (select g.id from ContactGroup g where g.accountId = :a)", Contact.class)
                    .setParameter("n", number.e164()).setParameter("a", accountId).getResultList();
            Contact model = elsewhere.stream().filter(c -> c.getGroupId() != target.getId()).findFirst().orElse(null);
            int left = 0;
            boolean there = false;
            for (Contact c : elsewhere) {
                if (c.getGroupId() == target.getId()) {
                    there = true;
                } else {
                    em.remove(c);
                    left++;
                }
            }
            if (!there) {
                em.persist(model == null ? new Contact(target.getId(), number.e164(), null, null, null, null)
                        : new Contact(target.getId(), number.e164(), model.getName(), model.getV1(), model.getV2(), model.getV3()));
            }
            return left;
        });
    }

    /** @return false when the number was not in the group (or there is no such group) */
    public boolean remove(long accountId, String group, PhoneNumber number) {
        return db.tx(em -> find(em, accountId, group)
                .flatMap(g -> contact(em, g.getId(), number.e164()))
                .map(c -> {
                    em.remove(c);
                    return true;
                }).orElse(false));
    }

    /** Deletes the group and its contacts (the numbers stay in the account's other groups). @return how many contacts it held, empty when there was no such group */
    public Optional<Integer> delete(long accountId, String group) {
        return db.tx(em -> find(em, accountId, group).map(g -> {
            int contacts = em.createQuery("delete from Contact c where c.groupId = :g").setParameter("g", g.getId()).executeUpdate();
            em.remove(g);
            return contacts;
        }));
    }

    private static Optional<Contact> contact(EntityManager em, long groupId, String e164) {
        return em.createQuery("select c from Contact c where c.groupId = :g and c.number = :n", Contact.class)
                .setParameter("g", groupId).setParameter("n", e164).getResultStream().findFirst();
    }

    private static Optional<ContactGroup> find(EntityManager em, long accountId, String group) {
        if (group == null || group.isBlank()) {
            return Optional.empty();
        }
        return em.createQuery("select g from ContactGroup g where g.accountId = :a and g.nameKey = :k", ContactGroup.class)
                .setParameter("a", accountId).setParameter("k", ContactGroup.key(group)).getResultStream().findFirst();
    }

    private static ContactGroup findOrCreate(EntityManager em, long accountId, String group) {
        return find(em, accountId, group).orElseGet(() -> {
            ContactGroup g = new ContactGroup(accountId, group, OffsetDateTime.now());
            em.persist(g);
            return g;
        });
    }
}
