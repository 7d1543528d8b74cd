package io.colibri.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.colibri.domain.PriceTable;
import io.colibri.domain.SmscCharset;
import io.colibri.gateway.drop.DropFlow;
import io.colibri.gateway.mail.MailFlow;
import io.colibri.gateway.metrics.MetricsFlow;
import io.colibri.gateway.node.NodeFlow;
import io.colibri.gateway.smppserver.SmppServerFlow;
import io.colibri.gateway.store.Database;
import io.colibri.gateway.store.Store;
import io.colibri.smsc.SmscSimulator;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.component.master.MasterConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18, two whole gateways (every flow, the real routes/) on one PostgreSQL schema, one
 * broker, one SMSC and one drop folder: the drop folder is read by the node that leads csv-drop
 * only, each send file is sent once, and when the leader's lock session dies (what a kill -9
 * looks like to PostgreSQL) the other node reads the next files. PostgreSQL only.
 */
class TwoNodesTest {
    @TempDir
    Path dir;
    Path dropRoot;
    Database.Settings settings;
    TestBroker broker;
    SmscSimulator smsc;
    int smscPort;
    final List<AutoCloseable> opened = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        Assumptions.assumeTrue(TestDatabases.pgUrl() != null, "COLIBRI_TEST_PG_URL not set");
        settings = TestDatabases.fresh("postgresql");
        broker = new TestBroker(dir.resolve("broker"), RouteTestSupport.freePort());
        smscPort = RouteTestSupport.freePort();
        smsc = SmscSimulator.start("127.0.0.1", smscPort, Duration.ofMillis(100));
        dropRoot = Files.createDirectories(dir.resolve("drop"));
    }

    @AfterEach
    void stop() throws Exception {
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
        if (smsc != null) {
            smsc.close();
        }
        if (broker != null) {
            broker.close();
        }
        if (settings != null) {
            TestDatabases.drop(settings);
        }
    }

    record Node(String name, Gateway gateway, Store store) {
        CamelClusterService leaders() {
            return gateway.context().hasService(CamelClusterService.class);
        }

        boolean readsTheDropFolder() {
            return ((MasterConsumer) gateway.context().getRoute("csv-drop").getConsumer()).isMaster();
        }
    }

    Node node(String name) throws Exception {
        Store store = new Store(Database.open(settings), 1000);
        opened.add(store);
        List<Annotation> configs = List.of(
                Configs.of(NodeFlow.Config.class, Map.of("name", name, "leaderCheckMillis", 500)),
                Configs.of(io.colibri.gateway.http.HttpFlow.Config.class, Map.of("port", RouteTestSupport.freePort())),
                Configs.of(DropFlow.Config.class, Map.of("root", dropRoot.toString(), "quietMillis", 300, "pollMillis", 100)),
                Configs.of(MailFlow.Config.class, Map.of("enabled", false)),
                Configs.of(SmppServerFlow.Config.class, Map.of("port", RouteTestSupport.freePort())),
                Configs.of(MetricsFlow.Config.class, Map.of("port", RouteTestSupport.freePort())));
        Connector mobile = new Connector("mobile", "127.0.0.1", smscPort, "colibri", "secret", 1, 100, SmscCharset.GSM, List.of());
        Gateway.Core core = new Gateway.Core(broker.url, null, null, RouteTestSupport.ROUTES, false, List.of(mobile), PriceTable.DEFAULT,
                Clock.systemUTC());
        Gateway gateway = Gateway.start(core, Flows.all(configs.toArray(Annotation[]::new)), store, getClass().getClassLoader());
        opened.add(gateway);
        return new Node(name, gateway, store);
    }

    @Test
    void one_node_reads_the_drop_folder_each_file_is_sent_once_and_the_other_node_takes_over_when_the_leader_dies() throws Exception {
        // Names of their own: tests side by side on the same PostgreSQL must not cut each other's sessions.
        String run = Long.toString(System.nanoTime(), 36);
        Node a = node("a-" + run);
        await().atMost(Duration.ofSeconds(30)).until(() -> a.leaders().isLeader("csv-drop") && a.readsTheDropFolder());
        Node b = node("b-" + run);
        String email = "drop" + System.nanoTime() + "@example.org";
        a.store().accounts().create(email);
        a.store().accounts().addCredit(email, 100, "test");
        Path send = Files.createDirectories(dropRoot.resolve(email).resolve("send"));

        for (int i = 1; i <= 4; i++) {
            Files.writeString(send.resolve("f" + i + ".csv"), "#message: file " + i + "\n0612345678\n0712345678\n");
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> reports(send, "done") == 4);
        // Each file once, by a: eight messages; b's consumer never started.
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() -> messages(a) == 8 && reports(send, "done") == 4);
        assertThat(reports(send, "failed")).isZero();
        assertThat(b.leaders().isLeader("csv-drop")).isFalse();
        assertThat(b.readsTheDropFolder()).isFalse();

        long cut = System.nanoTime();
        terminate("colibri leaders " + a.name());
        await().atMost(Duration.ofSeconds(15)).until(() -> b.readsTheDropFolder() && !a.readsTheDropFolder()
                && ((io.colibri.gateway.node.AdvisoryLockLeaders) a.leaders()).told("csv-drop"));
        long reading = (System.nanoTime() - cut) / 1_000_000;
        System.out.println("TwoNodesTest: a's lock session cut; b leads the drop folder and a's consumer is stopped " + reading
                + " ms later");
        assertThat(reading).isLessThan(10_000);

        Files.writeString(send.resolve("f5.csv"), "#message: file 5\n0612345678\n0712345678\n");
        await().atMost(Duration.ofSeconds(30)).until(() -> reports(send, "done") == 5);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() -> messages(b) == 10 && reports(send, "done") == 5);
        assertThat(reports(send, "failed")).isZero();
        // a took its lead back? No: b holds it while its session lives.
        assertThat(a.leaders().isLeader("csv-drop")).isFalse();
    }

    private long messages(Node node) {
        return node.store().database().jdbc(c -> {
            try (PreparedStatement s = c.prepareStatement("select count(*) from message"); ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        });
    }

    private static long reports(Path send, String outcome) throws IOException {
        Path d = send.resolve(outcome);
        if (!Files.isDirectory(d)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(d)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".report.csv")).count();
        }
    }

    /** Ends the lock session of a node (its application_name): PostgreSQL drops its advisory locks with it. */
    private static void terminate(String applicationName) throws Exception {
        String user = System.getenv("COLIBRI_TEST_PG_USER");
        try (Connection c = DriverManager.getConnection(TestDatabases.pgUrl(), user == null || user.isBlank() ? "postgres" : user, "");
             PreparedStatement s = c.prepareStatement("select count(*) filter (where pg_terminate_backend(pid)) from pg_stat_activity"
                     + " where application_name = ? and datname = current_database()")) {
            s.setString(1, applicationName);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                assertThat(r.getInt(1)).isGreaterThanOrEqualTo(1);
            }
        }
    }
}
