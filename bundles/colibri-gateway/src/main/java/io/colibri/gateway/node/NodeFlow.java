package io.colibri.gateway.node;

import io.colibri.gateway.Flow;
import io.colibri.gateway.Wiring;
import io.colibri.gateway.store.Database;
import java.time.Duration;
import org.apache.camel.cluster.CamelClusterService;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * This node among the gateways sharing a database and a broker (etc/io.colibri.node.cfg,
 * routes/node/): its name and heartbeat, which singletons it leads (the CamelContext's cluster
 * service: PostgreSQL advisory locks, or this node alone on H2), and the listener of the other
 * nodes' changes to the caches (bean {@code changeListener}). Wired first: every flow may ask for
 * the bean {@code node}, and every route may read {@code master:<namespace>:…}.
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

        @AttributeDefinition(description = "how often a node tries to take the singletons nobody leads, and checks that it still leads its own")
        long leaderCheckMillis() default 1000;

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
        Database db = wiring.store().database();
        Node node = wiring.bind("node", new Node(config.name(), db, wiring.clock(), Duration.ofMillis(config.deadAfterMillis())));
        // The singletons (routes reading master:<namespace>:…) run on the node that leads their
        // namespace. Registered now, before any route is loaded: camel-master looks the service up
        // when its first endpoint is made.
        CamelClusterService leaders = db.postgresql()
                ? new AdvisoryLockLeaders(node.name(), db.unpooled(), Duration.ofMillis(config.leaderCheckMillis()))
                : new SoleNodeLeaders(node.name());
        try {
            wiring.context().addService(leaders, true, true);
        } catch (Exception e) {
            throw new IllegalStateException("cannot register the leaders' service: " + e.getMessage(), e);
        }
        wiring.bind("drain", new Drain(wiring.context(), node, db));
        // What the other nodes change, heard on PostgreSQL (nothing on H2): started and stopped with the gateway.
        ChangeListener changes = wiring.bind("changeListener", new ChangeListener(db, wiring.store().changes(), config.changesCheckMillis()));
        try {
            wiring.context().addService(changes);
        } catch (Exception e) {
            throw new IllegalStateException("the listener of the other nodes' changes: " + e.getMessage(), e);
        }
        // Every claim on a message says which node made it: a start settles its own, the others settle a dead node's.
        wiring.store().submissions().node(node.name());
    }
}
