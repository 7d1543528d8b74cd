package io.colibri.gateway.api;

import io.colibri.gateway.Flow;
import io.colibri.gateway.Wiring;
import io.colibri.gateway.http.Callers;
import io.colibri.gateway.http.HttpFlow;
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
        wiring.bind("apiGuard", new ApiGuard(store.apiKeys(), store.accounts(), wiring.bean(HttpFlow.CALLERS, Callers.class),
                wiring.clock(), config.requestsPerSecond(), config.burst()));
        Invoices invoices = new Invoices(store.database(), new Invoices.Seller(config.invoice_sellerName(), config.invoice_sellerAddress(),
                config.invoice_sellerVatId(), vatRate(config.invoice_vatRate()), config.invoice_prefix()), wiring.clock());
        ProducerTemplate mails = wiring.context().createProducerTemplate();
        java.util.function.Consumer<io.colibri.gateway.mail.MailWatch.Outgoing> mailer = mail -> mails.sendBody("direct:mail-reply", mail);
        wiring.bind("apiAdmin", new AdminApi(store.accounts(), invoices, answers, mailer));
        wiring.bind("apiAccount", new AccountApi(store.accounts(), store.apiKeys(), store.subAccounts(), answers, mailer));
        wiring.bind("apiInvoices", new InvoicesApi(invoices, answers));
        wiring.bind("apiConnectors", new ConnectorsApi(store.database(), wiring.connectors(),
                wiring.bean("outbound", io.colibri.gateway.smpp.Outbound.class), wiring.context()));
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
