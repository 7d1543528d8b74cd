package io.colibri.gateway.smppserver;

import io.colibri.gateway.Flow;
import io.colibri.gateway.Wiring;
import io.colibri.gateway.accept.Accept;
import io.colibri.gateway.account.SmppCredentials;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The SMPP server for customers' own ESMEs (issue 17): binds with an account's SMPP login,
 * {@code submit_sm} through the accept rules of every channel, receipts and replies back to the
 * account's receivers, kept in the database while none is bound (routes/smpp-server/).
 *
 * <p>Its file is etc/io.colibri.smpp-server.cfg, a name the issue gave. Karaf's file installer reads
 * a name with a dash as a factory configuration (factory PID {@code io.colibri.smpp}, named
 * {@code server}), as it does the connectors' files; so the component takes that factory PID,
 * and runs with its defaults when the file is absent (the configuration is optional).
 */
@Component(service = Flow.class, configurationPid = "io.colibri.smpp", configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = SmppServerFlow.Config.class, factory = true)
public final class SmppServerFlow implements Flow {
    @ObjectClassDefinition(name = "Colibri SMPP server", description = "etc/io.colibri.smpp-server.cfg: the SMPP server for customers' ESMEs")
    public @interface Config {
        @AttributeDefinition(description = "whether the server listens at all")
        boolean enabled() default true;

        @AttributeDefinition(description = "the address it listens on (0.0.0.0: every interface)")
        String host() default "127.0.0.1";

        @AttributeDefinition(description = "the TCP port it listens on (0: a free one, for tests)")
        int port() default 2780;

        @AttributeDefinition(description = "binds at once per account, unless its login says otherwise")
        int maxBinds() default 4;

        @AttributeDefinition(description = "submit_sm a bind may have unanswered at once, unless its login says otherwise")
        int window() default 10;

        @AttributeDefinition(description = "submit_sm per second a bind may send, unless its login says otherwise (then ESME_RTHROTTLED)")
        int rate() default 100;

        @AttributeDefinition(description = "sessions at once, every account together")
        int maxSessions() default 200;

        @AttributeDefinition(description = "how long a connection may wait before it binds")
        long bindTimeoutMillis() default 10_000;

        @AttributeDefinition(description = "an enquire_link to a bind idle this long (0: never)")
        int enquireLinkMillis() default 30_000;

        @AttributeDefinition(description = "how long the parts of a long message wait for the others (then REJECTD receipts)")
        int partMinutes() default 60;

        @AttributeDefinition(description = "how often receipts and replies kept for ESMEs are looked at")
        long eventMillis() default 1000;
    }

    private final Config config;

    @Activate
    public SmppServerFlow(Config config) {
        this.config = config;
    }

    @Override
    public String name() {
        return "smpp-server";
    }

    @Override
    public void wire(Wiring wiring) {
        wiring.placeholders(name(), config);
        SmppCredentials credentials = wiring.store().smppCredentials();
        credentials.load();
        EsmeSubmits submits = new EsmeSubmits(wiring.store().database(), wiring.bean("accept", Accept.class), wiring.store().accounts());
        SmppServer server = new SmppServer(config, credentials, wiring.store().accounts(), submits);
        EsmeEvents events = new EsmeEvents(wiring.store().database(), credentials, server, config.partMinutes());
        wiring.store().callbacks().tap(events);
        server.onBind(wiring.wake("seda:esme-events"));
        wiring.bind("esmeEvents", events);
        wiring.bind("smppServer", server);
        try {
            wiring.context().addService(server, true, true);
        } catch (Exception e) {
            throw new IllegalStateException("the SMPP server could not be added: " + e.getMessage(), e);
        }
    }
}
