package io.colibri.gateway.node;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.Service;
import org.apache.camel.ServiceStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drains this node before it is stopped ({@code colibri:drain}): it stops taking new work, finishes
 * what it holds, and says when it is done. First the routes that take work in (HTTP, the API and
 * console, files, the mailbox, timers and cron jobs, the broker entry for service buses) and the
 * SMPP server for ESMEs; then the consumers of the broker's queues and the SMSCs' receivers, each
 * stopped once its exchanges in flight are done: what they had not taken stays on the broker for
 * the other nodes. The node's heartbeat and its metrics keep running, the heartbeat saying
 * "draining". Routes called by others (direct:, seda:) stay, so that nothing in flight is cut.
 */
public final class Drain {
    private static final Logger LOG = LoggerFactory.getLogger(Drain.class);
    /** Consumers that take work in from outside or from the clock: stopped first. */
    static final Set<String> INPUTS = Set.of("jetty", "rest", "rest-api", "platform-http", "file", "imap", "imaps", "pop3", "pop3s",
            "timer", "quartz", "master", "scheduler", "cron");
    /** Routes whose consumers are calls from other routes, and those a draining node keeps. */
    static final Set<String> INTERNAL = Set.of("direct", "seda", "vm");
    static final Set<String> KEPT = Set.of("node-heartbeat", "metrics");
    /** The bus entry: a queue consumer, but of new work (stopped with the inputs). */
    static final Set<String> INPUT_ROUTES = Set.of("bus-inbound");

    private final CamelContext context;
    private final Node node;
    private final io.colibri.gateway.store.Database db;
    private final List<String> stopped = new ArrayList<>();

    public Drain(CamelContext context, Node node, io.colibri.gateway.store.Database db) {
        this.context = context;
        this.node = node;
        this.db = db;
    }

    /**
     * What a drain did: routes stopped, whether every one stopped within the time given, exchanges
     * still in flight, and messages this node still holds claimed (being submitted).
     */
    public record Report(List<String> inputs, List<String> consumers, List<String> late, int inflight, int claims) {
        public boolean done() {
            return late.isEmpty() && inflight == 0 && claims == 0;
        }
    }

    /** Drains this node, each route given up to {@code patience} to finish what it holds. */
    public synchronized Report drain(Duration patience) {
        node.draining(true);
        node.beat();
        LOG.info("{} draining: no new work taken, what it holds finished", node);
        List<String> inputs = new ArrayList<>();
        List<String> consumers = new ArrayList<>();
        List<String> late = new ArrayList<>();
        for (Route r : context.getRoutes()) {
            if (KEPT.contains(r.getRouteId()) || INTERNAL.contains(scheme(r))) {
                continue;
            }
            (INPUTS.contains(scheme(r)) || INPUT_ROUTES.contains(r.getRouteId()) ? inputs : consumers).add(r.getRouteId());
        }
        stop(inputs, patience, late);
        stop(consumers, patience, late);
        // Then what takes work in and is no route (the SMPP server's binds), and what a node holds
        // for the others (its SMSC bind slots).
        drainables().forEach(Drainable::drain);
        int inflight = context.getInflightRepository().size();
        int claims = claimsHeld();
        Report report = new Report(inputs, consumers, late, inflight, claims);
        LOG.info("{} drained: {} input route(s) and {} consumer(s) stopped{}{}{}", node, inputs.size(), consumers.size(),
                late.isEmpty() ? "" : ", still busy: " + late, inflight == 0 ? "" : ", exchanges in flight: " + inflight,
                claims == 0 ? "" : ", messages still claimed: " + claims);
        return report;
    }

    /** Takes work again: the routes a drain stopped are started, the heartbeat no longer says draining. */
    public synchronized List<String> resume() {
        List<String> started = new ArrayList<>();
        List<Drainable> drainables = drainables();
        for (String id : stopped) {
            if (drainables.stream().anyMatch(d -> d.starts(id))) {
                continue; // started by its owner when it may run (a connector's bind slot)
            }
            try {
                context.getRouteController().startRoute(id);
                started.add(id);
            } catch (Exception e) {
                LOG.warn("route {} did not start again: {}", id, e.toString());
            }
        }
        stopped.clear();
        drainables.forEach(Drainable::resume);
        node.draining(false);
        node.beat();
        LOG.info("{} takes work again: {} route(s) started", node, started.size());
        return started;
    }

    /** Messages this node claimed and has not settled (message_outbox.claimed_by). */
    private int claimsHeld() {
        return db.jdbc(c -> {
            try (var s = c.prepareStatement("select count(*) from message_outbox where claimed_by = ?")) {
                s.setString(1, node.name());
                try (var r = s.executeQuery()) {
                    return r.next() ? r.getInt(1) : 0;
                }
            }
        });
    }

    /** The context's services and beans that take part in a drain. */
    private List<Drainable> drainables() {
        List<Drainable> found = new ArrayList<>();
        for (Service s : context.hasServices(Service.class)) {
            if (s instanceof Drainable d) {
                found.add(d);
            }
        }
        context.getRegistry().findByType(Drainable.class).stream().filter(d -> !found.contains(d)).forEach(found::add);
        return found;
    }

    private void stop(List<String> ids, Duration patience, List<String> late) {
        for (String id : ids) {
            ServiceStatus status = context.getRouteController().getRouteStatus(id);
            if (status == null || !status.isStarted()) {
                continue;
            }
            try {
                // Graceful: the consumer takes nothing more; the exchanges in flight are waited for.
                if (!context.getRouteController().stopRoute(id, patience.toMillis(), TimeUnit.MILLISECONDS, true)) {
                    late.add(id);
                }
                stopped.add(id);
            } catch (Exception e) {
                LOG.warn("route {} did not stop: {}", id, e.toString());
                late.add(id);
            }
        }
    }

    private static String scheme(Route r) {
        String uri = r.getEndpoint().getEndpointUri();
        int colon = uri.indexOf(':');
        return colon < 0 ? uri : uri.substring(0, colon);
    }

    /**
     * A service of the CamelContext (not a route) that takes work in, the SMPP server for ESMEs, or
     * a bean holding what the other nodes need once this one stops (the SMSC bind slots).
     */
    public interface Drainable {
        /** Takes no new work; what it holds is finished or left to the other nodes. */
        void drain();

        void resume();

        /** Whether it starts this route itself when the route may run (a resume leaves it alone). */
        default boolean starts(String routeId) {
            return false;
        }
    }
}
