package io.colibri.gateway.node;

import io.colibri.gateway.Flow;
import io.colibri.gateway.Wiring;
import java.time.Duration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * This node among the gateways sharing a database and a broker (etc/io.colibri.node.cfg,
 * routes/node/): its name and heartbeat. Wired first: every flow may ask for the bean {@code node}.
 */
@Component(service = Flow.class, configurationPid = "io.colibri.node", configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = NodeFlow.Config.class)
public final class NodeFlow implements Flow {
    @ObjectClassDefinition(name = "Colibri node", description = "etc/io.colibri.node.cfg: this node among several gateways")
    public @interface Config {
        @AttributeDefinition(description = "the node's name; empty: the host name")
        String name() default "";

        @AttributeDefinition(description = "how often the node writes that it is alive")
        long heartbeatMillis() default 2000;

        @AttributeDefinition(description = "a node not heard from for this long is dead")
        long deadAfterMillis() default 15000;
    }

    private final Config config;

    @Activate
    public NodeFlow(Config config) {
        this.config = config;
    }

    @Override
    public String name() {
        return "node";
    }

    @Override
    public void wire(Wiring wiring) {
        if (config.deadAfterMillis() < 3 * config.heartbeatMillis()) {
            throw new IllegalArgumentException("etc/io.colibri.node.cfg: deadAfterMillis must be at least three heartbeats");
        }
        wiring.placeholders("node", config);
        Node node = wiring.bind("node", new Node(config.name(), wiring.store().database(), wiring.clock(),
                Duration.ofMillis(config.deadAfterMillis())));
        // Every claim on a message says which node made it: a start settles its own, the others settle a dead node's.
        wiring.store().submissions().node(node.name());
    }
}
