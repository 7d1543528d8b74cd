package io.colibri.smsc.karaf;

import io.colibri.smsc.MoEndpoint;
import io.colibri.smsc.SmscSimulator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import java.io.IOException;
import java.time.Duration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Runs the simulator inside Karaf, configured by {@code etc/io.colibri.smscsimulator.cfg}. */
@Component(immediate = true, configurationPid = "io.colibri.smscsimulator", configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = SmscSimulatorComponent.Config.class)
public class SmscSimulatorComponent {

    @ObjectClassDefinition(name = "Colibri SMSC simulator")
    public @interface Config {
        @AttributeDefinition(description = "Address to listen on")
        String host() default "127.0.0.1";

        @AttributeDefinition(description = "SMPP port")
        int port() default 2775;

        @AttributeDefinition(description = "Milliseconds between a submit_sm and its delivery receipt")
        long receiptDelayMs() default 1000;

        @AttributeDefinition(description = "Port of the HTTP endpoint POST /mo (a phone replies); 0: none")
        int httpPort() default 2776;
    }

    private SmscSimulator simulator;
    private MoEndpoint http;
    private ServiceRegistration<SmscSimulator> registration;

    @Activate
    void activate(Config config, BundleContext context) throws IOException {
        simulator = SmscSimulator.start(config.host(), config.port(), Duration.ofMillis(config.receiptDelayMs()));
        if (config.httpPort() > 0) {
            http = MoEndpoint.start(config.host(), config.httpPort(), simulator);
        }
        // For the shell's colibri:smsc-mo.
        registration = context.registerService(SmscSimulator.class, simulator, null);
    }

    @Deactivate
    void deactivate() {
        registration.unregister();
        if (http != null) {
            http.close();
        }
        simulator.close();
    }
}
