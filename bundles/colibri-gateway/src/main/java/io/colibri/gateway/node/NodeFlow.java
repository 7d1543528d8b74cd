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
 * routes/node/): its name and heartbeat, and the listener of the other nodes' changes to the
 * caches (bean {@code changeListener}). Wired first: every flow may ask for the bean {@code node}.
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

        @AttributeDefinition(description = "PostgreSQL: how long the connection hearing the other nodes' changes may stay silent"
                + " before it is asked whether it is alive")
        long changesCheckMillis() default 5000;
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
        wiring.bind("drain", new Drain(wiring.context(), node, wiring.store().database()));
        // What the other nodes change, heard on PostgreSQL (nothing on H2): started and stopped with the gateway.
        ChangeListener changes = wiring.bind("changeListener",
                new ChangeListener(wiring.store().database(), wiring.store().changes(), config.changesCheckMillis()));
        try {
            wiring.context().addService(changes);
        } catch (Exception e) {
            throw new IllegalStateException("the listener of the other nodes' changes: " + e.getMessage(), e);
        }
        // Every claim on a message says which node made it: a start settles its own, the others settle a dead node's.
        wiring.store().submissions().node(node.name());
    }
}
