package io.colibri.itests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.colibri.mailsandbox.MailSandbox;
import io.colibri.smsc.SmscSimulator;
import jakarta.mail.Address;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18: three gateway nodes (three Karaf processes from the built distribution, each on its
 * own ports) share one PostgreSQL schema, one standalone Apache Artemis broker, one SMSC, one mail
 * server and one drop folder. A load spread over the three nodes' /http.php; node A, started
 * first (so the one leading the mailbox, the drop folder and the alerts), is killed with SIGKILL
 * in the middle; then a mail and a drop file arrive. Read from the SMSC and the database once the
 * other two are stopped: every request answered 80 recorded once and ended DELIVERED or FAILED and
 * refunded, no text at the SMSC twice, each balance equal to its ledger's sum, the mail and the
 * file sent by the surviving nodes, the day's low-balance alert mailed once.
 */
class ScaleIT {
    static final String EMAIL = "cluster@example.org";
    static final int N = 900;
    static final int CLIENTS = 12;
    /** The kill comes once this many requests were answered. */
    static final int KILL_AFTER = 300;
    static final String ALERTED = "alerte@example.org";
    static final String ALERT_TO = "tresorier@example.org";

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path work;

    @Test
    void three_nodes_share_the_load_and_one_killed_loses_nothing_sends_nothing_twice_and_hands_over_its_jobs() throws Exception {
        String pg = CrashIT.pgUrl();
        Assumptions.assumeTrue(pg != null, "needs PostgreSQL (COLIBRI_TEST_PG_URL)");
        String schema = "colibri_scale" + System.nanoTime();
        try (Connection c = DriverManager.getConnection(pg, "postgres", ""); Statement s = c.createStatement()) {
            s.execute("create schema " + schema);
        }
        String url = pg + (pg.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        Path drop = Files.createDirectories(work.resolve("drop"));
        List<Distribution> nodes = new ArrayList<>();
        try (SmscSimulator smsc = SmscSimulator.start("127.0.0.1", 0, Duration.ofMillis(100));
             MailSandbox mail = MailSandbox.start("127.0.0.1", Distribution.freePort(), Distribution.freePort(), "sms.colibri.test",
                     "sms@sms.colibri.test", "colibri");
             Artemis broker = Artemis.start(work, Path.of("../etc/artemis.xml"))) {
            for (String name : List.of("a", "b", "c")) {
                Distribution node = new Distribution(Files.createDirectories(work.resolve(name)));
                node.node(name, 1000, 6000);
                node.externalBroker(broker.url(), broker.user, broker.password);
                node.database(url, "postgres");
                node.connectorTo(smsc.port(), 32, 100_000);
                node.mailServer(mail.smtpPort(), mail.imapPort());
                node.dropRoot(drop);
                node.alertsAfterStart(15_000);
                nodes.add(node);
            }
            Distribution a = nodes.get(0);
            // A first: it leads every singleton when the others come.
            System.out.printf("[figures] scale: node a up in %d s%n", a.start().toSeconds());
            String password = a.account(EMAIL, N);
            String mailer = "mairie@example.org";
            String mailerPassword = a.account(mailer, 10);
            String dropper = "asso@example.org";
            a.account(dropper, 10);
            a.account(ALERTED, 5);
            a.client("colibri:account-option " + ALERTED + " alert-threshold 10");
            a.client("colibri:account-option " + ALERTED + " alert-email " + ALERT_TO);
            List<Future<Duration>> starting = new ArrayList<>();
            ExecutorService boot = Executors.newFixedThreadPool(2);
            for (Distribution n : nodes.subList(1, 3)) {
                starting.add(boot.submit(n::start));
            }
            for (Future<Duration> f : starting) {
                System.out.printf("[figures] scale: node up in %d s%n", f.get(5, TimeUnit.MINUTES).toSeconds());
            }
            boot.shutdown();
            // Every node answers, and the accounts made through A are known to B and C; none runs a broker
            // of its own (embedded = false), though each one's etc/artemis.xml names a port of its own.
            for (Distribution n : nodes) {
                assertThat(n.client("colibri:account-show " + EMAIL)).contains("balance: " + N);
                assertThat(listening(n.brokerPort)).as("an embedded broker on node port %d", n.brokerPort).isFalse();
                assertThat(Files.exists(n.home.resolve("etc/org.apache.activemq.artemis.cfg"))).isFalse();
            }

            Load load = new Load(nodes.stream().map(n -> n.httpPort).toList(), password);
            Instant begin = Instant.now();
            load.start();
            load.awaitAnswered(KILL_AFTER);
            double before = KILL_AFTER / Math.max(0.001, Duration.between(begin, Instant.now()).toMillis() / 1000.0);
            long killed = System.nanoTime();
            a.kill();
            // The mailbox and the drop folder, led by A until it died, are taken over by B or C while the load goes on.
            DistributionIT.mail(mail.smtpPort(), mailer, "sms@sms.colibri.test", mailerPassword + ":0611223344", "Par mail, après la panne\n*fin*\n");
            Path send = Files.createDirectories(drop.resolve(dropper).resolve("send"));
            Files.writeString(send.resolve(".relance.csv.part"), "#message: Par fichier [v1]\r\n0611000001;Ana;Ana\r\n0611000002;Bo;Bo\r\n");
            Files.move(send.resolve(".relance.csv.part"), send.resolve("relance.csv"));
            load.awaitStopped();
            double total = N / Math.max(0.001, Duration.between(begin, Instant.now()).toMillis() / 1000.0);
            System.out.printf("[figures] scale: %d requests over 3 nodes, %.0f answered/s before the kill, %.0f/s overall;"
                    + " answers %s (-1: none, the node died under the request)%n", N, before, total, load.codes());
            // What a customer does with a request that got no answer: sends it again, to a live node.
            // Recorded by A before it died, it is a duplicate (91) everywhere; else it is taken now.
            int resent = load.resendUnanswered();
            System.out.printf("[figures] scale: %d unanswered request(s) sent again to node b: answers %s%n", resent, load.codes());

            await().atMost(Duration.ofSeconds(90)).until(() -> texts(smsc).containsKey("Par mail, après la panne"));
            await().atMost(Duration.ofSeconds(90)).until(() -> texts(smsc).containsKey("Par fichier Ana") && texts(smsc).containsKey("Par fichier Bo"));
            System.out.printf("[figures] scale: the mail (sent at the kill) reached the SMSC %.1f s after it, the drop file %.1f s after it%n",
                    seconds(killed, at(smsc, "Par mail, après la panne")), seconds(killed, at(smsc, "Par fichier Bo")));

            // Everything accepted ends (A's claims failed and refunded once it is seen dead), then B and C stop.
            CrashIT.awaitSettled(nodes.get(1), EMAIL);
            await().atMost(Duration.ofSeconds(60)).until(() -> alertsTo(mail) >= 1);
            nodes.get(1).stop();
            nodes.get(2).stop();

            Map<String, Integer> atSmsc = CrashIT.textsAt(smsc);
            assertThat(atSmsc.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList())
                    .as("texts that reached the SMSC twice").isEmpty();
            try (Connection c = DriverManager.getConnection(url, "postgres", "")) {
                Map<String, long[]> rows = CrashIT.Settled.read(c, EMAIL, N, atSmsc).rows();
                List<String> lost = new ArrayList<>();
                for (int i = 0; i < N; i++) {
                    if ((load.answers[i] == 80 || load.again[i] == 80) && !rows.containsKey(text(i))) {
                        lost.add(text(i));
                    }
                }
                assertThat(lost).as("answered 80, not in the database").isEmpty();
                try (Statement s = c.createStatement();
                     ResultSet r = s.executeQuery("select a.email, a.balance, coalesce((select sum(l.credits) from ledger_entry l"
                             + " where l.account_id = a.id), 0) from account a")) {
                    while (r.next()) {
                        assertThat(r.getLong(2)).as("balance of %s = its ledger's sum", r.getString(1)).isEqualTo(r.getLong(3));
                    }
                }
                Map<String, Integer> byNode = new TreeMap<>();
                try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("select name, draining from node order by name")) {
                    while (r.next()) {
                        byNode.put(r.getString(1), r.getBoolean(2) ? 1 : 0);
                    }
                }
                assertThat(byNode).containsOnlyKeys("a", "b", "c");
                System.out.printf("[figures] scale: %d answered 80, %d messages recorded, %d texts reached the SMSC, none twice, none lost%n",
                        load.count(80), rows.size(), atSmsc.size());
            }
            assertThat(alertsTo(mail)).as("the day's low-balance alert, mailed once by the three nodes").isEqualTo(1);
        } finally {
            for (Distribution n : nodes) {
                try {
                    n.kill();
                } catch (Exception ignored) {
                    // already gone
                }
            }
            try (Connection c = DriverManager.getConnection(pg, "postgres", ""); Statement s = c.createStatement()) {
                s.execute("drop schema if exists " + schema + " cascade");
            }
        }
    }

    /** When the SMSC received this text (System.nanoTime of the simulator). */
    static long at(SmscSimulator smsc, String text) {
        return smsc.received().stream().filter(m -> m.text().equals(text)).mapToLong(SmscSimulator.Submitted::receivedNanos).min().orElseThrow();
    }

    static double seconds(long fromNanos, long toNanos) {
        return (toNanos - fromNanos) / 1e9;
    }

    static boolean listening(int port) {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static String text(int i) {
        return "cluster " + i;
    }

    static Map<String, Integer> texts(SmscSimulator smsc) {
        return CrashIT.textsAt(smsc);
    }

    /** Mails the mail server holds for the alert's address. */
    static int alertsTo(MailSandbox mail) throws Exception {
        int n = 0;
        for (jakarta.mail.internet.MimeMessage m : mail.server().getReceivedMessages()) {
            for (Address to : m.getAllRecipients()) {
                n += to.toString().contains(ALERT_TO) ? 1 : 0;
            }
        }
        return n;
    }

    /**
     * CLIENTS threads taking request numbers in order, request i going to node i mod 3, as a load
     * balancer would spread them. A refused connection (the node is dead: the request never reached
     * it) is sent to the next node; a request cut in the middle is recorded as unanswered (-1): its
     * outcome is unknown.
     */
    static final class Load {
        final int[] answers = new int[N];
        /** The answer to a request sent again after it got none (0: not sent again). */
        final int[] again = new int[N];
        private final List<Integer> ports;
        private final String password;
        private final AtomicInteger next = new AtomicInteger();
        private final AtomicInteger answered = new AtomicInteger();
        private final ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        private final List<Future<?>> running = new ArrayList<>();
        private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();

        Load(List<Integer> ports, String password) {
            this.ports = ports;
            this.password = password;
        }

        void start() {
            for (int t = 0; t < CLIENTS; t++) {
                running.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < N; i = next.getAndIncrement()) {
                        answers[i] = send(i);
                        answered.incrementAndGet();
                    }
                }));
            }
        }

        void awaitAnswered(int count) throws InterruptedException {
            while (answered.get() < count && !running.stream().allMatch(Future::isDone)) {
                TimeUnit.MILLISECONDS.sleep(2);
            }
        }

        void awaitStopped() throws Exception {
            for (Future<?> f : running) {
                f.get(10, TimeUnit.MINUTES);
            }
            pool.shutdown();
        }

        /** Sends each request that got no answer again, to node b (the second port); how many. */
        int resendUnanswered() {
            int n = 0;
            for (int i = 0; i < N; i++) {
                if (answers[i] < 0) {
                    again[i] = send(i, 1);
                    n++;
                }
            }
            return n;
        }

        private int send(int i) {
            return send(i, i % ports.size());
        }

        /**
         * POSTed (the JDK's client sends a GET again by itself on another connection when the first
         * is cut: a request it must not hide), to the node {@code first}, else the next live one.
         */
        private int send(int i, int first) {
            String form = "email=" + enc(EMAIL) + "&pass=" + enc(password) + "&numero=0612345678&message=" + enc(text(i));
            for (int tried = 0; tried < ports.size(); tried++) {
                int port = ports.get((first + tried) % ports.size());
                try {
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/http.php"))
                            .header("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8")
                            .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                            HttpResponse.BodyHandlers.ofString());
                    return r.statusCode() == 200 ? Integer.parseInt(r.body().trim()) : 1000 + r.statusCode();
                } catch (ConnectException refused) {
                    // never reached that node: the next one takes it
                } catch (IOException e) {
                    return -1;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return -1;
                }
            }
            return -1;
        }

        int count(int code) {
            int n = 0;
            for (int a : answers) {
                n += a == code ? 1 : 0;
            }
            return n;
        }

        Map<Integer, Integer> codes() {
            Map<Integer, Integer> codes = new TreeMap<>();
            for (int i = 0; i < N; i++) {
                codes.merge(again[i] != 0 ? again[i] : answers[i], 1, Integer::sum);
            }
            return codes;
        }

        static String enc(String s) {
            return URLEncoder.encode(s, StandardCharsets.UTF_8);
        }
    }
}
