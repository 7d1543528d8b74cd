package io.colibri.gateway.alert;

import io.colibri.gateway.Flow;
import io.colibri.gateway.Wiring;
import io.colibri.gateway.broker.DeadLetters;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * What the gateway says by itself (routes/alerts/): low-balance alerts (ACC-6) and dead letters
 * reported to the operator; configured by etc/io.colibri.alerts.cfg.
 */
@Component(service = Flow.class, configurationPid = "io.colibri.alerts")
@Designate(ocd = AlertsFlow.Config.class)
public final class AlertsFlow implements Flow {
    @ObjectClassDefinition(name = "Colibri alerts", description = "etc/io.colibri.alerts.cfg: balance alerts and dead letters")
    public @interface Config {
        @AttributeDefinition(description = "when low-balance alerts go (a Quartz cron expression)")
        String cron() default "0 0 9 * * ?";

        @AttributeDefinition(description = "how long after start the alerts' schedule begins")
        long startDelayMillis() default 10_000;

        @AttributeDefinition(description = "who hears of dead letters by mail; empty: the log only")
        String operatorEmail() default "";

        @AttributeDefinition(description = "how often the dead-letter queue is looked at")
        long deadLetterCheckMillis() default 60_000;
    }

    private final Config config;

    @Activate
    public AlertsFlow(Config config) {
        this.config = config;
    }

    @Override
    public String name() {
        return "alerts";
    }

    @Override
    public void wire(Wiring wiring) {
        wiring.placeholders(name(), config);
        wiring.bind("balanceAlerts", new BalanceAlerts(wiring.store().database(), wiring.store().accounts(), wiring.clock()));
        wiring.bind("deadLetters", new DeadLetters(wiring.connectionFactory(), config.operatorEmail()));
    }
}
