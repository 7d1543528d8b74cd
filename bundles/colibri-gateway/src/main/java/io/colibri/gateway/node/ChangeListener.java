package io.colibri.gateway.node;

import io.colibri.gateway.store.Changes;
import io.colibri.gateway.store.Database;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicLong;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hears what the other nodes sharing the PostgreSQL database changed (issue 18, see
 * {@link Changes}): one connection of its own, outside the pool, LISTENing on the store's
 * channel, read by a thread of its own ({@code PGConnection.getNotifications}), each notification
 * handed to the caches it names. A Camel service: it starts and stops with the gateway.
 *
 * <p>Once LISTEN holds, every cache is dropped: what was cached before may be older than a change
 * told before anyone listened (at the start, or while the connection was down). When the
 * connection fails (PostgreSQL restarted, the session terminated, the network cut; an idle
 * connection is checked every {@code checkMillis}) every cache is dropped at once, and again
 * at each failed attempt to listen again (100 ms doubling to 1 s): while it cannot hear, a node
 * keeps nothing for longer than that. On H2 it does nothing.
 */
public final class ChangeListener implements org.apache.camel.Service {
    private static final Logger LOG = LoggerFactory.getLogger(ChangeListener.class);
    static final long FIRST_RETRY_MILLIS = 100;
    static final long MAX_RETRY_MILLIS = 1000;

    private final Database db;
    private final Changes changes;
    private final long checkMillis;
    private final long firstRetryMillis;
    private volatile boolean running;
    private volatile Thread thread;
    private volatile Connection connection;
    private volatile int backendPid = -1;
    private final AtomicLong heard = new AtomicLong();
    private final AtomicLong drops = new AtomicLong();
    private final AtomicLong listens = new AtomicLong();

    /** @param checkMillis how long the connection may stay silent before it is asked whether it is alive */
    public ChangeListener(Database db, Changes changes, long checkMillis) {
        this(db, changes, checkMillis, FIRST_RETRY_MILLIS);
    }

    /** @param firstRetryMillis the first wait before listening again (a test widens it to act in that gap) */
    ChangeListener(Database db, Changes changes, long checkMillis, long firstRetryMillis) {
        this.db = db;
        this.changes = changes;
        this.checkMillis = checkMillis;
        this.firstRetryMillis = firstRetryMillis;
    }

    @Override
    public synchronized void start() {
        if (!changes.enabled() || running) {
            return;
        }
        running = true;
        Thread t = new Thread(this::run, "colibri-changes");
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    @Override
    public synchronized void stop() {
        running = false;
        Thread t = thread;
        thread = null;
        if (t == null) {
            return;
        }
        Connection c = connection;
        if (c != null) {
            try {
                c.close(); // wakes the thread out of its wait
            } catch (SQLException | RuntimeException e) {
                LOG.debug("changes: closing the listening connection: {}", e.toString());
            }
        }
        t.interrupt();
        try {
            t.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The PostgreSQL backend of the listening session, -1 while there is none (tests end it). */
    public int backendPid() {
        return backendPid;
    }

    /** Whether the node hears the others now. */
    public boolean listening() {
        return backendPid > 0;
    }

    /** Notifications heard (the node's own included). */
    public long heard() {
        return heard.get();
    }

    /** Times every cache was dropped because notifications may have been missed. */
    public long drops() {
        return drops.get();
    }

    /** Times LISTEN took hold (1 for a connection that never failed). */
    public long listens() {
        return listens.get();
    }

    private void run() {
        long retry = firstRetryMillis;
        while (running) {
            try (Connection c = db.unpooledConnection()) {
                connection = c;
                try (Statement s = c.createStatement()) {
                    s.execute("LISTEN \"" + changes.channel().replace("\"", "\"\"") + "\"");
                }
                PGConnection pg = c.unwrap(PGConnection.class);
                // Heard from here on; anything cached before may predate a change nobody heard.
                drop();
                backendPid = pg.getBackendPID();
                if (listens.incrementAndGet() > 1) {
                    LOG.info("changes: listening again on {}; every cache dropped", changes.channel());
                }
                retry = firstRetryMillis;
                listen(c, pg);
            } catch (SQLException | RuntimeException e) {
                backendPid = -1;
                if (!running) {
                    break;
                }
                drop();
                LOG.warn("changes: the connection listening to the other nodes failed ({}); every cache dropped, listening again in {} ms",
                        e.toString(), retry);
                try {
                    Thread.sleep(retry);
                } catch (InterruptedException interrupted) {
                    break;
                }
                retry = Math.max(firstRetryMillis, Math.min(MAX_RETRY_MILLIS, retry * 2));
            } finally {
                connection = null;
                backendPid = -1;
            }
        }
    }

    private void listen(Connection c, PGConnection pg) throws SQLException {
        long quietSince = System.nanoTime();
        while (running) {
            PGNotification[] received = pg.getNotifications((int) Math.min(500, checkMillis));
            if (received != null && received.length > 0) {
                for (PGNotification n : received) {
                    heard.incrementAndGet();
                    changes.received(n.getParameter());
                }
                quietSince = System.nanoTime();
            } else if (System.nanoTime() - quietSince > checkMillis * 1_000_000L) {
                // A connection cut without a word (a network gone) would wait here for good.
                if (!c.isValid((int) Math.max(1, checkMillis / 1000))) {
                    throw new SQLException("the listening connection does not answer");
                }
                quietSince = System.nanoTime();
            }
        }
    }

    private void drop() {
        drops.incrementAndGet();
        changes.lost();
    }
}
