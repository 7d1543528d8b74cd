package io.colibri.gateway.smpp;

import java.lang.reflect.Field;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Route;
import org.apache.camel.component.smpp.SmppConsumer;
import org.jsmpp.session.SMPPSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps each connector's receiver bound. camel-smpp 4.14's consumer logs "was unbound - trying to
 * reconnect" when the SMSC unbinds (an SMSC restart) and then, unlike its producer, never binds
 * again: receipts and replies would wait at the SMSC for ever. Seen on this stack; see
 * docs/architecture.md. A receiver found unbound at two checks in a row has its route restarted,
 * which binds afresh. The consumer keeps its session private: it is read by reflection, and when
 * it cannot be read nothing is done.
 */
public final class InboundWatch {
    private static final Logger LOG = LoggerFactory.getLogger(InboundWatch.class);
    static final String PREFIX = "smpp-inbound-";
    private final Map<String, Integer> strikes = new ConcurrentHashMap<>();
    private final Field session = sessionField();

    public void check(Exchange exchange) {
        CamelContext context = exchange.getContext();
        for (Route route : context.getRoutes()) {
            if (!route.getId().startsWith(PREFIX) || !(route.getConsumer() instanceof SmppConsumer consumer)
                    || !context.getRouteController().getRouteStatus(route.getId()).isStarted()) {
                continue;
            }
            Boolean bound = bound(consumer);
            if (bound == null || bound) {
                strikes.remove(route.getId());
                continue;
            }
            if (strikes.merge(route.getId(), 1, Integer::sum) >= 2) {
                strikes.remove(route.getId());
                LOG.warn("{}: the receiver is not bound to its SMSC: restarting the route to bind again", route.getId());
                try {
                    context.getRouteController().stopRoute(route.getId());
                    context.getRouteController().startRoute(route.getId());
                } catch (Exception e) {
                    LOG.warn("{}: restart failed ({}), tried again at the next check", route.getId(), e.toString());
                }
            }
        }
    }

    /** Whether the connector's receiver is bound to its SMSC now; null when its route is absent or its session cannot be read. */
    public Boolean receiverBound(CamelContext context, String connector) {
        Route route = context.getRoute(PREFIX + connector);
        return route != null && route.getConsumer() instanceof SmppConsumer consumer ? bound(consumer) : null;
    }

    private Boolean bound(SmppConsumer consumer) {
        if (session == null) {
            return null;
        }
        try {
            SMPPSession s = (SMPPSession) session.get(consumer);
            return s != null && s.getSessionState().isBound();
        } catch (IllegalAccessException | RuntimeException e) {
            return null;
        }
    }

    private static Field sessionField() {
        try {
            Field f = SmppConsumer.class.getDeclaredField("session");
            f.setAccessible(true);
            return f;
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("camel-smpp's consumer has no session field any more: receivers are not watched ({})", e.toString());
            return null;
        }
    }
}
