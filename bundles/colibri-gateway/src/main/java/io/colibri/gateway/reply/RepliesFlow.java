package io.colibri.gateway.reply;

import io.colibri.gateway.Flow;
import io.colibri.gateway.Wiring;
import io.colibri.gateway.accept.Accept;
import io.colibri.gateway.store.Store;
import java.time.Duration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Replies from phones (routes/replies/): matched to the account that wrote last, STOP, CONTACT,
 * criteria rules, acknowledgements and forwarding; configured by etc/io.colibri.replies.cfg.
 */
@Component(service = Flow.class, configurationPid = "io.colibri.replies")
@Designate(ocd = RepliesFlow.Config.class)
public final class RepliesFlow implements Flow {
    @ObjectClassDefinition(name = "Colibri replies", description = "etc/io.colibri.replies.cfg: how replies are matched")
    public @interface Config {
        @AttributeDefinition(description = "how far back a reply's sender is looked for among the messages sent (SMPP-3)")
        int matchWindowDays() default 30;
    }

    private final Config config;

    @Activate
    public RepliesFlow(Config config) {
        this.config = config;
    }

    @Override
    public String name() {
        return "replies";
    }

    @Override
    public void wire(Wiring wiring) {
        Store store = wiring.store();
        wiring.bind("replyActions", new ReplyActions(store.database(), store.replies(), store.replyRules(), store.groups(),
                store.accounts(), store.blacklist(), store.cancellations(), wiring.bean("accept", Accept.class), wiring.clock(),
                Duration.ofDays(config.matchWindowDays())));
    }
}
