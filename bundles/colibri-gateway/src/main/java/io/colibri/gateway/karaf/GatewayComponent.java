package io.colibri.gateway.karaf;

import io.colibri.gateway.Connector;
import io.colibri.domain.PriceTable;
import io.colibri.gateway.Gateway;
import io.colibri.gateway.broker.DeadLetters;
import io.colibri.gateway.route.LegacyHttp;
import io.colibri.gateway.retention.Retention;
import io.colibri.gateway.mail.MailSettings;
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
 * Hosts the gateway's CamelContext inside Karaf: configured by {@code etc/io.colibri.http.cfg},
 * {@code etc/io.colibri.broker.cfg}, {@code etc/io.colibri.prices.cfg}, {@code etc/io.colibri.drop.cfg}, {@code etc/io.colibri.replies.cfg}, {@code etc/io.colibri.receipts.cfg} and {@code etc/io.colibri.alerts.cfg}, with the mail settings
 * ({@link MailComponent}), with every configured connector, the YAML routes of
 * {@code <karaf>/routes/} and the routes of any {@link RoutesBuilder} service (route bundles
 * dropped into deploy/).
 */
@Component(immediate = true, service = {}, configurationPid = {"io.colibri.http", "io.colibri.broker", "io.colibri.prices", "io.colibri.drop",
        "io.colibri.replies", "io.colibri.receipts", "io.colibri.alerts", "io.colibri.retention"},
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
public class GatewayComponent {
    private static final Logger LOG = LoggerFactory.getLogger(GatewayComponent.class);

    @Reference
    Store store;

    @Reference(cardinality = ReferenceCardinality.AT_LEAST_ONE, policyOption = ReferencePolicyOption.GREEDY)
    List<Connector> connectors;

    /** etc/io.colibri.mail.cfg (its own PID: its keys would clash with the others'); a change restarts the gateway. */
    @Reference(policyOption = ReferencePolicyOption.GREEDY)
    MailSettings mail;

    private Gateway gateway;
    private ServiceTracker<RoutesBuilder, RouteBundles.Added> routeBundles;
    private org.osgi.framework.ServiceRegistration<DeadLetters> deadLetters;

    @Activate
    void activate(Map<String, Object> cfg, BundleContext bundleContext) {
        String base = System.getProperty("karaf.base", ".");
        Gateway.Settings settings = new Gateway.Settings(
                value(cfg, "host", "127.0.0.1"),
                Integer.parseInt(value(cfg, "port", "8080")),
                value(cfg, "url", "tcp://127.0.0.1:61616"),
                value(cfg, "user", "colibri"),
                brokerPassword(cfg),
                Path.of(base, "routes"),
                true,
                connectors,
                PriceTable.from(prices(cfg)),
                Clock.systemUTC(),
                new Gateway.Drop(Path.of(value(cfg, "root", Path.of(base, "drop").toString())),
                        Long.parseLong(value(cfg, "quietMillis", "2000")), Long.parseLong(value(cfg, "pollMillis", "1000"))),
                mail,
                new Gateway.Returns(java.time.Duration.ofDays(Long.parseLong(value(cfg, "matchWindowDays", "30"))),
                        Gateway.Returns.codes(value(cfg, "badNumberErrors", "001")), value(cfg, "cron", "0 0 9 * * ?"),
                        Long.parseLong(value(cfg, "startDelayMillis", "10000")))
                        .withDeadLetters(value(cfg, "operatorEmail", ""), Long.parseLong(value(cfg, "deadLetterCheckMillis", "60000"))),
                LegacyHttp.Guard.of(value(cfg, "maxRequestBytes", "8192"), value(cfg, "maxFailedLogins", "10"),
                        value(cfg, "loginBlockMinutes", "15"), value(cfg, "trustedProxies", ""), value(cfg, "callbackAllowedNetworks", "")),
                new Retention.Settings(Integer.parseInt(value(cfg, "requestKeyDays", "30")), Integer.parseInt(value(cfg, "callbackEventDays", "7")),
                        Integer.parseInt(value(cfg, "replyDays", "365")), Integer.parseInt(value(cfg, "unmatchedReceiptDays", "30")),
                        Long.parseLong(value(cfg, "purgeEveryMinutes", "60"))));
        ClassLoader loader = new BundlesClassLoader(GatewayComponent.class.getClassLoader(),
                org.apache.camel.CamelContext.class.getClassLoader());
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            gateway = Gateway.start(settings, store, loader);
        } finally {
            thread.setContextClassLoader(previous);
        }
        LOG.info("Colibri gateway started: {}", settings);
        routeBundles = new ServiceTracker<>(bundleContext, RoutesBuilder.class, new RouteBundles(bundleContext, gateway.context()));
        routeBundles.open();
        deadLetters = bundleContext.registerService(DeadLetters.class, gateway.deadLetters(), null);
    }

    @Deactivate
    void deactivate() {
        deadLetters.unregister();
        routeBundles.close();
        gateway.close();
    }

    /** The broker's password: generated at the first start (bin/setenv); never a default. */
    private static String brokerPassword(Map<String, Object> cfg) {
        String password = value(cfg, "password", "");
        if (password.isEmpty() || password.startsWith("@")) {
            throw new IllegalStateException("etc/io.colibri.broker.cfg has no broker password: bin/start generates one at the first"
                    + " start (etc/initial-passwords); an install that was not started by bin/start or bin/karaf must set it");
        }
        return password;
    }

    /** The price keys among the merged configuration (the other PIDs have none of these names). */
    private static Map<String, Object> prices(Map<String, Object> cfg) {
        Map<String, Object> prices = new java.util.HashMap<>();
        cfg.forEach((k, v) -> {
            if (k.equals("metropolitan") || k.equals("domtom") || k.startsWith("international.")) {
                prices.put(k, v);
            }
        });
        return prices;
    }

    private static String value(Map<String, Object> cfg, String key, String fallback) {
        Object v = cfg.get(key);
        return v == null || v.toString().isBlank() ? fallback : v.toString().trim();
    }
}
