package io.colibri.gateway.node;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.apache.camel.support.cluster.AbstractCamelClusterService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which node leads each singleton ({@code master:<namespace>:…}) among the nodes sharing one
 * PostgreSQL database: the node holding the session-level advisory lock of the namespace leads
 * it. Each node keeps one connection of its own for these locks (outside the pool, which would
 * recycle it), and every {@code check} it tries the locks of the namespaces it does not lead yet,
 * or asks the connection whether it is alive. A node that dies (kill -9, its machine gone) loses
 * its session and, with it, its locks, so another node takes each namespace at its next check.
 * A connection that fails gives every namespace up at once (another node may already have taken
 * them) and is opened again at the next check. A namespace no route needs any more is unlocked.
 *
 * <p>Why advisory locks: PostgreSQL is the one coordination service every node already has, it
 * forgets a dead session's locks by itself, and nothing has to be written or expired (a lease
 * in a table would need clocks that agree and a renewal under load). The lock's key is a 64-bit
 * hash of the connection's schema and the namespace, so gateways of other schemas of the same
 * database never contend. The connection must reach PostgreSQL itself, not a transaction pooler.
 */
public final class AdvisoryLockLeaders extends AbstractCamelClusterService<LeaderView> {
    private static final Logger LOG = LoggerFactory.getLogger(AdvisoryLockLeaders.class);
    /**
     * PostgreSQL's side: a session whose peer has gone silent (its machine lost, a network cut)
     * is dropped after about 5 + 3 × 2 s of keepalives, releasing its locks; by then the node
     * itself has given them up (its check found no answer within {@link #answerWithin}).
     */
    private static final String[][] SESSION = {
        {"tcp_keepalives_idle", "5"}, {"tcp_keepalives_interval", "2"}, {"tcp_keepalives_count", "3"}};

    private final String nodeName;
    private final DataSource source;
    private final long checkMillis;
    private final int answerWithin;
    /** The namespaces some route needs (their views started). */
    private final Set<LeaderView> wanted = ConcurrentHashMap.newKeySet();
    /** The namespaces whose lock this session holds, with the lock's key: the checking thread's only. */
    private final Map<String, Long> held = new HashMap<>();
    private ScheduledExecutorService checks;
    private ExecutorService events;
    /** The checking thread's only. */
    private Connection connection;
    private String schema;
    private boolean down;
    private volatile int sessionPid;

    /**
     * @param source where the node's own connection comes from (the gateway's database, unpooled)
     * @param check how often the locks are tried and the connection asked whether it is alive
     */
    public AdvisoryLockLeaders(String nodeName, DataSource source, Duration check) {
        this.nodeName = nodeName;
        this.source = source;
        this.checkMillis = check.toMillis();
        if (checkMillis < 100) {
            throw new IllegalArgumentException("leaderCheckMillis must be at least 100");
        }
        // A check unanswered for this long counts as a lost connection (the node gives its leads up).
        this.answerWithin = (int) Math.max(5000, 3 * checkMillis);
        setId("colibri-leaders");
    }

    /** Every view made, by namespace (tests ask whether their consumers were told). */
    private final Map<String, LeaderView> views = new ConcurrentHashMap<>();

    @Override
    protected LeaderView createView(String namespace) {
        return views.computeIfAbsent(namespace,
                n -> new LeaderView(this, n, nodeName, r -> events.execute(r), this::wanted, this::unwanted));
    }

    @Override
    protected void doStart() throws Exception {
        events = Executors.newCachedThreadPool(LeaderView.threads("colibri-leaders-events"));
        checks = Executors.newSingleThreadScheduledExecutor(LeaderView.threads("colibri-leaders"));
        super.doStart();
        checks.scheduleWithFixedDelay(this::check, 0, checkMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    protected void doStop() throws Exception {
        super.doStop();
        checks.shutdown();
        if (!checks.awaitTermination(answerWithin + 1000L, TimeUnit.MILLISECONDS)) {
            checks.shutdownNow();
        }
        // Closing the session releases every lock it holds: the other nodes take them at once.
        closeSession();
        events.shutdown();
    }

    private void wanted(LeaderView view) {
        wanted.add(view);
        ScheduledExecutorService c = checks;
        if (c != null && !c.isShutdown()) {
            c.execute(this::check);
        }
    }

    private void unwanted(LeaderView view) {
        wanted.remove(view);
        view.lead(false);
        ScheduledExecutorService c = checks;
        if (c != null && !c.isShutdown()) {
            c.execute(() -> release(view));
        }
    }

    /** On the checking thread: takes the free locks of the namespaces wanted, or asks whether the session is alive. */
    private void check() {
        try {
            if (connection == null) {
                connect();
            }
            boolean asked = false;
            for (LeaderView view : wanted) {
                String namespace = view.getNamespace();
                if (held.containsKey(namespace)) {
                    continue;
                }
                long key = key(schema, namespace);
                asked = true;
                if (bool("select pg_try_advisory_lock(?)", key)) {
                    held.put(namespace, key);
                    LOG.info("node {} leads {}", nodeName, namespace);
                    view.lead(true);
                }
            }
            if (!asked) {
                bool("select true", null);
            }
            if (down) {
                down = false;
                LOG.info("node {}: the connection for leadership is back", nodeName);
            }
        } catch (SQLException | RuntimeException e) {
            giveUp(e);
        }
    }

    /** The connection failed: every lead is given up at once, and the connection is opened again at the next check. */
    private void giveUp(Exception e) {
        List<String> lost = new ArrayList<>(held.keySet());
        held.clear();
        for (LeaderView view : wanted) {
            view.lead(false);
        }
        closeSession();
        if (!lost.isEmpty() || !down) {
            LOG.warn("node {}: the connection for leadership failed ({}); gives up {}; tries again every {} ms", nodeName,
                    e.getMessage(), lost.isEmpty() ? "nothing" : lost, checkMillis);
        }
        down = true;
    }

    private void release(LeaderView view) {
        String namespace = view.getNamespace();
        Long key = held.remove(namespace);
        // After a lead a check took while the view was stopping.
        view.lead(false);
        if (key == null || connection == null) {
            return;
        }
        try {
            bool("select pg_advisory_unlock(?)", key);
            LOG.info("node {} no longer leads {}: no route needs it", nodeName, namespace);
        } catch (SQLException e) {
            giveUp(e);
        }
    }

    private void connect() throws SQLException {
        Connection c = source.getConnection();
        try {
            c.setAutoCommit(true);
            c.setNetworkTimeout(Runnable::run, answerWithin);
            try (PreparedStatement s = c.prepareStatement("select set_config(?, ?, false)")) {
                for (String[] setting : SESSION) {
                    s.setString(1, setting[0]);
                    s.setString(2, setting[1]);
                    s.execute();
                }
                // Who holds a lock, in pg_stat_activity: the node's name.
                s.setString(1, "application_name");
                s.setString(2, ("colibri leaders " + nodeName).substring(0, Math.min(63, ("colibri leaders " + nodeName).length())));
                s.execute();
            }
            try (PreparedStatement s = c.prepareStatement("select current_schema(), pg_backend_pid()"); ResultSet r = s.executeQuery()) {
                r.next();
                schema = r.getString(1) == null ? "" : r.getString(1);
                sessionPid = r.getInt(2);
            }
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
        connection = c;
    }

    private boolean bool(String sql, Long key) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement(sql)) {
            if (key != null) {
                s.setLong(1, key);
            }
            try (ResultSet r = s.executeQuery()) {
                return r.next() && r.getBoolean(1);
            }
        }
    }

    private void closeSession() {
        Connection c = connection;
        connection = null;
        sessionPid = 0;
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // a connection that failed: PostgreSQL has dropped, or will drop, its session
            }
        }
    }

    /** The lock of a namespace: the first 64 bits of SHA-256 over the schema and the namespace. */
    static long key(String schema, String namespace) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest((schema + "/" + namespace).getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(h, 0, 8).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * True once the consumers of this namespace have been told whether this node leads it: {@link #isLeader}
     * changes at once, the consumer starts or stops a moment later, on its own thread.
     */
    public boolean told(String namespace) {
        LeaderView view = views.get(namespace);
        return view == null || view.told();
    }

    /** The PostgreSQL backend of this node's lock session, 0 while it has none (tests cut it). */
    int sessionPid() {
        return sessionPid;
    }

    @Override
    public String toString() {
        return "leaders of node " + nodeName + " (PostgreSQL advisory locks)";
    }
}
