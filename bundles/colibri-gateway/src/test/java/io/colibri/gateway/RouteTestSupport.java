package io.colibri.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.colibri.domain.PriceTable;
import io.colibri.domain.SmscCharset;
import io.colibri.gateway.drop.DropFlow;
import io.colibri.gateway.http.HttpFlow;
import io.colibri.gateway.mail.MailFlow;
import io.colibri.gateway.store.Database;
import io.colibri.gateway.store.Sms;
import io.colibri.gateway.store.Store;
import io.colibri.smsc.SmscSimulator;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.camel.CamelContext;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jms.connection.CachingConnectionFactory;

/**
 * The real route files of routes/, in a CamelContext wired as in Karaf, against a real Artemis
 * broker (embedded, with the distribution's artemis.xml), a real SMPP server over TCP (the
 * simulator) and a real database (H2).
 */
public abstract class RouteTestSupport extends CamelTestSupport {
    protected static final Path ROUTES = Path.of("../../routes").toAbsolutePath().normalize();

    @TempDir
    protected static Path brokerDir;

    @TempDir
    protected Path dropRoot;

    protected static TestBroker broker;
    protected static String brokerUrl;
    protected static Database.Settings dbSettings;
    protected static Store store;

    protected final TestClock clock = new TestClock();
    protected SmscSimulator smsc;
    protected int smscPort;
    protected int httpPort;
    /** The metrics flow's listener (tests run side by side: never its default port). */
    protected int metricsPort;
    protected CachingConnectionFactory cf;
    /** The SMPP server for ESMEs' port in this test. */
    private int smppServerPort;
    protected final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    protected static void startBrokerAndDatabase() throws Exception {
        broker = new TestBroker(brokerDir, freePort());
        brokerUrl = broker.url;
        dbSettings = TestDatabases.fresh("h2");
        store = new Store(Database.open(dbSettings), 1000);
    }

    @AfterAll
    protected static void stopBrokerAndDatabase() throws Exception {
        store.close();
        broker.close();
    }

    @Override
    protected CamelContext createCamelContext() throws Exception {
        smscPort = freePort();
        smsc = SmscSimulator.start("127.0.0.1", smscPort, Duration.ofMillis(100));
        httpPort = freePort();
        metricsPort = freePort();
        smppServerPort = freePort();
        Gateway.Core core = core();
        List<Flow> flows = Flows.all(configs().toArray(Annotation[]::new));
        CamelContext context = super.createCamelContext();
        cf = Gateway.connectionFactory(core);
        Gateway.configure(context, core, flows, store, cf);
        Gateway.loadRoutes(context, core, flows);
        return context;
    }

    /** What every flow shares in this test: the broker, the real routes, the connectors, the prices, the test's clock. */
    protected Gateway.Core core() {
        return new Gateway.Core(brokerUrl(), null, null, ROUTES, false, connectors(), prices(), clock);
    }

    /** One "mobile" connector to the simulator. */
    protected List<Connector> connectors() {
        return List.of(connector("mobile", "colibri"));
    }

    protected PriceTable prices() {
        return PriceTable.DEFAULT;
    }

    /**
     * The flows' configurations for this test (the others at their defaults): HTTP on a free port,
     * a fresh drop folder looked at often, mail off. A test adds its own (the last of a type wins).
     */
    protected List<Annotation> configs() {
        return new java.util.ArrayList<>(List.of(http(Map.of()), drop(), Configs.of(MailFlow.Config.class, Map.of("enabled", false)),
                smppServer(Map.of()), Configs.of(io.colibri.gateway.metrics.MetricsFlow.Config.class, Map.of("port", metricsPort))));
    }

    /**
     * The SMPP server for ESMEs on a free port (see {@link #smppServerPort()}), events looked at often, with these keys.
     * Not port 0: a port the system picks when the server starts may be the one just handed to HTTP,
     * whose Jetty binds later (seen once: the API's test spoke HTTP to the SMPP server).
     */
    protected io.colibri.gateway.smppserver.SmppServerFlow.Config smppServer(Map<String, ?> keys) {
        Map<String, Object> cfg = new java.util.HashMap<>(Map.of("port", smppServerPort, "eventMillis", 200));
        cfg.putAll(keys);
        return Configs.of(io.colibri.gateway.smppserver.SmppServerFlow.Config.class, cfg);
    }

    /** The port the SMPP server for ESMEs listens on in this test. */
    protected int smppServerPort() {
        return context.getRegistry().lookupByNameAndType("smppServer", io.colibri.gateway.smppserver.SmppServer.class).port();
    }

    /** HTTP on this test's port, with these keys of etc/io.colibri.http.cfg. */
    protected HttpFlow.Config http(Map<String, ?> keys) {
        Map<String, Object> cfg = new java.util.HashMap<>(keys);
        cfg.put("port", httpPort);
        return Configs.of(HttpFlow.Config.class, cfg);
    }

    /** The drop folder: a fresh one per test, looked at often, files taken after 300 ms unchanged. */
    protected DropFlow.Config drop() {
        return Configs.of(DropFlow.Config.class, Map.of("root", dropRoot.toString(), "quietMillis", 300, "pollMillis", 100));
    }

    protected Connector connector(String name, String systemId) {
        return new Connector(name, "127.0.0.1", smscPort, systemId, "secret", 1, 100, SmscCharset.GSM, List.of());
    }

    /** Where the routes find the broker. */
    protected String brokerUrl() {
        return brokerUrl;
    }

    /**
     * A broker address nobody listens on (the broker is down), tried once: a test starts a
     * {@link TestBroker} on {@link #closedPort} when the broker should come back.
     */
    protected String brokerDown() {
        try {
            closedPort = closedPort == 0 ? freePort() : closedPort;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return "tcp://127.0.0.1:" + closedPort + "?initialConnectAttempts=1&reconnectAttempts=0";
    }

    /** The port of {@link #brokerDown}, where a test starts the broker when it should come back. */
    protected int closedPort;

    /** A sandbox mail server on free ports for the gateway's mailbox {@code sms@sms.colibri.test} (password colibri). */
    protected static io.colibri.mailsandbox.MailSandbox startMail(boolean pop3) {
        try {
            return pop3 ? io.colibri.mailsandbox.MailSandbox.start("127.0.0.1", freePort(), freePort(), freePort(), "sms.colibri.test",
                    "sms@sms.colibri.test", "colibri")
                    : io.colibri.mailsandbox.MailSandbox.start("127.0.0.1", freePort(), freePort(), "sms.colibri.test", "sms@sms.colibri.test",
                    "colibri");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Mail read from that sandbox (IMAP, polled every 200 ms), these keys of etc/io.colibri.mail.cfg added or changed. */
    protected MailFlow.Config withMail(io.colibri.mailsandbox.MailSandbox mail, Map<String, String> keys) {
        Map<String, String> cfg = new java.util.HashMap<>(Map.of("serviceDomain", "sms.colibri.test",
                "port", Integer.toString(mail.imapPort()), "smtp.port", Integer.toString(mail.smtpPort()), "pollMillis", "200",
                "watchMillis", "300", "from", "Colibri <sms@sms.colibri.test>"));
        cfg.putAll(keys);
        return Configs.of(MailFlow.Config.class, cfg);
    }

    /**
     * The route controller starts routes in the background once the context is started (so that an
     * SMSC or broker that is down holds nobody back): a test's first request waits for the HTTP
     * server to listen, at most 30 s.
     */
    @BeforeEach
    protected void awaitHttpListening() {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).pollInterval(java.time.Duration.ofMillis(50))
                .until(() -> {
                    try (java.net.Socket s = new java.net.Socket("127.0.0.1", httpPort)) {
                        return true;
                    } catch (IOException notYet) {
                        return false;
                    }
                });
    }

    @AfterEach
    protected void stopSmscAndConnections() throws Exception {
        context.stop();
        Gateway.close(context);
        smsc.close();
        cf.destroy();
        forgetUnfinishedWork();
    }

    /**
     * The broker and database live as long as the class: what a test left queued, claimed or
     * scheduled would otherwise be sent (by the queue, recovery or the schedule) during a later
     * test, to its simulator.
     */
    private void forgetUnfinishedWork() throws Exception {
        broker.purge();
        store.database().tx(em -> em.createNativeQuery(
                "update message set status = 'FAILED', reason = 'test ended' where status in ('ACCEPTED', 'SUBMITTING', 'SCHEDULED')")
                .executeUpdate());
        store.database().tx(em -> em.createNativeQuery("delete from message_outbox").executeUpdate()
                + em.createNativeQuery("delete from message_due").executeUpdate());
        store.recentTexts().clear();
    }

    protected String newAccount(int credits) {
        String email = "user" + System.nanoTime() + "@example.org";
        String password = store.accounts().create(email);
        if (credits > 0) {
            store.accounts().addCredit(email, credits, "test");
        }
        return email + " " + password;
    }

    protected String get(Map<String, String> params) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/http.php?" + form(params)))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }

    protected HttpResponse<String> post(Map<String, String> params) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/http.php"))
                .header("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofString(form(params))).build(), HttpResponse.BodyHandlers.ofString());
    }

    protected static Map<String, String> params(String account, String numero, String message) {
        Map<String, String> p = new LinkedHashMap<>();
        if (account != null) {
            p.put("email", account.split(" ")[0]);
            p.put("pass", account.split(" ")[1]);
        }
        if (numero != null) {
            p.put("numero", numero);
        }
        if (message != null) {
            p.put("message", message);
        }
        return p;
    }

    protected long balance(String account) {
        return store.accounts().show(account.split(" ")[0]).orElseThrow().balance();
    }

    protected List<Sms> messages(String account) {
        return store.queries().latest(store.accounts().show(account.split(" ")[0]).orElseThrow().id(), 10);
    }

    protected static String form(Map<String, String> params) {
        return params.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    protected static boolean portOpen(int port) {
        try (var s = new java.net.Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Ports handed out in this JVM: a port given to one server is never given to another. */
    private static final java.util.Set<Integer> HANDED = java.util.concurrent.ConcurrentHashMap.newKeySet();

    protected static int freePort() throws IOException {
        while (true) {
            try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                if (HANDED.add(s.getLocalPort())) {
                    return s.getLocalPort();
                }
            }
        }
    }
}
