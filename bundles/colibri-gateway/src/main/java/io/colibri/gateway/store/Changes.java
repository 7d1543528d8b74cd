package io.colibri.gateway.store;

import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the nodes sharing one PostgreSQL database tell each other of the changes their caches
 * depend on (issue 18). The node making a change calls {@link #tell} inside the transaction that
 * makes it: {@code pg_notify} sends the notification only if that transaction commits, and
 * PostgreSQL delivers the notifications of different transactions in the order they committed.
 * Every node's {@code node.ChangeListener} hears them on a connection of its own and hands them
 * to {@link #received}, which calls the handler each cache registered for that kind; when the
 * listener loses its connection it calls {@link #lost}: every cache is dropped, since
 * notifications may have been missed.
 *
 * <p>A payload is {@code <sender> <kind>:<rest>}. A node skips its own notifications: it updated
 * its caches at the change, as a single node always did, and hearing them again would only repeat
 * that (for the duplicate guard, once per group commit). On H2 (one node, one process) nothing is
 * sent and nothing listens.
 */
public final class Changes {
    private static final Logger LOG = LoggerFactory.getLogger(Changes.class);
    /** PostgreSQL's limit on a payload is 8000 bytes; ours stay under it with room. */
    public static final int MAX_PAYLOAD = 7900;

    /** The kinds of change, as written in payloads. */
    public static final String OPTIONS = "options";
    public static final String ACCOUNT = "account";
    public static final String PASSWORD = "password";
    public static final String BLACKLIST_ADDED = "blacklist+";
    public static final String BLACKLIST_REMOVED = "blacklist-";
    public static final String CALLBACK = "callback";
    public static final String SMPP_ADDED = "smpp+";
    public static final String SMPP_REMOVED = "smpp-";
    public static final String TEXTS = "texts";

    private final Database db;
    private final boolean enabled;
    private final String channel;
    /** This store's run: the sender of its notifications, so that it skips its own. */
    private final String sender;
    private final Map<String, List<Consumer<String>>> handlers = new ConcurrentHashMap<>();
    private final List<Runnable> dropAll = new CopyOnWriteArrayList<>();

    public Changes(Database db) {
        this.db = db;
        this.enabled = db != null && db.postgresql();
        byte[] id = new byte[4];
        new SecureRandom().nextBytes(id);
        this.sender = HexFormat.of().formatHex(id);
        this.channel = enabled ? channelOf(db) : null;
    }

    /** One that tells nobody and hears nothing (H2, tests of one store). */
    public static Changes none() {
        return new Changes(null);
    }

    /**
     * The channel: {@code colibri_changes}, or for a database schema other than {@code public}
     * {@code colibri_changes:<schema>}: notifications are per database, not per schema, and two
     * installations (or two tests) in schemas of one database must not hear each other.
     */
    private static String channelOf(Database db) {
        String schema = db.jdbc(c -> {
            try (PreparedStatement s = c.prepareStatement("select current_schema()"); ResultSet r = s.executeQuery()) {
                return r.next() ? r.getString(1) : null;
            }
        });
        String name = schema == null || schema.equals("public") ? "colibri_changes" : "colibri_changes:" + schema;
        // A channel is an identifier: 63 bytes at most (PostgreSQL's NAMEDATALEN).
        return name.length() > 63 ? name.substring(0, 63) : name;
    }

    /** Whether notifications are sent and heard (PostgreSQL). */
    public boolean enabled() {
        return enabled;
    }

    /** The channel this store's nodes speak on (null on H2). */
    public String channel() {
        return channel;
    }

    /** This store's name in its payloads. */
    public String sender() {
        return sender;
    }

    /**
     * Tells the other nodes of a change, inside the caller's transaction (required: sent at its
     * commit, not at all if it rolls back). Nothing on H2.
     */
    public void tell(String kind, String what) {
        if (!enabled) {
            return;
        }
        if (!db.inTransaction()) {
            throw new IllegalStateException("a change is told inside the transaction that makes it: " + kind);
        }
        db.jdbc(c -> {
            notify(c, kind + ":" + what);
            return null;
        });
    }

    /** As {@link #tell}, on the JDBC connection of the transaction making the change. */
    public void tell(java.sql.Connection c, String kind, String what) throws java.sql.SQLException {
        if (enabled) {
            notify(c, kind + ":" + what);
        }
    }

    /**
     * As {@link #tell(java.sql.Connection, String, String)} for several changes of one kind, in one
     * statement (one round trip, whatever their number: a group commit's keys of many accounts).
     */
    public void tell(java.sql.Connection c, String kind, List<String> whats) throws java.sql.SQLException {
        if (!enabled || whats.isEmpty()) {
            return;
        }
        if (whats.size() == 1) {
            notify(c, kind + ":" + whats.get(0));
            return;
        }
        String[] payloads = new String[whats.size()];
        for (int i = 0; i < payloads.length; i++) {
            payloads[i] = payload(kind + ":" + whats.get(i));
        }
        // In the array's order: PostgreSQL queues a transaction's notifications in the order sent.
        try (PreparedStatement s = c.prepareStatement("select pg_notify(?, p) from unnest(?::text[]) with ordinality as t(p, n) order by n")) {
            s.setString(1, channel);
            s.setArray(2, c.createArrayOf("text", payloads));
            s.execute();
        }
    }

    private String payload(String body) {
        String payload = sender + " " + body;
        if (payload.length() > MAX_PAYLOAD) {
            throw new IllegalArgumentException("a change's payload is " + payload.length() + " characters, more than " + MAX_PAYLOAD);
        }
        return payload;
    }

    private void notify(java.sql.Connection c, String body) throws java.sql.SQLException {
        try (PreparedStatement s = c.prepareStatement("select pg_notify(?, ?)")) {
            s.setString(1, channel);
            s.setString(2, payload(body));
            s.execute();
        }
    }

    /** Calls {@code handler} with the part after {@code kind:} of each notification of that kind from another node. */
    public void on(String kind, Consumer<String> handler) {
        handlers.computeIfAbsent(kind, k -> new CopyOnWriteArrayList<>()).add(handler);
    }

    /** Calls {@code drop} when notifications may have been missed: the cache drops everything. */
    public void onLost(Runnable drop) {
        dropAll.add(drop);
    }

    /** A notification heard on the channel (the listener's thread). */
    public void received(String payload) {
        int space = payload.indexOf(' ');
        int colon = payload.indexOf(':', space + 1);
        if (space <= 0 || colon < 0) {
            LOG.warn("changes: a notification of an unknown form on {} ignored ({} characters)", channel, payload.length());
            return;
        }
        if (payload.regionMatches(0, sender, 0, space) && space == sender.length()) {
            return; // our own: the caches were updated at the change
        }
        String kind = payload.substring(space + 1, colon);
        List<Consumer<String>> hs = handlers.get(kind);
        if (hs == null) {
            LOG.warn("changes: a notification of an unknown kind '{}' ignored (a newer node?)", kind);
            return;
        }
        String rest = payload.substring(colon + 1);
        for (Consumer<String> h : hs) {
            try {
                h.accept(rest);
            } catch (RuntimeException e) {
                // A cache that cannot apply a change must not keep what it had: everything goes.
                LOG.warn("changes: a '{}' notification could not be applied ({}): every cache dropped", kind, e.toString());
                lost();
                return;
            }
        }
    }

    /** Notifications may have been missed (the listening connection failed): every cache drops all it holds. */
    public void lost() {
        for (Runnable r : dropAll) {
            try {
                r.run();
            } catch (RuntimeException e) {
                LOG.warn("changes: a cache failed to drop what it holds: {}", e.toString());
            }
        }
    }
}
