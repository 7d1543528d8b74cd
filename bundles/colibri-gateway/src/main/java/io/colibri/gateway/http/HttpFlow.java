package io.colibri.gateway.http;

import io.colibri.domain.IpRange;
import io.colibri.gateway.Flow;
import io.colibri.gateway.Wiring;
import java.time.Duration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The legacy HTTP interface {@code /http.php} (routes/http/), configured by etc/io.colibri.http.cfg. */
@Component(service = Flow.class, configurationPid = "io.colibri.http")
@Designate(ocd = HttpFlow.Config.class)
public final class HttpFlow implements Flow {
    @ObjectClassDefinition(name = "Colibri HTTP", description = "etc/io.colibri.http.cfg: the HTTP server (/http.php and /api/v1) and the limits of /http.php")
    public @interface Config {
        @AttributeDefinition(description = "the address the HTTP server listens on")
        String host() default "127.0.0.1";

        int port() default 8080;

        @AttributeDefinition(description = "the largest form body read (at least 1024); a larger one is answered 413")
        int maxRequestBytes() default 8192;

        @AttributeDefinition(description = "wrong logins from one address before it is blocked")
        int maxFailedLogins() default 10;

        int loginBlockMinutes() default 15;

        @AttributeDefinition(description = "comma-separated addresses or networks of reverse proxies whose X-Forwarded-For is believed")
        String trustedProxies() default "";
    }

    /** The bean, for the flows that share this server. */
    public static final String CALLERS = "httpCallers";

    private final Config config;

    @Activate
    public HttpFlow(Config config) {
        this.config = config;
    }

    @Override
    public String name() {
        return "http";
    }

    @Override
    public void wire(Wiring wiring) {
        // The HTTP server of /http.php and /api/v1: Camel's Jetty, /http.php found without walking the API's paths.
        wiring.context().addComponent("jetty", new JettyServer());
        wiring.placeholders(name(), config);
        LegacyHttp.Guard guard = new LegacyHttp.Guard(config.maxRequestBytes(), config.maxFailedLogins(),
                Duration.ofMinutes(config.loginBlockMinutes()), IpRange.list(config.trustedProxies()));
        wiring.bind("legacyHttp", new LegacyHttp(guard, wiring.clock(), io.colibri.gateway.metrics.MetricsFlow.meters(wiring)));
        // The JSON API (routes/api/) is served by the same server and sees its callers the same way.
        wiring.bind(CALLERS, new Callers(guard.trustedProxies()));
    }
}
