package io.colibri.gateway.node;

import io.colibri.gateway.store.Database;
import java.net.InetAddress;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This gateway node among those sharing the database (bean {@code node}): its name (in log
 * lines, metrics and the claims it makes), its heartbeat in the table {@code node}, and which
 * nodes are dead (not heard from for {@code deadAfter}).
 */
public final class Node {
    private static final Logger LOG = LoggerFactory.getLogger(Node.class);

    private final String name;
    private final String instance = UUID.randomUUID().toString();
    private final Database db;
    private final Clock clock;
    private final Duration deadAfter;
    private final OffsetDateTime started;
    private volatile boolean draining;

    public Node(String name, Database db, Clock clock, Duration deadAfter) {
        this.name = name == null || name.isBlank() ? hostName() : name.strip();
        if (!this.name.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new IllegalArgumentException("node name must be 1 to 64 letters, digits, dots, dashes or underscores: " + this.name);
        }
        this.db = db;
        this.clock = clock;
        this.deadAfter = deadAfter;
        this.started = now();
    }

    /**
     * The default name: the system property colibri.node (bin/setenv sets it from the same cfg file,
     * or the host name, for the log lines), else the machine's host name.
     */
    public static String hostName() {
        String property = System.getProperty("colibri.node");
        if (property != null && !property.isBlank()) {
            return property.strip();
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            String env = System.getenv("HOSTNAME");
            return env == null || env.isBlank() ? "colibri" : env;
        }
    }

    public String name() {
        return name;
    }

    /** This run of the node (a new one at each start). */
    public String instance() {
        return instance;
    }

    public OffsetDateTime started() {
        return started;
    }

    public Duration deadAfter() {
        return deadAfter;
    }

    public boolean draining() {
        return draining;
    }

    /** Writes that this node is alive (route node-heartbeat). */
    public void beat() {
        OffsetDateTime now = now();
        boolean drainingNow = draining;
        db.jdbc(c -> {
            String previous = null;
            try (PreparedStatement s = c.prepareStatement("select instance from node where name = ?")) {
                s.setString(1, name);
                try (ResultSet r = s.executeQuery()) {
                    if (r.next()) {
                        previous = r.getString(1);
                    }
                }
            }
            if (previous == null) {
                try (PreparedStatement s = c.prepareStatement(
                        "insert into node (name, instance, started_at, seen_at, draining) values (?, ?, ?, ?, ?)")) {
                    s.setString(1, name);
                    s.setString(2, instance);
                    s.setObject(3, started);
                    s.setObject(4, now);
                    s.setBoolean(5, drainingNow);
                    s.executeUpdate();
                }
                return null;
            }
            if (!previous.equals(instance)) {
                LOG.info("node {} (run {}) takes over its row from run {}", name, instance, previous);
            }
            try (PreparedStatement s = c.prepareStatement(
                    "update node set instance = ?, started_at = ?, seen_at = ?, draining = ? where name = ?")) {
                s.setString(1, instance);
                s.setObject(2, started);
                s.setObject(3, now);
                s.setBoolean(4, drainingNow);
                s.setString(5, name);
                s.executeUpdate();
            }
            return null;
        });
    }

    /** Nodes other than this one not heard from for {@link #deadAfter()}. */
    public List<String> dead() {
        OffsetDateTime before = now().minus(deadAfter);
        return db.jdbc(c -> names(c.prepareStatement("select name from node where seen_at < ? and name <> ? order by name"), before));
    }

    /** Nodes (this one included) heard from within {@link #deadAfter()}. */
    public List<String> alive() {
        OffsetDateTime since = now().minus(deadAfter);
        return db.jdbc(c -> names(c.prepareStatement("select name from node where seen_at >= ? or name = ? order by name"), since));
    }

    /** Marks this node draining: it takes no new work (see Drain); written with the next beat. */
    public void draining(boolean draining) {
        this.draining = draining;
    }

    private List<String> names(PreparedStatement s, OffsetDateTime at) throws SQLException {
        try (s) {
            s.setObject(1, at);
            s.setString(2, name);
            List<String> names = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    names.add(r.getString(1));
                }
            }
            return names;
        }
    }

    private OffsetDateTime now() {
        return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    @Override
    public String toString() {
        return "node " + name;
    }
}
