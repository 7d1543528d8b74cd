package io.colibri.gateway.smpp;

import io.colibri.gateway.Connector;
import io.colibri.gateway.node.Drain;
import io.colibri.gateway.node.Node;
import io.colibri.gateway.store.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bind slots (bean of routes/smpp/bind-slots.yaml): a connector whose key {@code binds} is above
 * 0 is bound by at most that many gateway nodes at once, the number of binds the operator allows.
 * Each slot is a row of {@code smpp_bind_slot}; a node holding one runs the connector's two routes
 * (its transmitter and its receiver), a node without one keeps them stopped (its share of the
 * connector's messages waits on the broker's queue, where the nodes holding a slot take it). Every
 * heartbeat a node without a slot takes a free one, or the slot of a node that is dead (not heard
 * from for deadAfterMillis); a node whose slot was taken while it was taken for dead stops its
 * routes. A slot is taken by one statement whose row count decides: two nodes never hold the same.
 */
public final class BindSlots implements Drain.Drainable {
    private static final Logger LOG = LoggerFactory.getLogger(BindSlots.class);

    private final Database db;
    private final Node node;
    private final Clock clock;
    private final List<Connector> limited;
    private final Map<String, Integer> held = new ConcurrentHashMap<>();
    private volatile boolean draining;

    public BindSlots(Database db, Node node, Clock clock, List<Connector> connectors) {
        this.db = db;
        this.node = node;
        this.clock = clock;
        this.limited = connectors.stream().filter(c -> c.binds() > 0).toList();
    }

    /** True when no connector limits its binds: nothing to do. */
    public boolean idle() {
        return limited.isEmpty();
    }

    /** Takes or keeps a slot of each limited connector, and runs its routes while it holds one. */
    public void check(org.apache.camel.Exchange exchange) throws Exception {
        if (limited.isEmpty() || draining) {
            return;
        }
        CamelContext context = exchange.getContext();
        for (Connector c : limited) {
            Integer slot = db.jdbc(conn -> take(conn, c));
            Integer before = slot == null ? held.remove(c.name()) : held.put(c.name(), slot);
            if (slot != null && before == null) {
                LOG.info("{} holds bind slot {} of {} for connector {}: binding", node, slot, c.binds(), c.name());
            } else if (slot == null && before != null) {
                LOG.warn("{} lost bind slot {} of connector {} (taken for dead?): unbinding", node, before, c.name());
            }
            for (String route : routes(c)) {
                ServiceStatus status = context.getRouteController().getRouteStatus(route);
                if (status == null) {
                    continue;
                }
                if (slot != null && !status.isStarted() && !status.isStarting()) {
                    context.getRouteController().startRoute(route);
                } else if (slot == null && status.isStarted()) {
                    context.getRouteController().stopRoute(route);
                }
            }
        }
    }

    /** The slot of {@code c} this node holds after this call, or null. */
    private Integer take(Connection conn, Connector c) throws SQLException {
        OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        try (PreparedStatement s = conn.prepareStatement("select slot from smpp_bind_slot where connector = ? and node = ? order by slot")) {
            s.setString(1, c.name());
            s.setString(2, node.name());
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    int slot = r.getInt(1);
                    if (slot <= c.binds()) {
                        return slot;
                    }
                }
            }
        }
        // Slots past the count (binds lowered) are given up.
        try (PreparedStatement s = conn.prepareStatement("delete from smpp_bind_slot where connector = ? and slot > ?")) {
            s.setString(1, c.name());
            s.setInt(2, c.binds());
            s.executeUpdate();
        }
        for (int slot = 1; slot <= c.binds(); slot++) {
            // A free slot: the insert makes a row, or finds one (another node's) and makes none.
            String insert = db.postgresql()
                    ? "insert into smpp_bind_slot (connector, slot, node, taken_at) values (?, ?, ?, ?) on conflict do nothing"
                    : "insert into smpp_bind_slot (connector, slot, node, taken_at) select ?, ?, ?, ? from (values (1)) v"
                    + " where not exists (select 1 from smpp_bind_slot where connector = ? and slot = ?)";
            try (PreparedStatement s = conn.prepareStatement(insert)) {
                s.setString(1, c.name());
                s.setInt(2, slot);
                s.setString(3, node.name());
                s.setObject(4, now);
                if (!db.postgresql()) {
                    s.setString(5, c.name());
                    s.setInt(6, slot);
                }
                if (s.executeUpdate() == 1) {
                    return slot;
                }
            }
            // The slot of a dead node (or of one no longer in the table).
            try (PreparedStatement s = conn.prepareStatement("update smpp_bind_slot set node = ?, taken_at = ? where connector = ? and slot = ?"
                    + " and node <> ? and not exists (select 1 from node n where n.name = smpp_bind_slot.node and n.seen_at >= ?)")) {
                s.setString(1, node.name());
                s.setObject(2, now);
                s.setString(3, c.name());
                s.setInt(4, slot);
                s.setString(5, node.name());
                s.setObject(6, now.minus(node.deadAfter()));
                if (s.executeUpdate() == 1) {
                    return slot;
                }
            }
        }
        return null;
    }

    /** A draining node gives its slots up (its routes were stopped with the other consumers). */
    @Override
    public void drain() {
        draining = true;
        if (limited.isEmpty()) {
            return;
        }
        db.jdbc(conn -> {
            try (PreparedStatement s = conn.prepareStatement("delete from smpp_bind_slot where node = ?")) {
                s.setString(1, node.name());
                return s.executeUpdate();
            }
        });
        held.clear();
    }

    @Override
    public void resume() {
        draining = false;
    }

    @Override
    public boolean starts(String routeId) {
        return limited.stream().anyMatch(c -> routes(c).contains(routeId));
    }

    /** The slots this node holds, by connector. */
    public Map<String, Integer> held() {
        return Map.copyOf(held);
    }

    static List<String> routes(Connector c) {
        return List.of(io.colibri.gateway.Gateway.OUTBOUND_TEMPLATE + "-" + c.name(), io.colibri.gateway.Gateway.INBOUND_TEMPLATE + "-" + c.name());
    }
}
