package io.colibri.gateway.karaf;

import io.colibri.domain.PriceTable;
import io.colibri.gateway.Connector;
import io.colibri.gateway.Flow;
import io.colibri.gateway.Flows;
import io.colibri.gateway.Gateway;
import io.colibri.gateway.broker.DeadLetters;
import io.colibri.gateway.store.Store;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.apache.camel.RoutesBuilder;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.util.tracker.ServiceTracker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hosts the gateway's CamelContext inside Karaf: the broker ({@code etc/io.colibri.broker.cfg}),
 * the prices ({@code etc/io.colibri.prices.cfg}), every configured connector, every flow (each a
 * component of its own, bound to its own cfg: see {@link Flow}), the YAML routes of
 * {@code <karaf>/routes/} and the routes of any {@link RoutesBuilder} service (route bundles
 * dropped into deploy/). It starts once every flow is there, and again when a flow, a connector
 * or its own configuration changes.
 */
@Component(immediate = true, service = {}, configurationPid = {"io.colibri.broker", "io.colibri.prices"},
        configurationPolicy = ConfigurationPolicy.OPTIONAL, property = "flows.cardinality.minimum:Integer=" + Flows.COUNT)
public class GatewayComponent {
    private static final Logger LOG = LoggerFactory.getLogger(GatewayComponent.class);

    /** The keys of etc/io.colibri.broker.cfg: the broker the gateway's queues live on. */
    public @interface Broker {
        /** Read by bin/setenv, before Karaf starts: false leaves the embedded broker off. */
        boolean embedded() default true;

        String url() default "tcp://127.0.0.1:61616";

        String user() default "colibri";

        /** Generated at the first start (bin/setenv). */
        String password() default "";
    }

    @Reference
    Store store;

    @Reference(cardinality = ReferenceCardinality.AT_LEAST_ONE, policyOption = ReferencePolicyOption.GREEDY)
    List<Connector> connectors;

    /** Every flow (at least {@link Flows#COUNT}: the component property flows.cardinality.minimum). */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policyOption = ReferencePolicyOption.GREEDY)
    List<Flow> flows;

    private Gateway gateway;
    private ServiceTracker<RoutesBuilder, RouteBundles.Added> routeBundles;
    private org.osgi.framework.ServiceRegistration<DeadLetters> deadLetters;
    private org.osgi.framework.ServiceRegistration<io.colibri.gateway.node.Drain> drain;

    @Activate
    void activate(Broker broker, Map<String, Object> cfg, BundleContext bundleContext) {
        Gateway.Core core = new Gateway.Core(broker.url(), broker.user(), brokerPassword(broker),
                Path.of(System.getProperty("karaf.base", "."), "routes"), true, connectors, PriceTable.from(prices(cfg)),
                Clock.systemUTC());
        List<Flow> wired = Flows.inOrder(flows);
        ClassLoader loader = new BundlesClassLoader(GatewayComponent.class.getClassLoader(),
                org.apache.camel.CamelContext.class.getClassLoader());
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            gateway = Gateway.start(core, wired, store, loader);
        } finally {
            thread.setContextClassLoader(previous);
        }
        LOG.info("Colibri gateway started: {}, flows {}", core, wired);
        routeBundles = new ServiceTracker<>(bundleContext, RoutesBuilder.class, new RouteBundles(bundleContext, gateway.context()));
        routeBundles.open();
        deadLetters = bundleContext.registerService(DeadLetters.class, gateway.deadLetters(), null);
        drain = bundleContext.registerService(io.colibri.gateway.node.Drain.class, gateway.drain(), null);
    }

    @Deactivate
    void deactivate() {
        drain.unregister();
        deadLetters.unregister();
        routeBundles.close();
        gateway.close();
    }

    /** The broker's password: generated at the first start (bin/setenv); never a default. */
    private static String brokerPassword(Broker broker) {
        String password = broker.password().strip();
        if (password.isEmpty() || password.startsWith("@")) {
            throw new IllegalStateException("etc/io.colibri.broker.cfg has no broker password: bin/start generates one at the first"
                    + " start (etc/initial-passwords); an install that was not started by bin/start or bin/karaf must set it");
        }
        return password;
    }

    /** The price keys among the merged configuration (the broker's have none of these names). */
    private static Map<String, Object> prices(Map<String, Object> cfg) {
        Map<String, Object> prices = new java.util.HashMap<>();
        cfg.forEach((k, v) -> {
            if (k.equals("metropolitan") || k.equals("domtom") || k.startsWith("international.")) {
                prices.put(k, v);
            }
        });
        return prices;
    }
}
