package io.colibri.gateway.smpp;

import io.colibri.gateway.Connector;
import io.colibri.gateway.Flow;
import io.colibri.gateway.Wiring;
import io.colibri.gateway.store.Store;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The SMSC side (routes/smpp/): each connector's submit route and its receipts and replies route,
 * made from templates; receipts configured by etc/io.colibri.receipts.cfg.
 */
@Component(service = Flow.class, configurationPid = "io.colibri.receipts")
@Designate(ocd = SmppFlow.Config.class)
public final class SmppFlow implements Flow {
    @ObjectClassDefinition(name = "Colibri receipts", description = "etc/io.colibri.receipts.cfg: what the SMSC's receipts mean")
    public @interface Config {
        @AttributeDefinition(description = "comma-separated receipt error codes that say the number does not exist (OPT-1)")
        String badNumberErrors() default "001";
    }

    private final Config config;

    @Activate
    public SmppFlow(Config config) {
        this.config = config;
    }

    @Override
    public String name() {
        return "smpp";
    }

    @Override
    public void wire(Wiring wiring) {
        Store store = wiring.store();
        SubmitRecords inFlight = new SubmitRecords();
        // Checked before any route is made: a fallback that names no connector, or a cycle, stops the start.
        wiring.bind("outbound", new Outbound(store.submissions(), wiring.charsets(), inFlight, wiring.clock(),
                io.colibri.gateway.Connector.fallbacks(wiring.connectors()), io.colibri.gateway.metrics.MetricsFlow.meters(wiring)));
        Set<String> badNumbers = Arrays.stream(config.badNumberErrors().split(",")).map(String::strip).filter(c -> !c.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
        wiring.bind("receipts", new Receipts(store.database(), store.deliveries(), store.groups(), badNumbers, inFlight,
                io.colibri.gateway.metrics.MetricsFlow.meters(wiring)));
        wiring.bind("replyText", new ReplyText(wiring.charsets()));
        wiring.bind("inboundWatch", new InboundWatch());
        wiring.bind("bindSlots", new BindSlots(store.database(), wiring.bean("node", io.colibri.gateway.node.Node.class), wiring.clock(),
                wiring.connectors()));
        for (Connector c : wiring.connectors()) {
            // The connector's window: one thread per submit_sm awaiting its response (camel-smpp's producer waits for it).
            wiring.bind("smpp-window-" + c.name(), wiring.context().getExecutorServiceManager().newFixedThreadPool(wiring.context(),
                    "smpp-window-" + c.name(), c.window()));
        }
    }
}
