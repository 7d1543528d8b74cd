package io.colibri.gateway;

import io.colibri.domain.Diff;
import io.colibri.domain.PasswordLockout;
import io.colibri.gateway.alert.BalanceAlerts;
import io.colibri.gateway.callback.CallbackSender;
import io.colibri.gateway.drop.CsvDrop;
import io.colibri.gateway.mail.HeldMails;
import io.colibri.gateway.mail.MailInbound;
import io.colibri.gateway.mail.MailSettings;
import io.colibri.gateway.mail.MailWatch;
import io.colibri.gateway.mail.MailboxOutage;
import io.colibri.gateway.reply.ReplyActions;
import java.time.Duration;
import io.colibri.gateway.route.Accept;
import io.colibri.gateway.route.InboundWatch;
import io.colibri.gateway.route.LegacyHttp;
import io.colibri.gateway.retention.Retention;
import io.colibri.gateway.route.Outbound;
import io.colibri.gateway.route.Receipts;
import io.colibri.gateway.route.Recovery;
import io.colibri.gateway.route.Dispatch;
import io.colibri.gateway.route.SubmitRecords;
import io.colibri.gateway.broker.BatchJms;
import io.colibri.gateway.broker.DeadLetters;
import io.colibri.gateway.broker.GroupSender;
import io.colibri.domain.ConnectorChoice;
import io.colibri.domain.PriceTable;
import io.colibri.domain.SmscCharset;
import io.colibri.domain.SubmitChecks;
import java.time.Clock;
import java.util.Map;
import java.util.stream.Collectors;
import io.colibri.gateway.store.Store;
import jakarta.jms.ConnectionFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.camel.CamelContext;
import org.apache.camel.component.jms.JmsComponent;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.Resource;
import org.apache.camel.spi.SupervisingRouteController;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.apache.camel.support.RouteWatcherReloadStrategy;
import org.springframework.jms.connection.CachingConnectionFactory;

/**
 * The Camel side of the gateway: one CamelContext with the beans routes call, the broker, the
 * connectors' settings as placeholders, and the YAML route files of one folder, reloaded when
 * they change. Used by the Karaf component and, as it is, by the route tests.
 */
public final class Gateway implements AutoCloseable {
    /** Route template (routes/smpp-outbound.yaml) of each connector's submit route. */
    public static final String OUTBOUND_TEMPLATE = "smpp-outbound";
    /** Route template (routes/receipts.yaml) of each connector's receipt and reply route. */
    public static final String INBOUND_TEMPLATE = "smpp-inbound";

    /** Everything the gateway is configured with, read once from etc/. */
    public record Settings(String httpHost, int httpPort, String brokerUrl, String brokerUser, String brokerPassword,
                           Path routesDir, boolean watchRoutes, List<Connector> connectors, PriceTable prices, Clock clock,
                           Drop drop, MailSettings mail, Returns returns, LegacyHttp.Guard http, Retention.Settings retention) {

        public Settings(String httpHost, int httpPort, String brokerUrl, String brokerUser, String brokerPassword, Path routesDir,
                        boolean watchRoutes, List<Connector> connectors, PriceTable prices, Clock clock, Drop drop, MailSettings mail,
                        Returns returns, LegacyHttp.Guard http) {
            this(httpHost, httpPort, brokerUrl, brokerUser, brokerPassword, routesDir, watchRoutes, connectors, prices, clock, drop,
                    mail, returns, http, Retention.Settings.DEFAULTS);
        }

        public Settings(String httpHost, int httpPort, String brokerUrl, String brokerUser, String brokerPassword, Path routesDir,
                        boolean watchRoutes, List<Connector> connectors, PriceTable prices, Clock clock, Drop drop, MailSettings mail,
                        Returns returns) {
            this(httpHost, httpPort, brokerUrl, brokerUser, brokerPassword, routesDir, watchRoutes, connectors, prices, clock, drop,
                    mail, returns, LegacyHttp.Guard.DEFAULTS);
        }

        /** The same with other limits at the HTTP edge. */
        public Settings withHttp(LegacyHttp.Guard guard) {
            return new Settings(httpHost, httpPort, brokerUrl, brokerUser, brokerPassword, routesDir, watchRoutes, connectors, prices,
                    clock, drop, mail, returns, guard, retention);
        }

        /** Without mail (its routes loaded, not started). */
        public Settings(String httpHost, int httpPort, String brokerUrl, String brokerUser, String brokerPassword, Path routesDir,
                        boolean watchRoutes, List<Connector> connectors, PriceTable prices, Clock clock, Drop drop) {
            this(httpHost, httpPort, brokerUrl, brokerUser, brokerPassword, routesDir, watchRoutes, connectors, prices, clock, drop,
                    MailSettings.DISABLED);
        }

        public Settings(String httpHost, int httpPort, String brokerUrl, String brokerUser, String brokerPassword, Path routesDir,
                        boolean watchRoutes, List<Connector> connectors, PriceTable prices, Clock clock, Drop drop, MailSettings mail) {
            this(httpHost, httpPort, brokerUrl, brokerUser, brokerPassword, routesDir, watchRoutes, connectors, prices, clock, drop,
                    mail, Returns.DEFAULTS);
        }

        @Override
        public String toString() {
            return "Settings[http=" + httpHost + ":" + httpPort + ", broker=" + brokerUrl + ", routes=" + routesDir
                    + ", connectors=" + connectors + ", prices=" + prices + ", drop=" + drop + ", mail=" + mail
                    + ", returns=" + returns + ", http=" + http + ", retention=" + retention + "]";
        }
    }

    /**
     * What comes back from phones and what the gateway says by itself (etc/io.colibri.replies.cfg,
     * receipts.cfg, alerts.cfg): how far back a reply's sender is looked for (SMPP-3), the receipt
     * error codes that say a number does not exist (OPT-1), when low-balance alerts go (ACC-6),
     * and who hears of dead letters and how often they are looked for (alerts.cfg:
     * {@code operatorEmail}, {@code deadLetterCheckMillis}).
     */
    public record Returns(Duration replyWindow, java.util.Set<String> badNumberErrors, String alertCron, long alertStartDelayMillis,
                          String operatorEmail, long deadLetterCheckMillis) {
        public static final Returns DEFAULTS = new Returns(Duration.ofDays(30), java.util.Set.of("001"), "0 0 9 * * ?", 10_000);

        public Returns(Duration replyWindow, java.util.Set<String> badNumberErrors, String alertCron, long alertStartDelayMillis) {
            this(replyWindow, badNumberErrors, alertCron, alertStartDelayMillis, "", 60_000);
        }

        /** The same, dead letters reported to this address and looked for this often. */
        public Returns withDeadLetters(String operatorEmail, long checkMillis) {
            return new Returns(replyWindow, badNumberErrors, alertCron, alertStartDelayMillis, operatorEmail, checkMillis);
        }

        /** From comma-separated error codes. */
        public static java.util.Set<String> codes(String list) {
            return java.util.Arrays.stream(list.split(",")).map(String::strip).filter(c -> !c.isEmpty())
                    .collect(java.util.stream.Collectors.toUnmodifiableSet());
        }
    }

    /**
     * The drop folder (etc/io.colibri.drop.cfg): its root, how long a file must stay unchanged to be
     * taken, how often the folder is looked at.
     */
    public record Drop(Path root, long quietMillis, long pollMillis) {
        public static Drop at(Path root) {
            return new Drop(root, 2000, 1000);
        }
    }

    private final CamelContext context;
    private final CachingConnectionFactory connectionFactory;

    private Gateway(CamelContext context, CachingConnectionFactory connectionFactory) {
        this.context = context;
        this.connectionFactory = connectionFactory;
    }

    /** The queue sender by group commit, bound in the registry for the dispatch route and the batchjms: component. */
    public static final String GROUP_SENDER = "groupSender";

    /** Builds, configures and starts the context. */
    public static Gateway start(Settings settings, Store store, ClassLoader applicationClassLoader) {
        DefaultCamelContext context = new DefaultCamelContext();
        context.getCamelContextExtension().setName("colibri");
        context.setApplicationContextClassLoader(applicationClassLoader);
        CachingConnectionFactory cf = connectionFactory(settings);
        try {
            configure(context, settings, store, cf);
            loadRoutes(context, settings);
            if (settings.watchRoutes()) {
                watch(context, settings);
            }
            context.start();
            return new Gateway(context, cf);
        } catch (Exception e) {
            context.stop();
            close(context);
            cf.destroy();
            throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
        }
    }

    /** What configure made that the context does not stop by itself. */
    public static void close(CamelContext context) {
        GroupSender sender = context.getRegistry().lookupByNameAndType(GROUP_SENDER, GroupSender.class);
        if (sender != null) {
            sender.close();
        }
    }

    public static CachingConnectionFactory connectionFactory(Settings settings) {
        ActiveMQConnectionFactory artemis = new ActiveMQConnectionFactory(settings.brokerUrl(), settings.brokerUser(),
                settings.brokerPassword());
        CachingConnectionFactory cached = new CachingConnectionFactory(artemis);
        cached.setSessionCacheSize(20);
        // A cached consumer left idle in the pool keeps the messages the broker pushed to it:
        // they sat there for minutes under load. Listener containers keep their own consumers.
        cached.setCacheConsumers(false);
        return cached;
    }

    /** Beans, placeholders, the jms component and the route supervisor; no routes. Call before start. */
    public static void configure(CamelContext context, Settings settings, Store store, ConnectionFactory cf) {
        SupervisingRouteController supervisor = context.getRouteController().supervising();
        // An SMSC that is down at boot must not stop the gateway: its routes start when it is back.
        supervisor.setBackOffDelay(2000);
        supervisor.setBackOffMaxDelay(30000);
        supervisor.setBackOffMaxAttempts(0);
        supervisor.setInitialDelay(0);
        Properties p = new Properties();
        p.setProperty("http.host", settings.httpHost());
        p.setProperty("http.port", Integer.toString(settings.httpPort()));
        p.setProperty("drop.root", settings.drop().root().toAbsolutePath().toString());
        p.setProperty("drop.quietMillis", Long.toString(settings.drop().quietMillis()));
        p.setProperty("drop.lockTimeoutMillis", Long.toString(Math.max(10_000, 5 * settings.drop().quietMillis())));
        p.setProperty("drop.pollMillis", Long.toString(settings.drop().pollMillis()));
        settings.mail().putInto(p);
        p.setProperty("alerts.cron", settings.returns().alertCron());
        p.setProperty("alerts.startDelayMillis", Long.toString(settings.returns().alertStartDelayMillis()));
        p.setProperty("alerts.deadLetterCheckMillis", Long.toString(settings.returns().deadLetterCheckMillis()));
        p.setProperty("retention.everyMillis", Long.toString(settings.retention().everyMinutes() * 60_000));
        context.getPropertiesComponent().setInitialProperties(p);

        // Many small messages through the broker in few transactions (batchjms:): a plain Artemis
        // factory, each consumer thread and the group sender keeping their own connection.
        ActiveMQConnectionFactory artemis = new ActiveMQConnectionFactory(settings.brokerUrl());
        GroupSender groupSender = new GroupSender(artemis, settings.brokerUser(), settings.brokerPassword());
        context.getRegistry().bind(GROUP_SENDER, groupSender);
        context.addComponent("batchjms", new BatchJms(artemis, settings.brokerUser(), settings.brokerPassword(), groupSender));
        context.getRegistry().bind("groupedBodies", new org.apache.camel.processor.aggregate.GroupedBodyAggregationStrategy());

        JmsComponent jms = JmsComponent.jmsComponent(cf);
        // transacted consumers use local JMS session transactions: no Spring transaction manager,
        // so each listener thread keeps one session and consumer (CACHE_CONSUMER) across messages.
        jms.setLazyCreateTransactionManager(false);
        context.addComponent("jms", jms);
        var registry = context.getRegistry();
        registry.bind("legacyHttp", new LegacyHttp(settings.http(), settings.clock()));
        Map<String, SmscCharset> charsets = settings.connectors().stream()
                .collect(Collectors.toMap(Connector::name, Connector::charset));
        SubmitChecks.Rules rules = new SubmitChecks.Rules(settings.prices(), settings.clock(),
                number -> charsets.getOrDefault(ConnectorChoice.choose(number, candidates(settings)), SmscCharset.GSM));
        Accept accept = new Accept(store.database(), store.accounts(), store.recorder(), store.cancellations(), store.queries(),
                store.recentTexts(), store.blacklist(), store.groups(), rules, candidates(settings));
        registry.bind("accept", accept);
        registry.bind("replyActions", new ReplyActions(store.database(), store.replies(), store.replyRules(), store.groups(),
                store.accounts(), store.blacklist(), store.cancellations(), accept, settings.clock(), settings.returns().replyWindow()));
        SubmitRecords inFlight = new SubmitRecords();
        registry.bind("outbound", new Outbound(store.submissions(), charsets, inFlight, settings.clock()));
        registry.bind("retention", new Retention(store.database(), settings.retention(), settings.clock()));
        for (Connector c : settings.connectors()) {
            // The connector's window: one thread per submit_sm awaiting its response (camel-smpp's producer waits for it).
            registry.bind("smpp-window-" + c.name(), context.getExecutorServiceManager().newFixedThreadPool(context,
                    "smpp-window-" + c.name(), c.window()));
        }
        registry.bind("dispatch", new Dispatch(store.database(), settings.clock(), groupSender));
        // After each commit that records messages, the dispatch route wakes (it also runs every second).
        store.recorder().afterCommit(new Wake(context, "seda:dispatch?size=1&discardWhenFull=true"));
        registry.bind("csvDrop", new CsvDrop(store.database(), store.accounts(), store.groups(), store.recorder(), store.recentTexts(),
                store.queries(), store.blacklist(), rules, candidates(settings)));
        registry.bind("receipts", new Receipts(store.database(), store.deliveries(), store.groups(), charsets,
                settings.returns().badNumberErrors(), inFlight));
        registry.bind("recovery", new Recovery(store.submissions(), settings.clock()));
        registry.bind("inboundWatch", new InboundWatch());
        registry.bind("balanceAlerts", new BalanceAlerts(store.database(), store.accounts(), settings.clock()));
        store.callbacks().allow(settings.http().callbackAllowed());
        CallbackSender callbackSender = new CallbackSender(store.callbacks(), settings.clock(), Duration.ofSeconds(10));
        registry.bind("callbackSender", callbackSender);
        Wake callbacksWake = new Wake(context, "seda:callbacks?size=1&discardWhenFull=true");
        callbackSender.wake(callbacksWake);
        store.callbacks().wake(callbacksWake);
        MailSettings mail = settings.mail();
        MailWatch watch = new MailWatch(store.database(), Diff.PARIS);
        registry.bind("mailWatch", watch);
        registry.bind("deadLetters", new DeadLetters(cf, settings.returns().operatorEmail()));
        registry.bind("mailboxOutage", new MailboxOutage());
        PasswordLockout lockout = mail.lockout();
        MailInbound.Settings inbound = mail.inbound();
        HeldMails held = new HeldMails(store.database(), lockout, inbound.maxHeldMails(), inbound.failedDir(), settings.clock());
        registry.bind("heldMails", held);
        registry.bind("mailInbound", new MailInbound(inbound, store.database(), store.accounts(), store.sharedDomains(), store.groups(), watch,
                lockout, held, settings.clock()));
    }

    /** Reloads a YAML file of the routes folder when it changes; routes from bundles stay. */
    public static void watch(CamelContext context, Settings settings) {
        RouteWatcherReloadStrategy watcher = new RouteWatcherReloadStrategy(settings.routesDir().toString(), false);
        watcher.setPattern("*.yaml");
        watcher.setRemoveAllRoutes(false);
        try {
            context.addService(watcher);
        } catch (Exception e) {
            throw new IllegalStateException("cannot watch " + settings.routesDir() + ": " + e.getMessage(), e);
        }
    }

    private static List<ConnectorChoice.Candidate> candidates(Settings settings) {
        return settings.connectors().stream().map(Connector::candidate).toList();
    }

    /**
     * Loads every {@code *.yaml} of the routes folder, then makes each connector's routes from the
     * templates {@value #OUTBOUND_TEMPLATE} and {@value #INBOUND_TEMPLATE}.
     */
    public static void loadRoutes(CamelContext context, Settings settings) {
        loadRoutes(context, settings.routesDir());
        try {
            for (Connector c : settings.connectors()) {
                context.addRouteFromTemplate(OUTBOUND_TEMPLATE + "-" + c.name(), OUTBOUND_TEMPLATE, c.templateParameters());
                context.addRouteFromTemplate(INBOUND_TEMPLATE + "-" + c.name(), INBOUND_TEMPLATE, c.templateParameters());
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot make the connectors' routes: " + e.getMessage(), e);
        }
    }

    /** Loads every {@code *.yaml} of the folder, in name order. */
    public static void loadRoutes(CamelContext context, Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            List<Resource> resources = files.filter(f -> f.getFileName().toString().endsWith(".yaml")).sorted()
                    .map(f -> ResourceHelper.resolveResource(context, "file:" + f.toAbsolutePath()))
                    .toList();
            PluginHelper.getRoutesLoader(context).loadRoutes(resources);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read routes from " + dir, e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot load routes from " + dir + ": " + e.getMessage(), e);
        }
    }

    /** What waits in colibri.dead, for the shell. */
    public DeadLetters deadLetters() {
        return context.getRegistry().lookupByNameAndType("deadLetters", DeadLetters.class);
    }

    public CamelContext context() {
        return context;
    }

    @Override
    public void close() {
        context.stop();
        close(context);
        connectionFactory.destroy();
    }

    /** Wakes a route through a SEDA queue of one: never waits, and wake-ups during a round make one more round. */
    static final class Wake implements Runnable {
        private final CamelContext context;
        private final String uri;
        private volatile org.apache.camel.ProducerTemplate template;

        Wake(CamelContext context, String uri) {
            this.context = context;
            this.uri = uri;
        }

        @Override
        public void run() {
            if (!context.isStarted()) {
                return;
            }
            try {
                org.apache.camel.ProducerTemplate t = template;
                if (t == null) {
                    synchronized (this) {
                        if (template == null) {
                            template = context.createProducerTemplate();
                        }
                        t = template;
                    }
                }
                t.sendBody(uri, "wake");
            } catch (RuntimeException e) {
                // the route runs every second anyway
            }
        }
    }
}
