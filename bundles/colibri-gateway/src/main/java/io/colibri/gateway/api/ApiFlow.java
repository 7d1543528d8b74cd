package io.colibri.gateway.api;

import io.colibri.gateway.Flow;
import io.colibri.gateway.Wiring;
import io.colibri.gateway.http.Callers;
import io.colibri.gateway.http.HttpFlow;
import io.colibri.gateway.account.PasswordResets;
import io.colibri.gateway.account.Sessions;
import io.colibri.gateway.invoice.Invoices;
import io.colibri.gateway.store.Store;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.spi.RestConfiguration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The JSON API under /api/v1 (routes/api/), on the HTTP server of /http.php (etc/io.colibri.http.cfg
 * says where), described by the OpenAPI document it serves at /api/v1/openapi.json; its limits in
 * etc/io.colibri.api.cfg.
 */
@Component(service = Flow.class, configurationPid = "io.colibri.api")
@Designate(ocd = ApiFlow.Config.class)
public final class ApiFlow implements Flow {
    @ObjectClassDefinition(name = "Colibri API", description = "etc/io.colibri.api.cfg: the limits of the JSON API /api/v1")
    public @interface Config {
        @AttributeDefinition(description = "requests per second each API key may make, on average (a 429 with Retry-After beyond)")
        double requestsPerSecond() default 20;

        @AttributeDefinition(description = "requests an API key may make at once before requestsPerSecond holds it back")
        int burst() default 40;

        @AttributeDefinition(description = "the largest JSON body read; a larger one is answered 413")
        int maxBodyBytes() default 65536;

        @AttributeDefinition(description = "numbers and group names one POST /messages may name")
        int maxRecipients() default 1000;

        @AttributeDefinition(description = "the largest CSV file a group import takes; a larger one is answered 413")
        int maxUploadBytes() default 10485760;

        @AttributeDefinition(description = "the seller's name, at the top of every invoice")
        String invoice_sellerName() default "Colibri SMS";

        @AttributeDefinition(description = "the seller's address on invoices, its lines separated by ' | '")
        String invoice_sellerAddress() default "1 place de la Mairie | 75001 Paris";

        @AttributeDefinition(description = "the seller's VAT number on invoices (empty: none shown)")
        String invoice_sellerVatId() default "";

        @AttributeDefinition(description = "the VAT rate of top-ups, in percent")
        String invoice_vatRate() default "20";

        @AttributeDefinition(description = "what invoice numbers start with, before the year and the sequence")
        String invoice_prefix() default "F";

        @AttributeDefinition(description = "how long a console session lasts after its login, in minutes")
        int session_minutes() default 480;

        @AttributeDefinition(description = "whether the session cookie says Secure (true behind HTTPS)")
        boolean session_secureCookie() default false;

        @AttributeDefinition(description = "wrong passwords for one account within an hour before its logins are refused for a while")
        int login_maxFailuresPerAccount() default 5;

        @AttributeDefinition(description = "wrong passwords from one address within an hour before its logins are refused for a while")
        int login_maxFailuresPerAddress() default 20;

        @AttributeDefinition(description = "how long logins stay refused after too many wrong passwords, in minutes")
        int login_blockMinutes() default 15;

        @AttributeDefinition(description = "how long a forgotten-password link stays valid, in minutes")
        int passwordReset_minutes() default 60;

        @AttributeDefinition(description = "the console's address in forgotten-password mails (empty: http://<http.host>:<http.port>/console/)")
        String passwordReset_url() default "";
    }

    /** Where the API lives on the HTTP server. */
    public static final String CONTEXT_PATH = "/api/v1";

    private final Config config;

    @Activate
    public ApiFlow(Config config) {
        this.config = config;
    }

    private static java.math.BigDecimal vatRate(String text) {
        try {
            java.math.BigDecimal rate = new java.math.BigDecimal(text.strip());
            io.colibri.domain.InvoiceAmounts.of(java.math.BigDecimal.ONE, rate);
            return rate;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invoice.vatRate in etc/io.colibri.api.cfg: a percentage from 0 to 100, not '" + text + "'");
        }
    }

    @Override
    public String name() {
        return "api";
    }

    @Override
    public void wire(Wiring wiring) {
        wiring.placeholders(name(), config);
        // The REST DSL of routes/api/ on the Jetty server of /http.php: the same host and port, so
        // one connector serves both. The bodies are read and written by the beans (binding off).
        RestConfiguration rest = wiring.context().getRestConfiguration();
        rest.setComponent("jetty");
        rest.setHost(wiring.placeholderValue("http.host"));
        rest.setPort(Integer.parseInt(wiring.placeholderValue("http.port")));
        rest.setBindingMode(RestConfiguration.RestBindingMode.off);
        rest.setApiContextPath(null);
        Store store = wiring.store();
        ApiAnswers answers = wiring.bind("apiAnswers", new ApiAnswers(config.maxBodyBytes()));
        Callers callers = wiring.bean(HttpFlow.CALLERS, Callers.class);
        Sessions sessions = new Sessions(store.database(), wiring.clock(), java.time.Duration.ofMinutes(config.session_minutes()));
        wiring.bind("apiGuard", new ApiGuard(store.apiKeys(), sessions, store.accounts(), callers,
                wiring.clock(), config.requestsPerSecond(), config.burst()));
        Invoices invoices = new Invoices(store.database(), new Invoices.Seller(config.invoice_sellerName(), config.invoice_sellerAddress(),
                config.invoice_sellerVatId(), vatRate(config.invoice_vatRate()), config.invoice_prefix()), wiring.clock());
        ProducerTemplate mails = wiring.context().createProducerTemplate();
        java.util.function.Consumer<io.colibri.gateway.mail.MailWatch.Outgoing> mailer = mail -> mails.sendBody("direct:mail-reply", mail);
        String resetUrl = config.passwordReset_url().isBlank()
                ? "http://" + wiring.placeholderValue("http.host") + ":" + wiring.placeholderValue("http.port") + "/console/"
                : config.passwordReset_url().strip();
        wiring.bind("apiSession", new SessionApi(sessions, new PasswordResets(store.database(), wiring.clock(),
                java.time.Duration.ofMinutes(config.passwordReset_minutes())), store.accounts(), store.apiKeys(), callers, answers, mailer,
                wiring.clock(), new SessionApi.Settings(config.login_maxFailuresPerAccount(), config.login_maxFailuresPerAddress(),
                java.time.Duration.ofMinutes(config.login_blockMinutes()), config.session_secureCookie(), resetUrl)));
        org.apache.camel.CamelContext context = wiring.context();
        wiring.bind("apiDeadLetters", new DeadLettersApi(() -> context.getRegistry().lookupByNameAndType("deadLetters",
                io.colibri.gateway.broker.DeadLetters.class), answers));
        wiring.bind("apiCampaigns", new CampaignsApi(store.database()));
        wiring.bind("apiStats", new StatsApi(store.database(), store.accounts(), wiring.clock()));
        AdminApi admin = wiring.bind("apiAdmin", new AdminApi(store.accounts(), invoices, answers, mailer));
        admin.smppCredentials(store.smppCredentials());
        wiring.bind("apiAccount", new AccountApi(store.accounts(), store.apiKeys(), store.subAccounts(), answers, mailer));
        wiring.bind("apiInvoices", new InvoicesApi(invoices, answers));
        wiring.bind("apiConnectors", new ConnectorsApi(store.database(), wiring.connectors(),
                wiring.bean("outbound", io.colibri.gateway.smpp.Outbound.class),
                wiring.bean("inboundWatch", io.colibri.gateway.smpp.InboundWatch.class), wiring.context()));
        wiring.bind("apiReplies", new RepliesApi(store.accounts(), store.replies(), store.replyRules(), store.callbacks(),
                store.sharedDomains(), answers));
        wiring.bind("apiContacts", new ContactsApi(store.accounts(), store.groups(), store.blacklist(),
                wiring.bean("csvDrop", io.colibri.gateway.drop.CsvDrop.class), answers, config.maxUploadBytes()));
        wiring.bind("apiSchedules", new SchedulesApi(wiring.bean("schedules", io.colibri.gateway.schedule.Schedules.class), answers,
                config.maxRecipients()));
        wiring.bind("apiMessages", new MessagesApi(store.database(), wiring.bean("accept", io.colibri.gateway.accept.Accept.class),
                store.accounts(), store.cancellations(), answers, wiring.clock(), config.maxRecipients()));
    }
}
