package io.colibri.gateway.retention;

import io.colibri.gateway.Flow;
import io.colibri.gateway.Wiring;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** What is purged and when (routes/retention/), configured by etc/io.colibri.retention.cfg; 0 days keeps for ever. */
@Component(service = Flow.class, configurationPid = "io.colibri.retention")
@Designate(ocd = RetentionFlow.Config.class)
public final class RetentionFlow implements Flow {
    @ObjectClassDefinition(name = "Colibri retention", description = "etc/io.colibri.retention.cfg: how long records are kept")
    public @interface Config {
        @AttributeDefinition(description = "request keys (duplicate requests recognised); at least 2, or 0")
        int requestKeyDays() default 30;

        @AttributeDefinition(description = "callback events told or given up")
        int callbackEventDays() default 7;

        int replyDays() default 365;

        int unmatchedReceiptDays() default 30;

        long purgeEveryMinutes() default 60;
    }

    private final Config config;

    @Activate
    public RetentionFlow(Config config) {
        this.config = config;
    }

    @Override
    public String name() {
        return "retention";
    }

    @Override
    public void wire(Wiring wiring) {
        Retention.Settings settings = new Retention.Settings(config.requestKeyDays(), config.callbackEventDays(), config.replyDays(),
                config.unmatchedReceiptDays(), config.purgeEveryMinutes());
        wiring.placeholder("retention.everyMillis", settings.everyMinutes() * 60_000);
        wiring.bind("retention", new Retention(wiring.store().database(), settings, wiring.clock()));
    }
}
