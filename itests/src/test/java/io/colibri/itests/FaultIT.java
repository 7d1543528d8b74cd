package io.colibri.itests;

import static org.assertj.core.api.Assertions.assertThat;

import io.colibri.smsc.SmscSimulator;
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
 * COLIBRI_TEST_PG_URL, PostgreSQL. An SMSC that throttles, refuses and stops answering while
 * 2 000 messages arrive from 16 clients: each answered 80 ends as the SMSC's answer says, at the
 * SMSC at most once, and every balance equals its ledger sum.
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
}
