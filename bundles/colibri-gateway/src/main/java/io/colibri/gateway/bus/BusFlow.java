package io.colibri.gateway.bus;

import io.colibri.gateway.Flow;
import io.colibri.gateway.Wiring;
import io.colibri.gateway.api.MessagesApi;
import io.colibri.gateway.callback.CallbackSender;
import io.colibri.gateway.store.Store;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The broker entry for service buses (issue 17, docs/bus.md): sends as JSON messages on the queue
 * colibri.inbound, answered on their reply-to (routes/bus/), and the callback events of the
 * accounts that ask for them published on colibri.events (bus:colibri.events as their callback).
 */
@Component(service = Flow.class, configurationPid = "io.colibri.bus")
@Designate(ocd = BusFlow.Config.class)
public final class BusFlow implements Flow {
    @ObjectClassDefinition(name = "Colibri broker entry", description = "etc/io.colibri.bus.cfg")
    public @interface Config {
        @AttributeDefinition(description = "Largest request body read from colibri.inbound, in bytes; a larger one is answered 413 and dead-lettered")
        int maxBodyBytes() default 65536;

        @AttributeDefinition(description = "Requests of colibri.inbound handled at once")
        int consumers() default 2;
    }

    private final Config config;

    @Activate
    public BusFlow(Config config) {
        this.config = config;
    }

    @Override
    public String name() {
        return "bus";
    }

    @Override
    public void wire(Wiring wiring) {
        if (config.maxBodyBytes() < 256 || config.consumers() < 1) {
            throw new IllegalArgumentException("etc/io.colibri.bus.cfg: maxBodyBytes is at least 256 and consumers at least 1");
        }
        Store store = wiring.store();
        wiring.placeholders(name(), config);
        wiring.bind("busInbound", new BusInbound(wiring.bean("apiMessages", MessagesApi.class), store.apiKeys(), store.accounts(),
                store.callbacks(), wiring.clock(), config.maxBodyBytes()));
        wiring.bean("callbackSender", CallbackSender.class).publishTo(new BusEvents(wiring.connectionFactory()));
    }
}
