package io.colibri.itests;

import static org.assertj.core.api.Assertions.assertThat;

import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpServer;
import io.colibri.smsc.SmscSimulator;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Collections;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Faults on the distribution that take minutes, behind a flag (not in .ci/run; the route tests
 * SmscTroubleTest and BrokerDiskFullTest keep them in the suite):
 * {@code mvn -pl itests verify -Dit.test=FaultIT -Dcolibri.faults=true}, on H2 and, with
 * COLIBRI_TEST_PG_URL, PostgreSQL:
 * <ul>
 * <li>an SMSC that throttles, refuses and stops answering while 2 000 messages arrive from 16
 * clients: each answered 80 ends as the SMSC's answer says, at the SMSC at most once;</li>
 * <li>the mail server and the callback server down for a minute while mails are due and
 * callbacks fire: each told once they are back, the mailbox read again;</li>
 * <li>the disk under the broker's journal filled (a real file system, a tmpfs mounted there: the
 * test needs root and is skipped without it): requests still answered 80, the broker taking no
 * more than the credit it had granted while the disk is full, each sent once when space comes back.</li>
 * <li>PostgreSQL itself restarted twice (pg_ctlcluster, root) while 10 000 requests arrive from 16
 * clients: every request answered 80 recorded and sent once, none answered with an HTTP error
 * recorded.</li>
 * </ul>
 * Every balance equals its ledger sum.
 */
@EnabledIfSystemProperty(named = "colibri.faults", matches = "true")
class FaultIT {
    static final int N = 2_000;

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path work;

    static java.util.stream.Stream<String> databases() {
        return CrashIT.databases();
    }

    enum Fate { TAKEN, THROTTLED, REFUSED, UNANSWERED }

    static Fate fate(int i) {
        if (i % 500 == 5) {
            return Fate.UNANSWERED;
        }
        return switch (i % 10) {
            case 1, 2, 3 -> Fate.THROTTLED;
            case 4 -> Fate.REFUSED;
            default -> Fate.TAKEN;
        };
    }

    static String number(int i) {
        return String.format("06%08d", 10_000_000 + i);
    }

    static String destination(int i) {
        return "33" + number(i).substring(1);
    }

    @ParameterizedTest
    @MethodSource("databases")
    void an_smsc_that_throttles_refuses_and_stops_answering_under_load(String database) throws Exception {
        String schema = null;
        try (SmscSimulator smsc = SmscSimulator.start("127.0.0.1", 0, Duration.ofMillis(100));
             Distribution colibri = new Distribution(work)) {
            colibri.connectorTo(smsc.port(), 32, 100_000);
            CrashIT.Db db = CrashIT.Db.prepare(colibri, database);
            schema = db.schema();
            colibri.start();
            String email = "faults@example.org";
            String password = colibri.account(email, N);
            for (int i = 0; i < N; i++) {
                switch (fate(i)) {
                    case THROTTLED -> smsc.refuse(destination(i), 0x58, 2);
                    case REFUSED -> smsc.refuse(destination(i), 0x0B, 1);
                    case UNANSWERED -> smsc.answerNth(destination(i), 1, SmscSimulator.NO_ANSWER, 1);
                    case TAKEN -> { }
                }
            }
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            ExecutorService clients = Executors.newFixedThreadPool(16);
            List<Future<String>> answers = new ArrayList<>();
            long start = System.nanoTime();
            for (int i = 0; i < N; i++) {
                int n = i;
                answers.add(clients.submit(() -> http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + colibri.httpPort
                        + "/http.php?email=" + CrashIT.Load.enc(email) + "&pass=" + CrashIT.Load.enc(password) + "&numero=" + number(n)
                        + "&message=" + CrashIT.Load.enc("panne " + n))).GET().build(), HttpResponse.BodyHandlers.ofString()).body().trim()));
            }
            for (Future<String> a : answers) {
                assertThat(a.get()).isEqualTo("80");
            }
            clients.shutdown();
            CrashIT.awaitSettled(colibri, email);
            long seconds = (System.nanoTime() - start) / 1_000_000_000L;
            colibri.stop();

            Map<String, Integer> atSmsc = CrashIT.textsAt(smsc);
            Map<String, Integer> byDestination = new HashMap<>();
            smsc.received().forEach(s -> byDestination.merge(s.destination(), 1, Integer::sum));
            try (Connection c = DriverManager.getConnection(db.url(), db.user(), "")) {
                CrashIT.Settled settled = CrashIT.Settled.read(c, email, N, atSmsc);
                Map<Fate, Integer> counted = new java.util.EnumMap<>(Fate.class);
                for (int i = 0; i < N; i++) {
                    Fate f = fate(i);
                    counted.merge(f, 1, Integer::sum);
                    Integer sent = byDestination.get(destination(i));
                    switch (f) {
                        case TAKEN, THROTTLED, UNANSWERED -> assertThat(sent).as("%s %d at the SMSC", f, i).isEqualTo(1);
                        case REFUSED -> assertThat(sent).as("%s %d at the SMSC", f, i).isNull();
                    }
                }
                assertThat(settled.refunded()).isEqualTo(counted.get(Fate.REFUSED));
                assertThat(settled.paidUnknown()).isEqualTo(counted.get(Fate.UNANSWERED));
                System.out.printf("[figures] faults (%s): %d answered 80 in %d s to the end; fates %s; at the SMSC %d, none twice;"
                        + " %d refused and refunded, %d unanswered and paid; balance = ledger%n", database, N, seconds, counted,
                        byDestination.size(), settled.refunded(), settled.paidUnknown());
            }
        } finally {
            CrashIT.Db.drop(schema);
        }
    }

    /** The address the gateway reads mail at (etc/io.colibri.mail.cfg, as shipped). */
    static final String GATEWAY_MAILBOX = "sms@sms.colibri.test";
    static final int MAILS = 10;
    static final int DURING = 50;

    @ParameterizedTest
    @MethodSource("databases")
    void the_mail_and_callback_servers_down_for_a_minute(String database) throws Exception {
        String schema = null;
        int callbackPort = Distribution.freePort();
        Callbacks callbacks = new Callbacks(callbackPort);
        try (SmscSimulator smsc = SmscSimulator.start("127.0.0.1", 0, Duration.ofMillis(100));
             Distribution colibri = new Distribution(work)) {
            // No sandbox: the mail cfg points at smtpPort and imapPort, where this test runs its own mail server.
            colibri.connectorTo(smsc.port(), 8, 1_000);
            CrashIT.Db db = CrashIT.Db.prepare(colibri, database);
            schema = db.schema();
            GreenMail mailServer = mailServer(colibri);
            colibri.start();
            String email = "mairie@example.org";
            String password = colibri.account(email, 1_000);
            colibri.client("colibri:account-option " + email + " mail-registered on");
            colibri.client("colibri:account-option " + email + " mail-delivered on");
            colibri.client("colibri:callback-set " + email + " http://127.0.0.1:" + callbackPort + "/events");

            // Mails read and sent while both servers are up; their receipts come 20 s later, into the outage.
            for (int i = 0; i < MAILS; i++) {
                smsc.delayReceipts(destination(i), Duration.ofSeconds(20));
                mail(colibri, email, password + ":" + number(i), "courrier " + i);
            }
            await().atMost(Duration.ofMinutes(2)).until(() -> mailsTo(mailServer, email, "SMS registered").size() == MAILS
                    && smsc.receivedCount() == MAILS);

            mailServer.stop();
            callbacks.stop();
            long down = System.nanoTime();
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            for (int i = MAILS; i < MAILS + DURING; i++) {
                assertThat(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + colibri.httpPort + "/http.php?email="
                        + CrashIT.Load.enc(email) + "&pass=" + CrashIT.Load.enc(password) + "&numero=" + number(i) + "&message="
                        + CrashIT.Load.enc("pendant la panne " + i))).GET().build(), HttpResponse.BodyHandlers.ofString()).body().trim())
                        .as("sent while the mail and callback servers are down").isEqualTo("80");
            }
            await().atMost(Duration.ofMinutes(1)).until(() -> smsc.receivedCount() == MAILS + DURING);
            TimeUnit.NANOSECONDS.sleep(Math.max(0, Duration.ofSeconds(60).toNanos() - (System.nanoTime() - down)));
            assertThat(colibri.client("colibri:dead-letters")).contains("no dead letters");

            GreenMail mailServerBack = mailServer(colibri);
            callbacks.start();
            long back = System.nanoTime();
            int last = MAILS + DURING;
            mail(colibri, email, password + ":" + number(last), "après la panne");

            await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                Map<Long, List<String>> told = callbacks.statuses();
                return mailsTo(mailServerBack, email, "SMS delivered").size() >= MAILS + 1 && told.size() == last + 1
                        && told.values().stream().allMatch(s -> s.contains("DELIVERED"));
            });
            long secondsToTell = (System.nanoTime() - back) / 1_000_000_000L;
            CrashIT.awaitSettled(colibri, email);
            String deadLetters = colibri.client("colibri:dead-letters");
            colibri.stop();
            List<String> delivered = mailsTo(mailServerBack, email, "SMS delivered");
            List<String> registeredAfter = mailsTo(mailServerBack, email, "SMS registered");
            mailServerBack.stop();

            assertThat(deadLetters).contains("no dead letters");
            // Each delivered mail once: one per number, the mails read before the outage and the one after it.
            for (int i = 0; i < MAILS; i++) {
                String n = number(i).substring(2);
                assertThat(delivered.stream().filter(m -> m.contains(n)).count()).as("delivered mail for %s", number(i)).isEqualTo(1);
            }
            assertThat(delivered.stream().filter(m -> m.contains(number(last).substring(2))).count()).isEqualTo(1);
            assertThat(delivered).hasSize(MAILS + 1);
            assertThat(registeredAfter).as("the mail read after the outage confirmed").hasSize(1);
            // Each status once for the messages whose events all fell in or after the outage (a POST cut
            // by the server's stop may be told twice: callbacks are at least once, the receiver keys on
            // messageId and status).
            Map<Long, List<String>> told = callbacks.statuses();
            long twice = told.values().stream().mapToLong(s -> s.size() - s.stream().distinct().count()).sum();
            Map<String, Integer> atSmsc = CrashIT.textsAt(smsc);
            try (Connection c = DriverManager.getConnection(db.url(), db.user(), "")) {
                CrashIT.Settled settled = CrashIT.Settled.read(c, email, 1_000, atSmsc);
                assertThat(settled.rows()).hasSize(last + 1);
                for (int i = MAILS; i < last; i++) {
                    long id = settled.rows().get("pendant la panne " + i)[0];
                    assertThat(told.get(id)).as("callbacks of message %d, sent during the outage", id)
                            .doesNotHaveDuplicates().contains("DELIVERED");
                }
            }
            assertThat(atSmsc.values()).as("each text once at the SMSC").containsOnly(1);
            assertThat(atSmsc).hasSize(last + 1);
            System.out.printf("[figures] mail and callback servers down 60 s (%s): %d mails and %d HTTP sends, at the SMSC once each;"
                    + " %d delivered mails and %d messages' callbacks told within %d s of the servers' return (%d statuses told twice);"
                    + " no dead letters; balance = ledger%n", database, MAILS + 1, DURING, delivered.size(), told.size(), secondsToTell,
                    twice);
        } finally {
            callbacks.stop();
            CrashIT.Db.drop(schema);
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void the_disk_under_the_brokers_journal_full(String database) throws Exception {
        String schema = null;
        Path artemis = null;
        try (SmscSimulator smsc = SmscSimulator.start("127.0.0.1", 0, Duration.ofMillis(100));
             Distribution colibri = new Distribution(work)) {
            artemis = colibri.home.resolve("data/artemis");
            Files.createDirectories(artemis);
            Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=160m", "tmpfs", artemis.toString())
                    .redirectErrorStream(true).start();
            String why = new String(mount.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (mount.waitFor() != 0) {
                artemis = null;
                Assumptions.abort("cannot mount a tmpfs for the broker's journal (root needed): " + why);
            }
            colibri.connectorTo(smsc.port(), 8, 1_000);
            CrashIT.Db db = CrashIT.Db.prepare(colibri, database);
            schema = db.schema();
            colibri.start();
            String email = "disque@example.org";
            String password = colibri.account(email, 2_000);
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            send(http, colibri, email, password, "avant 0");
            await().atMost(Duration.ofSeconds(30)).until(() -> smsc.receivedCount() == 1);

            // Another program fills the disk: past the broker's max-disk-usage (95 %), not to the last byte.
            Path filler = artemis.resolve("filler");
            FileStore disk = Files.getFileStore(artemis);
            long fill = disk.getUsableSpace() - disk.getTotalSpace() / 50;
            try (FileChannel out = FileChannel.open(filler, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer block = ByteBuffer.allocate(1 << 20);
                for (long written = 0; written < fill; ) {
                    block.clear().limit((int) Math.min(block.capacity(), fill - written));
                    written += out.write(block);
                }
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> colibri.log().contains("AMQ222210"));

            // Artemis stops granting its producers credit once past max-disk-usage: what they hold
            // already (a window of 64 KiB) still goes, into the 2 % left; then nothing moves.
            int n = 1_000;
            long full = System.nanoTime();
            for (int i = 0; i < n; i++) {
                assertThat(send(http, colibri, email, password, "disque plein " + i)).as("answered while the disk is full").isEqualTo("80");
            }
            long answeredMillis = (System.nanoTime() - full) / 1_000_000L;
            TimeUnit.SECONDS.sleep(5);
            long leftOnCredit = smsc.receivedCount() - 1;
            TimeUnit.SECONDS.sleep(10);
            assertThat(smsc.receivedCount() - 1).as("nothing more leaves while the broker cannot write").isEqualTo(leftOnCredit)
                    .isLessThan(n);
            Files.delete(filler);
            long freed = System.nanoTime();
            await().atMost(Duration.ofMinutes(2)).until(() -> smsc.receivedCount() == n + 1);
            long sentMillis = (System.nanoTime() - freed) / 1_000_000L;
            CrashIT.awaitSettled(colibri, email);
            colibri.stop();

            Map<String, Integer> atSmsc = CrashIT.textsAt(smsc);
            try (Connection c = DriverManager.getConnection(db.url(), db.user(), "")) {
                assertThat(CrashIT.Settled.read(c, email, 2_000, atSmsc).rows()).hasSize(n + 1);
            }
            assertThat(atSmsc.values()).as("each text once at the SMSC").containsOnly(1);
            assertThat(atSmsc).hasSize(n + 1);
            System.out.printf("[figures] broker disk full (%s): %d answered 80 in %d ms while full, %d left on the credit the"
                    + " broker had granted, then none for 10 s; all at the SMSC once each %d ms after the space came back;"
                    + " balance = ledger%n", database, n, answeredMillis, leftOnCredit, sentMillis);
        } finally {
            if (artemis != null) {
                new ProcessBuilder("umount", "-l", artemis.toString()).inheritIO().start().waitFor();
            }
            CrashIT.Db.drop(schema);
        }
    }

    static String send(HttpClient http, Distribution colibri, String email, String password, String text) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + colibri.httpPort + "/http.php?email="
                + CrashIT.Load.enc(email) + "&pass=" + CrashIT.Load.enc(password) + "&numero=0612345678&message="
                + CrashIT.Load.enc(text))).GET().build(), HttpResponse.BodyHandlers.ofString()).body().trim();
    }

    /** A mail server where the distribution's mail cfg points (no sandbox): SMTP and IMAP, the gateway's mailbox. */
    static GreenMail mailServer(Distribution colibri) {
        GreenMail mail = new GreenMail(new ServerSetup[] {new ServerSetup(colibri.smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP),
                new ServerSetup(colibri.imapPort, "127.0.0.1", ServerSetup.PROTOCOL_IMAP)});
        mail.start();
        mail.setUser(GATEWAY_MAILBOX, GATEWAY_MAILBOX, "colibri");
        return mail;
    }

    /** A customer's mail to the gateway: the subject "password:number", the text the SMS. */
    static void mail(Distribution colibri, String from, String subject, String text) throws Exception {
        Properties p = new Properties();
        p.setProperty("mail.smtp.host", "127.0.0.1");
        p.setProperty("mail.smtp.port", Integer.toString(colibri.smtpPort));
        MimeMessage m = new MimeMessage(Session.getInstance(p));
        m.setFrom(new InternetAddress(from));
        m.setRecipients(jakarta.mail.Message.RecipientType.TO, GATEWAY_MAILBOX);
        m.setSubject(subject, "UTF-8");
        m.setText(text, "UTF-8");
        Transport.send(m);
    }

    /** Subject and text of each mail the server took for this address whose subject says this. */
    static List<String> mailsTo(GreenMail server, String address, String saying) throws Exception {
        List<String> out = new ArrayList<>();
        for (MimeMessage m : server.getReceivedMessages()) {
            if (Arrays.stream(m.getAllRecipients()).anyMatch(a -> a.toString().contains(address))) {
                if (m.getSubject().contains(saying)) {
                    out.add(m.getSubject() + "\n" + GreenMailUtil.getBody(m));
                }
            }
        }
        return out;
    }

    /** The customer's callback server: the statuses POSTed for each message, in order; stopped and started again on its port. */
    static final class Callbacks {
        private static final Pattern EVENT = Pattern.compile("\"messageId\":(\\d+).*\"status\":\"([A-Z_]+)\"");
        private final int port;
        private final Map<Long, List<String>> statuses = new ConcurrentHashMap<>();
        private HttpServer server;

        Callbacks(int port) throws IOException {
            this.port = port;
            start();
        }

        synchronized void start() throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 50);
            server.createContext("/events", exchange -> {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                Matcher m = EVENT.matcher(body);
                if (m.find()) {
                    statuses.computeIfAbsent(Long.parseLong(m.group(1)), k -> Collections.synchronizedList(new ArrayList<>()))
                            .add(m.group(2));
                }
                exchange.sendResponseHeaders(204, -1);
                exchange.close();
            });
            server.start();
        }

        synchronized void stop() {
            if (server != null) {
                server.stop(0);
                server = null;
            }
        }

        Map<Long, List<String>> statuses() {
            Map<Long, List<String>> copy = new HashMap<>();
            statuses.forEach((id, s) -> {
                synchronized (s) {
                    copy.put(id, List.copyOf(s));
                }
            });
            return copy;
        }
    }

    @org.junit.jupiter.api.Test
    void postgresql_restarted_under_load_loses_nothing_answered_and_records_nothing_refused() throws Exception {
        Assumptions.assumeTrue(CrashIT.pgUrl() != null, "COLIBRI_TEST_PG_URL not set");
        String[] versions = Path.of("/etc/postgresql").toFile().list();
        Assumptions.assumeTrue(versions != null && versions.length > 0 && Files.isExecutable(Path.of("/usr/bin/pg_ctlcluster")),
                "no local PostgreSQL cluster to restart");
        String schema = null;
        try (SmscSimulator smsc = SmscSimulator.start("127.0.0.1", 0, Duration.ofMillis(100));
             Distribution colibri = new Distribution(work)) {
            colibri.connectorTo(smsc.port(), 32, 100_000);
            CrashIT.Db db = CrashIT.Db.prepare(colibri, "postgresql");
            schema = db.schema();
            colibri.start();
            String password = colibri.account(CrashIT.EMAIL, CrashIT.STREAM);
            CrashIT.Load load = new CrashIT.Load(colibri.httpPort, password);
            load.start();
            long[] downMillis = new long[2];
            for (int round = 0; round < 2; round++) {
                load.awaitAnswered(2_000 + round * 4_000);
                long t = System.nanoTime();
                Process restart = new ProcessBuilder("pg_ctlcluster", "--skip-systemctl-redirect", versions[0], "main", "restart")
                        .redirectErrorStream(true).start();
                String said = new String(restart.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(restart.waitFor()).as("pg_ctlcluster restart: %s", said).isZero();
                downMillis[round] = (System.nanoTime() - t) / 1_000_000L;
            }
            load.awaitStopped();
            CrashIT.awaitSettled(colibri, CrashIT.EMAIL);
            colibri.stop();

            Map<String, Integer> atSmsc = CrashIT.textsAt(smsc);
            assertThat(atSmsc.values()).as("each text at the SMSC once").containsOnly(1);
            try (Connection c = DriverManager.getConnection(db.url(), db.user(), "")) {
                Map<String, long[]> rows = CrashIT.Settled.read(c, CrashIT.EMAIL, CrashIT.STREAM, atSmsc).rows();
                Map<Integer, Integer> codes = new java.util.TreeMap<>();
                List<String> lost = new ArrayList<>();
                List<String> refusedButRecorded = new ArrayList<>();
                for (int i = 0; i < CrashIT.STREAM; i++) {
                    codes.merge(load.answers[i], 1, Integer::sum);
                    boolean recorded = rows.containsKey(CrashIT.text(i));
                    if (load.answers[i] == 80 && !recorded) {
                        lost.add(CrashIT.text(i));
                    }
                    if (load.answers[i] >= 1000 && recorded) {
                        refusedButRecorded.add(CrashIT.text(i) + " (HTTP " + (load.answers[i] - 1000) + ")");
                    }
                }
                assertThat(lost).as("answered 80, not in the database").isEmpty();
                assertThat(refusedButRecorded).as("answered an HTTP error, yet recorded").isEmpty();
                System.out.printf("[figures] postgresql restarted twice under load (%d ms and %d ms for pg_ctlcluster): answers %s"
                        + " (-1: none, 1503: HTTP 503); %d recorded, %d at the SMSC, none twice, none lost; balance = ledger%n",
                        downMillis[0], downMillis[1], codes, rows.size(), atSmsc.size());
            }
        } finally {
            CrashIT.Db.drop(schema);
        }
    }
}
