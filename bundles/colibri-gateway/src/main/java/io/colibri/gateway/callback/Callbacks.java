package io.colibri.gateway.callback;

import io.colibri.domain.Callback;
import io.colibri.domain.CallbackAddresses;
import io.colibri.domain.IpRange;
import io.colibri.gateway.store.Changes;
import io.colibri.gateway.store.Database;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * HTTP callbacks (HTTP-6): each account's URL and secret, and the events to POST. An event is
 * written in the transaction that changes what it tells (a message's status, a reply), so it is
 * never lost; {@link CallbackSender} sends them.
 */
public final class Callbacks {
    /**
     * An event to send: in order with the others of its {@code orderingKey} (a message, a reply),
     * not before {@code nextAt}. Where it goes and how it is signed is the account's {@link Target}
     * when it leaves.
     */
    public record Event(long id, long accountId, String orderingKey, String body, OffsetDateTime createdAt, int attempts,
                        Instant nextAt) {
        Event failedOnce(Instant next) {
            return new Event(id, accountId, orderingKey, body, createdAt, attempts + 1, next);
        }
    }

    /** An account's callback URL and the secret its POSTs are signed with. */
    public record Target(String url, String secret) {
        /** The broker address its events are published on instead of POSTed ({@code bus:colibri.events}), or null. */
        public String busAddress() {
            return url.startsWith(BUS) ? url.substring(BUS.length()) : null;
        }
    }

    /**
     * The callback "URL" that publishes the account's events on the broker's events address for
     * service buses (docs/bus.md) rather than POSTing them: the same events, JSON and signature.
     */
    public static final String BUS_EVENTS = "bus:colibri.events";
    private static final String BUS = "bus:";

    private static final Optional<String[]> NONE = Optional.empty();

    private final Database db;
    /** Wakes the callbacks route once events were committed (set by the gateway). */
    private volatile Runnable wake = () -> { };
    private volatile boolean recorded;
    /** Account → {url, secret}, or none: read at every status change, so kept here. */
    private final Map<Long, Optional<String[]>> targets = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    /** Networks callbacks may reach although they are inside (etc/io.colibri.http.cfg, callbackAllowedNetworks). */
    private volatile List<IpRange> allowed = List.of();

    private final Changes changes;

    public Callbacks(Database db) {
        this(db, Changes.none());
    }

    /**
     * @param changes the other nodes are told when an account's URL is set or removed (each keeps
     *                "none" too, so a URL set elsewhere would never be used there), and this one of theirs
     */
    public Callbacks(Database db, Changes changes) {
        this.db = db;
        this.changes = changes;
        changes.on(Changes.CALLBACK, id -> targets.remove(Long.parseLong(id)));
        changes.onLost(targets::clear);
    }

    /**
     * What else hears of every status change and reply, in the transaction that makes it, whether
     * the account has a URL or not: the SMPP server's receipts and replies for its ESMEs.
     */
    public interface Tap {
        void changed(java.sql.Connection c, List<Change> changes) throws java.sql.SQLException;

        /** A reply matched to the account's message (null when it matched none), in the caller's transaction. */
        void replied(long accountId, Long messageId, String from, String text, Instant at);
    }

    private volatile Tap tap;

    /** Sets what else hears of changes and replies (null: nothing). */
    public void tap(Tap tap) {
        this.tap = tap;
    }

    /** The networks callbacks may reach although they are loopback, private or link-local. */
    public void allow(List<IpRange> networks) {
        allowed = List.copyOf(networks);
    }

    /**
     * Why a callback may not go to this URL now (its host resolves to an address inside, see
     * {@link CallbackAddresses}, or to nothing), or empty when it may. Asked when the URL is set
     * and again before each POST (a name may resolve elsewhere later).
     */
    public Optional<String> refusal(URI uri) {
        String host = uri.getHost();
        if (host == null) {
            return Optional.of("no host");
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host.startsWith("[") ? host.substring(1, host.length() - 1) : host);
        } catch (UnknownHostException e) {
            return Optional.of(host + " is not found");
        }
        for (InetAddress a : addresses) {
            Optional<String> why = CallbackAddresses.refused(a, allowed);
            if (why.isPresent()) {
                return why;
            }
        }
        return Optional.empty();
    }

    /**
     * Sets the account's callback URL (http or https) and gives it a new secret, returned once.
     *
     * @throws IllegalArgumentException for a URL that is not absolute http(s), or that leads inside
     */
    public String set(long accountId, String url) {
        URI uri;
        try {
            uri = URI.create(url.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a URL: " + url);
        }
        if (uri.getScheme() != null && uri.getScheme().equals("bus")) {
            if (!uri.toString().equals(BUS_EVENTS)) {
                throw new IllegalArgumentException("the broker's events address is " + BUS_EVENTS + ", not " + url);
            }
        } else if (uri.getScheme() == null || !uri.getScheme().matches("(?i)https?") || uri.getHost() == null) {
            throw new IllegalArgumentException("the callback URL must be http:// or https:// with a host (or " + BUS_EVENTS
                    + " for the broker), not " + url);
        } else {
            Optional<String> refused = refusal(uri);
            if (refused.isPresent()) {
                throw new IllegalArgumentException("the callback URL may not be used: " + refused.get()
                        + " (an operator may allow a network with callbackAllowedNetworks in etc/io.colibri.http.cfg)");
            }
        }
        byte[] key = new byte[24];
        random.nextBytes(key);
        String secret = HexFormat.of().formatHex(key);
        db.tx(em -> {
            em.createNativeQuery("delete from callback where account_id = ?1").setParameter(1, accountId).executeUpdate();
            em.createNativeQuery("insert into callback (account_id, url, secret, created_at) values (?1, ?2, ?3, ?4)")
                    .setParameter(1, accountId).setParameter(2, uri.toString()).setParameter(3, secret)
                    .setParameter(4, OffsetDateTime.now()).executeUpdate();
            changes.tell(Changes.CALLBACK, Long.toString(accountId));
            return null;
        });
        targets.remove(accountId);
        return secret;
    }

    /** No more callbacks for the account; events not sent yet are dropped with it. @return false when it had none */
    public boolean remove(long accountId) {
        boolean had = db.tx(em -> {
            em.createNativeQuery("update callback_event set done_at = ?1, outcome = 'callback removed' where account_id = ?2"
                    + " and done_at is null").setParameter(1, OffsetDateTime.now()).setParameter(2, accountId).executeUpdate();
            changes.tell(Changes.CALLBACK, Long.toString(accountId));
            return em.createNativeQuery("delete from callback where account_id = ?1").setParameter(1, accountId).executeUpdate() > 0;
        });
        targets.remove(accountId);
        return had;
    }

    /** The account's callback URL, if it has one. */
    public Optional<String> url(long accountId) {
        return targetOf(accountId).map(t -> t[0]);
    }

    /** What to run when events were committed: wake the callbacks route (never waits). */
    public void wake(Runnable action) {
        wake = action == null ? () -> { } : action;
    }

    /** The caller committed a transaction that may have written events: the sender goes now rather than at its next tick. */
    public void committed() {
        if (recorded) {
            recorded = false;
            wake.run();
        }
    }

    /** A message's new status, for the account's URL (HTTP-6). */
    public record Change(long accountId, long messageId, String recipient, String status, String error, Instant at) {
    }

    /**
     * The events of these status changes, for the accounts that have a URL, written in the
     * caller's JDBC transaction (the one that makes the changes) in one batch.
     */
    public void recordAll(java.sql.Connection c, java.util.List<Change> changes) throws java.sql.SQLException {
        Tap t = tap;
        if (t != null) {
            t.changed(c, changes);
        }
        java.sql.PreparedStatement insert = null;
        try {
            for (Change ch : changes) {
                if (targetOf(ch.accountId()).isEmpty()) {
                    continue;
                }
                if (insert == null) {
                    insert = c.prepareStatement("insert into callback_event (account_id, ordering_key, body, created_at, attempts, next_at)"
                            + " values (?, ?, ?, ?, 0, ?)");
                }
                String body = Callback.status(ch.messageId(), ch.recipient(), ch.status(), ch.at(), ch.error());
                OffsetDateTime at = OffsetDateTime.ofInstant(ch.at(), ZoneOffset.UTC);
                insert.setLong(1, ch.accountId());
                insert.setString(2, "m:" + ch.messageId());
                insert.setString(3, body.length() > 4000 ? body.substring(0, 4000) : body);
                insert.setObject(4, at);
                insert.setObject(5, at);
                insert.addBatch();
            }
            if (insert != null) {
                insert.executeBatch();
                recorded = true;
            }
        } finally {
            if (insert != null) {
                insert.close();
            }
        }
    }

    /** A message's status changed: an event for the account's URL, if it has one (in the caller's transaction). */
    public void statusChanged(long accountId, long messageId, String recipient, String status, String error, Instant at) {
        Tap t = tap;
        if (t != null) {
            db.jdbc(c -> {
                t.changed(c, List.of(new Change(accountId, messageId, recipient, status, error, at)));
                return null;
            });
        }
        if (targetOf(accountId).isPresent()) {
            record(accountId, "m:" + messageId, Callback.status(messageId, recipient, status, at, error), at);
        }
    }

    /** A reply came for the account (in the caller's transaction). */
    public void replied(long accountId, long replyId, Long messageId, String from, String text, Instant at) {
        Tap t = tap;
        if (t != null) {
            t.replied(accountId, messageId, from, text, at);
        }
        if (targetOf(accountId).isPresent()) {
            record(accountId, "r:" + replyId, Callback.reply(replyId, messageId, from, text, at), at);
        }
    }

    private static final String EVENT = "select id, account_id, ordering_key, body, created_at, attempts, next_at from callback_event";

    /**
     * The events after {@code cursor} in id order, at most {@code limit}, with those already done
     * (a removed callback's) left out. By the primary key alone: a condition on {@code done_at}
     * would lead the database to the due index, and to sorting every pending event at each round.
     */
    public Page after(long cursor, int limit) {
        return db.jdbc(c -> {
            try (java.sql.PreparedStatement s = c.prepareStatement(
                    "select id, account_id, ordering_key, body, created_at, attempts, next_at, done_at from callback_event"
                            + " where id > ? order by id limit ?")) {
                s.setLong(1, cursor);
                s.setInt(2, limit);
                List<Event> events = new ArrayList<>();
                long last = cursor;
                int rows = 0;
                try (java.sql.ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        rows++;
                        last = r.getLong(1);
                        if (r.getObject(8) == null) {
                            events.add(event(r));
                        }
                    }
                }
                return new Page(events, last, rows);
            }
        });
    }

    /** Events read after a cursor: those not done, the last id read, and how many rows were read. */
    public record Page(List<Event> events, long last, int rows) {
    }

    /**
     * Events not sent yet up to {@code upTo} that {@code wanted} (id, account) takes, in id order,
     * at most {@code limit}: those a sender reading in id order went past (an event whose
     * transaction committed after a later one's, an account that had more than its share).
     */
    public List<Event> missed(long upTo, java.util.function.BiPredicate<Long, Long> wanted, int limit) {
        return db.jdbc(c -> {
            List<Long> ids = new ArrayList<>();
            try (java.sql.PreparedStatement s = c.prepareStatement(
                    "select id, account_id from callback_event where done_at is null and id <= ? order by id")) {
                s.setLong(1, upTo);
                try (java.sql.ResultSet r = s.executeQuery()) {
                    while (ids.size() < limit && r.next()) {
                        if (wanted.test(r.getLong(1), r.getLong(2))) {
                            ids.add(r.getLong(1));
                        }
                    }
                }
            }
            if (ids.isEmpty()) {
                return List.<Event>of();
            }
            try (java.sql.PreparedStatement s = c.prepareStatement(EVENT + " where id = any(?) order by id")) {
                s.setArray(1, c.createArrayOf("BIGINT", ids.toArray()));
                return events(s);
            }
        });
    }

    private static List<Event> events(java.sql.PreparedStatement s) throws java.sql.SQLException {
        List<Event> events = new ArrayList<>();
        try (java.sql.ResultSet r = s.executeQuery()) {
            while (r.next()) {
                events.add(event(r));
            }
        }
        return events;
    }

    private static Event event(java.sql.ResultSet r) throws java.sql.SQLException {
        return new Event(r.getLong(1), r.getLong(2), r.getString(3), r.getString(4), r.getObject(5, OffsetDateTime.class),
                r.getInt(6), r.getObject(7, OffsetDateTime.class).toInstant());
    }

    /**
     * Takes the callback leases of these accounts for this node until {@code until}: those nobody
     * holds, those whose holder let them run out (before {@code now}: a dead node's), and its own.
     * Each account in turn, by one statement whose row count decides (two nodes taking the same
     * account: one waits for the other's commit, then finds it held). @return the accounts it holds among them
     */
    public java.util.Set<Long> lease(String node, java.util.Collection<Long> accounts, Instant now, Instant until) {
        java.util.Set<Long> taken = new java.util.HashSet<>();
        if (accounts.isEmpty()) {
            return taken;
        }
        List<Long> sorted = accounts.stream().sorted().toList(); // the same order on every node: none deadlocks another
        OffsetDateTime from = OffsetDateTime.ofInstant(now, ZoneOffset.UTC);
        OffsetDateTime to = OffsetDateTime.ofInstant(until, ZoneOffset.UTC);
        db.jdbc(c -> {
            if (db.postgresql()) {
                try (java.sql.PreparedStatement s = c.prepareStatement("insert into callback_lease (account_id, node, until) values (?, ?, ?)"
                        + " on conflict (account_id) do update set node = excluded.node, until = excluded.until"
                        + " where callback_lease.until < ? or callback_lease.node = excluded.node")) {
                    for (long account : sorted) {
                        s.setLong(1, account);
                        s.setString(2, node);
                        s.setObject(3, to);
                        s.setObject(4, from);
                        if (s.executeUpdate() > 0) {
                            taken.add(account);
                        }
                    }
                }
                return null;
            }
            // H2 serves one node: no other taker to race with.
            try (java.sql.PreparedStatement u = c.prepareStatement("update callback_lease set node = ?, until = ? where account_id = ?"
                    + " and (until < ? or node = ?)");
                 java.sql.PreparedStatement i = c.prepareStatement("insert into callback_lease (account_id, node, until) select ?, ?, ?"
                         + " where not exists (select 1 from callback_lease where account_id = ?)")) {
                for (long account : sorted) {
                    u.setString(1, node);
                    u.setObject(2, to);
                    u.setLong(3, account);
                    u.setObject(4, from);
                    u.setString(5, node);
                    int n = u.executeUpdate();
                    if (n == 0) {
                        i.setLong(1, account);
                        i.setString(2, node);
                        i.setObject(3, to);
                        i.setLong(4, account);
                        n = i.executeUpdate();
                    }
                    if (n > 0) {
                        taken.add(account);
                    }
                }
            }
            return null;
        });
        return taken;
    }

    /** Extends every lease the node holds until {@code until}. @return the accounts it holds */
    public java.util.Set<Long> renew(String node, Instant until) {
        return db.jdbc(c -> {
            try (java.sql.PreparedStatement u = c.prepareStatement("update callback_lease set until = ? where node = ?")) {
                u.setObject(1, OffsetDateTime.ofInstant(until, ZoneOffset.UTC));
                u.setString(2, node);
                u.executeUpdate();
            }
            java.util.Set<Long> held = new java.util.HashSet<>();
            try (java.sql.PreparedStatement s = c.prepareStatement("select account_id from callback_lease where node = ?")) {
                s.setString(1, node);
                try (java.sql.ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        held.add(r.getLong(1));
                    }
                }
            }
            return held;
        });
    }

    /** The node lets these accounts' leases go: it holds nothing of them, and the next event goes to whichever node takes it. */
    public void letGo(String node, java.util.Collection<Long> accounts) {
        if (accounts.isEmpty()) {
            return;
        }
        db.jdbc(c -> {
            try (java.sql.PreparedStatement d = c.prepareStatement("delete from callback_lease where node = ? and account_id = any(?)")) {
                d.setString(1, node);
                d.setArray(2, c.createArrayOf("BIGINT", accounts.toArray()));
                return d.executeUpdate();
            }
        });
    }

    /** The accounts with events not sent yet. */
    public java.util.Set<Long> pendingAccounts() {
        return accountsWhere("done_at is null", null, List.of());
    }

    /** Those of these accounts with events not sent yet up to {@code upTo}: events a sender reading in id order went past. */
    public java.util.Set<Long> pendingUpTo(long upTo, java.util.Collection<Long> accounts) {
        if (accounts.isEmpty()) {
            return java.util.Set.of();
        }
        return accountsWhere("done_at is null and id <= ? and account_id = any(?)", upTo, accounts);
    }

    private java.util.Set<Long> accountsWhere(String where, Long upTo, java.util.Collection<Long> accounts) {
        return db.jdbc(c -> {
            try (java.sql.PreparedStatement s = c.prepareStatement("select distinct account_id from callback_event where " + where)) {
                if (upTo != null) {
                    s.setLong(1, upTo);
                    s.setArray(2, c.createArrayOf("BIGINT", accounts.toArray()));
                }
                java.util.Set<Long> found = new java.util.HashSet<>();
                try (java.sql.ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        found.add(r.getLong(1));
                    }
                }
                return found;
            }
        });
    }

    /** Where the account's events go now, if it has a callback URL. */
    public Optional<Target> target(long accountId) {
        return targetOf(accountId).map(t -> new Target(t[0], t[1]));
    }

    /** What a POST came to: the server's 2xx status (0: published on the broker), or why it failed (no answer, another status). */
    public record Outcome(Event event, int status, String failure) {
        public boolean delivered() {
            return failure == null;
        }
    }

    /**
     * Records what a round of POSTs came to, in one transaction: taken events are done; failed
     * ones are tried again later (Callback.retryAt), or given up after 24 h.
     *
     * @return the events given up
     */
    public List<Event> record(List<Outcome> outcomes, Instant now) {
        List<Event> givenUp = new ArrayList<>();
        if (outcomes.isEmpty()) {
            return givenUp;
        }
        OffsetDateTime at = OffsetDateTime.ofInstant(now, ZoneOffset.UTC);
        db.jdbc(c -> {
            try (java.sql.PreparedStatement done = c.prepareStatement(
                    "update callback_event set attempts = attempts + 1, done_at = ?, outcome = ? where id = ?");
                 java.sql.PreparedStatement later = c.prepareStatement(
                         "update callback_event set attempts = attempts + 1, next_at = ?, outcome = ? where id = ?")) {
                boolean anyDone = false;
                boolean anyLater = false;
                for (Outcome o : outcomes) {
                    Optional<Instant> next = o.delivered() ? Optional.empty()
                            : Callback.retryAt(o.event().createdAt().toInstant(), o.event().attempts() + 1, now);
                    if (o.delivered() || next.isEmpty()) {
                        done.setObject(1, at);
                        done.setString(2, shorten(o.delivered() ? (o.status() == 0 ? "published" : "HTTP " + o.status())
                                : "given up after 24 h: " + o.failure()));
                        done.setLong(3, o.event().id());
                        done.addBatch();
                        anyDone = true;
                        if (!o.delivered()) {
                            givenUp.add(o.event());
                        }
                    } else {
                        later.setObject(1, OffsetDateTime.ofInstant(next.get(), ZoneOffset.UTC));
                        later.setString(2, shorten(o.failure()));
                        later.setLong(3, o.event().id());
                        later.addBatch();
                        anyLater = true;
                    }
                }
                if (anyDone) {
                    done.executeBatch();
                }
                if (anyLater) {
                    later.executeBatch();
                }
            }
            return null;
        });
        return givenUp;
    }

    private void record(long accountId, String orderingKey, String body, Instant at) {
        db.tx(em -> em.createNativeQuery("insert into callback_event (account_id, ordering_key, body, created_at, attempts, next_at)"
                        + " values (?1, ?2, ?3, ?4, 0, ?4)")
                .setParameter(1, accountId).setParameter(2, orderingKey).setParameter(3, body.length() > 4000 ? body.substring(0, 4000) : body)
                .setParameter(4, OffsetDateTime.ofInstant(at, ZoneOffset.UTC)).executeUpdate());
    }

    private Optional<String[]> targetOf(long accountId) {
        return targets.computeIfAbsent(accountId, id -> db.tx(em -> {
            @SuppressWarnings("unchecked")
            List<Object[]> rows = em.createNativeQuery("select url, secret from callback where account_id = ?1").setParameter(1, id)
                    .getResultList();
            return rows.isEmpty() ? NONE : Optional.of(new String[] {(String) rows.get(0)[0], (String) rows.get(0)[1]});
        }));
    }

    private static String shorten(String s) {
        return s == null ? null : s.length() > 200 ? s.substring(0, 200) : s;
    }
}
