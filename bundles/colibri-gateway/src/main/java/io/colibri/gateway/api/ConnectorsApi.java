package io.colibri.gateway.api;

import static io.colibri.gateway.api.ApiJson.time;

import io.colibri.gateway.Connector;
import io.colibri.gateway.Gateway;
import io.colibri.gateway.smpp.Outbound;
import io.colibri.gateway.store.Database;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.apache.camel.Exchange;

/**
 * The operator's view of the connectors ({@code GET /api/v1/admin/connectors}): each one's settings,
 * its routes' state, what waits for it (messages queued for it and not yet taken by its SMSC,
 * messages being submitted, messages waiting for their time), when it last took a message and its
 * last failure. Bean {@code apiConnectors} of routes/api/admin.yaml.
 */
public final class ConnectorsApi {
    /** @param receiverBound whether its receiver is bound to its SMSC now (null: unknown) */
    public record ConnectorView(String name, String host, int port, String systemId, int window, int rate, String submitRoute,
                                String receiptRoute, long queued, long submitting, long scheduled, String lastSentAt, String lastError,
                                String lastErrorAt, int failingBatches, Boolean receiverBound) {
    }

    public record ConnectorList(List<ConnectorView> connectors) {
    }

    private final Database db;
    private final List<Connector> connectors;
    private final Outbound outbound;
    private final CamelContext context;

    private final io.colibri.gateway.smpp.InboundWatch watch;

    public ConnectorsApi(Database db, List<Connector> connectors, Outbound outbound, io.colibri.gateway.smpp.InboundWatch watch,
                         CamelContext context) {
        this.watch = watch;
        this.db = db;
        this.connectors = List.copyOf(connectors);
        this.outbound = outbound;
        this.context = context;
    }

    /** {@code GET /admin/connectors}. */
    public ApiAnswer connectors(Exchange exchange) {
        // One grouped read for every connector: what waits, by connector and status.
        Map<String, long[]> waiting = db.jdbc(c -> {
            Map<String, long[]> counts = new HashMap<>();
            try (PreparedStatement s = c.prepareStatement("select connector, status, count(*) from message"
                    + " where status in ('ACCEPTED', 'SUBMITTING', 'SCHEDULED') group by connector, status");
                 ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    long[] n = counts.computeIfAbsent(r.getString(1), k -> new long[3]);
                    n[switch (r.getString(2)) {
                        case "ACCEPTED" -> 0;
                        case "SUBMITTING" -> 1;
                        default -> 2;
                    }] = r.getLong(3);
                }
            }
            return counts;
        });
        Map<String, Outbound.Health> health = outbound.health();
        return ApiAnswer.ok(new ConnectorList(connectors.stream().map(c -> {
            long[] n = waiting.getOrDefault(c.name(), new long[3]);
            Outbound.Health h = health.getOrDefault(c.name(), new Outbound.Health(null, null, null, 0));
            return new ConnectorView(c.name(), c.host(), c.port(), c.systemId(), c.window(), c.rate(),
                    status(Gateway.OUTBOUND_TEMPLATE + "-" + c.name()), status(Gateway.INBOUND_TEMPLATE + "-" + c.name()), n[0], n[1], n[2],
                    time(h.lastSentAt()), h.lastError(), time(h.lastErrorAt()), h.failingBatches(),
                    watch.receiverBound(context, c.name()));
        }).toList()));
    }

    private String status(String routeId) {
        ServiceStatus s = context.getRouteController().getRouteStatus(routeId);
        return s == null ? "Absent" : s.name();
    }

}
