package io.colibri.gateway.metrics;

import io.colibri.gateway.Flow;
import io.colibri.gateway.Wiring;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The Prometheus endpoint (routes/metrics/), on a listener of its own, configured by
 * etc/io.colibri.metrics.cfg. Wired first: the flows after it count into its {@link Meters}
 * (bean {@value #METERS}), which this component keeps across restarts of the CamelContext.
 */
@Component(service = Flow.class, configurationPid = "io.colibri.metrics")
@Designate(ocd = MetricsFlow.Config.class)
public final class MetricsFlow implements Flow {
    /** The bean the other flows count into. */
    public static final String METERS = "meters";

    @ObjectClassDefinition(name = "Colibri metrics", description = "etc/io.colibri.metrics.cfg: the Prometheus endpoint")
    public @interface Config {
        @AttributeDefinition(description = "the address the metrics listener binds to (operators only: loopback by default)")
        String host() default "127.0.0.1";

        int port() default 9464;

        @AttributeDefinition(description = "the path Prometheus scrapes")
        String path() default "/metrics";

        @AttributeDefinition(description = "how long the database's figures (callbacks pending, mails held) are reused between scrapes")
        long databaseGaugeMillis() default 5000;
    }

    private final Config config;
    private final Meters meters = new Meters();

    @Activate
    public MetricsFlow(Config config) {
        this.config = config;
    }

    @Override
    public String name() {
        return "metrics";
    }

    @Override
    public void wire(Wiring wiring) {
        if (!config.path().startsWith("/")) {
            throw new IllegalArgumentException("metrics path must start with /: " + config.path());
        }
        wiring.placeholders(name(), config);
        wiring.bind(METERS, meters);
        wiring.bind("metricsScrape", new Scrape(meters, wiring.bean("node", io.colibri.gateway.node.Node.class),
                wiring.store().database(), wiring.connectors(), wiring.context(), config.databaseGaugeMillis()));
    }

    /** The meters of a flow's wiring: the metrics flow's (wired first). */
    public static Meters meters(Wiring wiring) {
        return wiring.bean(METERS, Meters.class);
    }
}
