package io.colibri.gateway.callback;

import io.colibri.domain.IpRange;
import io.colibri.gateway.Flow;
import io.colibri.gateway.Wiring;
import java.time.Duration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * HTTP callbacks (routes/callbacks/): status changes and replies POSTed to each account's URL.
 * Its one key lives in etc/io.colibri.http.cfg, beside the HTTP server's.
 */
@Component(service = Flow.class, configurationPid = "io.colibri.http")
public final class CallbacksFlow implements Flow {
    /** The keys of etc/io.colibri.http.cfg that callbacks read. */
    public @interface Config {
        /**
         * Comma-separated addresses or networks callbacks may reach though private, loopback or
         * link-local (refused otherwise).
         */
        String callbackAllowedNetworks() default "";
    }

    private final Config config;

    @Activate
    public CallbacksFlow(Config config) {
        this.config = config;
    }

    @Override
    public String name() {
        return "callbacks";
    }

    @Override
    public void wire(Wiring wiring) {
        Callbacks callbacks = wiring.store().callbacks();
        callbacks.allow(IpRange.list(config.callbackAllowedNetworks()));
        // Several nodes: each account's events are sent by the node holding its lease, which a dead node's loses after deadAfter.
        io.colibri.gateway.node.Node node = wiring.bean("node", io.colibri.gateway.node.Node.class);
        CallbackSender sender = wiring.bind("callbackSender", new CallbackSender(callbacks, wiring.clock(), Duration.ofSeconds(10),
                node.name(), node.deadAfter()));
        Runnable wake = wiring.wake("seda:callbacks?size=1&discardWhenFull=true");
        sender.wake(wake);
        callbacks.wake(wake);
    }
}
