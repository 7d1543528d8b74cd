package io.colibri.gateway;

import io.colibri.domain.PriceTable;
import io.colibri.gateway.broker.BatchJms;
import io.colibri.gateway.broker.DeadLetters;
import io.colibri.gateway.broker.GroupSender;
import io.colibri.gateway.store.Store;
import jakarta.jms.ConnectionFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.camel.CamelContext;
import org.apache.camel.component.jms.JmsComponent;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.Resource;
import org.apache.camel.spi.SupervisingRouteController;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.apache.camel.support.RouteWatcherReloadStrategy;
import org.springframework.jms.connection.CachingConnectionFactory;

/**
 * The Camel side of the gateway: one CamelContext with the broker, each flow's beans and
 * placeholders (see {@link Flow}), and the YAML route files of the routes folder, one subfolder
 * per flow, reloaded when they change. Used by the Karaf component and, as it is, by the route tests.
 */
public final class Gateway implements AutoCloseable {
    /** Route template (routes/smpp/smpp-outbound.yaml) of each connector's submit route. */
    public static final String OUTBOUND_TEMPLATE = "smpp-outbound";
    /** Route template (routes/smpp/receipts.yaml) of each connector's receipt and reply route. */
    public static final String INBOUND_TEMPLATE = "smpp-inbound";

    /**
     * What every flow shares, read from etc/ by the gateway component: the broker
     * (etc/io.colibri.broker.cfg), the routes folder, the connectors, the prices
     * (etc/io.colibri.prices.cfg) and the clock. Each flow has its own configuration besides.
     */
    public record Core(String brokerUrl, String brokerUser, String brokerPassword, Path routesDir, boolean watchRoutes,
                       List<Connector> connectors, PriceTable prices, Clock clock) {
        /** Never shows the password. */
        @Override
        public String toString() {
            return "Core[broker=" + brokerUrl + ", routes=" + routesDir + ", connectors=" + connectors + ", prices=" + prices + "]";
        }
    }

    private final CamelContext context;
    private final CachingConnectionFactory connectionFactory;

    private Gateway(CamelContext context, CachingConnectionFactory connectionFactory) {
        this.context = context;
        this.connectionFactory = connectionFactory;
    }

    /** The queue sender by group commit, bound in the registry for the dispatch route and the batchjms: component. */
    public static final String GROUP_SENDER = "groupSender";

    /** Builds, configures and starts the context. */
    public static Gateway start(Core core, List<Flow> flows, Store store, ClassLoader applicationClassLoader) {
        DefaultCamelContext context = new DefaultCamelContext();
        context.getCamelContextExtension().setName("colibri");
        context.setApplicationContextClassLoader(applicationClassLoader);
        CachingConnectionFactory cf = connectionFactory(core);
        try {
            configure(context, core, flows, store, cf);
            loadRoutes(context, core, flows);
            if (core.watchRoutes()) {
                watch(context, core.routesDir());
            }
            context.start();
            return new Gateway(context, cf);
        } catch (Exception e) {
            context.stop();
            close(context);
            cf.destroy();
            throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
        }
    }

    /** What configure made that the context does not stop by itself. */
    public static void close(CamelContext context) {
        GroupSender sender = context.getRegistry().lookupByNameAndType(GROUP_SENDER, GroupSender.class);
        if (sender != null) {
            sender.close();
        }
    }

    public static CachingConnectionFactory connectionFactory(Core core) {
        ActiveMQConnectionFactory artemis = new ActiveMQConnectionFactory(core.brokerUrl(), core.brokerUser(), core.brokerPassword());
        CachingConnectionFactory cached = new CachingConnectionFactory(artemis);
        cached.setSessionCacheSize(20);
        // A cached consumer left idle in the pool keeps the messages the broker pushed to it:
        // they sat there for minutes under load. Listener containers keep their own consumers.
        cached.setCacheConsumers(false);
        return cached;
    }

    /**
     * The route supervisor, the broker's components, then each flow's beans and placeholders, in
     * the order of {@link Flows#NAMES}; no routes. Call before start.
     */
    public static void configure(CamelContext context, Core core, List<Flow> flows, Store store, ConnectionFactory cf) {
        SupervisingRouteController supervisor = context.getRouteController().supervising();
        // An SMSC that is down at boot must not stop the gateway: its routes start when it is back.
        supervisor.setBackOffDelay(2000);
        supervisor.setBackOffMaxDelay(30000);
        supervisor.setBackOffMaxAttempts(0);
        supervisor.setInitialDelay(0);

        // Many small messages through the broker in few transactions (batchjms:): a plain Artemis
        // factory, each consumer thread and the group sender keeping their own connection.
        ActiveMQConnectionFactory artemis = new ActiveMQConnectionFactory(core.brokerUrl());
        GroupSender groupSender = new GroupSender(artemis, core.brokerUser(), core.brokerPassword());
        context.getRegistry().bind(GROUP_SENDER, groupSender);
        context.addComponent("batchjms", new BatchJms(artemis, core.brokerUser(), core.brokerPassword(), groupSender));
        context.getRegistry().bind("groupedBodies", new org.apache.camel.processor.aggregate.GroupedBodyAggregationStrategy());
        JmsComponent jms = JmsComponent.jmsComponent(cf);
        // transacted consumers use local JMS session transactions: no Spring transaction manager,
        // so each listener thread keeps one session and consumer (CACHE_CONSUMER) across messages.
        jms.setLazyCreateTransactionManager(false);
        context.addComponent("jms", jms);

        Properties placeholders = new Properties();
        Wiring wiring = new Wiring(context, core, store, cf, groupSender, placeholders);
        for (Flow flow : Flows.inOrder(flows)) {
            flow.wire(wiring);
        }
        context.getPropertiesComponent().setInitialProperties(placeholders);
    }

    /** Reloads a YAML file of the routes folder when it changes; routes from bundles stay. */
    public static void watch(CamelContext context, Path routesDir) {
        RouteWatcherReloadStrategy watcher = new RouteWatcherReloadStrategy(routesDir.toString(), true);
        watcher.setPattern("*.yaml");
        watcher.setRemoveAllRoutes(false);
        try {
            context.addService(watcher);
        } catch (Exception e) {
            throw new IllegalStateException("cannot watch " + routesDir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Loads each flow's route files ({@code <routes>/<flow>/*.yaml}) and the operator's own
     * ({@code <routes>/*.yaml}), then makes each connector's routes from the templates
     * {@value #OUTBOUND_TEMPLATE} and {@value #INBOUND_TEMPLATE}.
     */
    public static void loadRoutes(CamelContext context, Core core, List<Flow> flows) {
        List<Path> dirs = new java.util.ArrayList<>();
        for (Flow f : Flows.inOrder(flows)) {
            dirs.add(core.routesDir().resolve(f.name()));
        }
        dirs.add(core.routesDir());
        loadRoutes(context, dirs);
        try {
            for (Connector c : core.connectors()) {
                context.addRouteFromTemplate(OUTBOUND_TEMPLATE + "-" + c.name(), OUTBOUND_TEMPLATE, c.templateParameters());
                context.addRouteFromTemplate(INBOUND_TEMPLATE + "-" + c.name(), INBOUND_TEMPLATE, c.templateParameters());
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot make the connectors' routes: " + e.getMessage(), e);
        }
    }

    /** Loads every {@code *.yaml} of these folders (those that exist), in name order within each. */
    public static void loadRoutes(CamelContext context, List<Path> dirs) {
        List<Resource> resources = new java.util.ArrayList<>();
        for (Path dir : dirs) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> files = Files.list(dir)) {
                files.filter(f -> f.getFileName().toString().endsWith(".yaml") && Files.isRegularFile(f)).sorted()
                        .map(f -> ResourceHelper.resolveResource(context, "file:" + f.toAbsolutePath())).forEach(resources::add);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read routes from " + dir, e);
            }
        }
        try {
            PluginHelper.getRoutesLoader(context).loadRoutes(resources);
        } catch (Exception e) {
            throw new IllegalStateException("cannot load routes from " + dirs + ": " + e.getMessage(), e);
        }
    }

    /** What waits in colibri.dead, for the shell. */
    public DeadLetters deadLetters() {
        return context.getRegistry().lookupByNameAndType("deadLetters", DeadLetters.class);
    }

    /** This node's drain (colibri:drain). */
    public io.colibri.gateway.node.Drain drain() {
        return context.getRegistry().lookupByNameAndType("drain", io.colibri.gateway.node.Drain.class);
    }

    public CamelContext context() {
        return context;
    }

    @Override
    public void close() {
        context.stop();
        close(context);
        connectionFactory.destroy();
    }

    /** Wakes a route through a SEDA queue of one: never waits, and wake-ups during a round make one more round. */
    static final class Wake implements Runnable {
        private final CamelContext context;
        private final String uri;
        private volatile org.apache.camel.ProducerTemplate template;

        Wake(CamelContext context, String uri) {
            this.context = context;
            this.uri = uri;
        }

        @Override
        public void run() {
            if (!context.isStarted()) {
                return;
            }
            try {
                org.apache.camel.ProducerTemplate t = template;
                if (t == null) {
                    synchronized (this) {
                        if (template == null) {
                            template = context.createProducerTemplate();
                        }
                        t = template;
                    }
                }
                t.sendBody(uri, "wake");
            } catch (RuntimeException e) {
                // the route runs every second anyway
            }
        }
    }
}
