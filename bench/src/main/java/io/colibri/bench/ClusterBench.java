package io.colibri.bench;

import io.colibri.itests.Artemis;
import io.colibri.itests.Distribution;
import io.colibri.smsc.SmscSimulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The same load through one gateway node and through three (issue 18): each time a standalone
 * Artemis broker, a fresh PostgreSQL schema and one SMSC simulator shared by the nodes; N requests
 * to /http.php from C connections, spread evenly over the nodes' ports (one wrk per node, C/k
 * connections each), after a warm-up. Prints requests answered per second, end to end (first
 * request to the last submit_sm at the SMSC), the latencies and each node's memory.
 *
 * <p>On a 2-core machine three nodes share the same two cores as one: the figure shows the work
 * spreads and nothing is lost, not a linear gain.
 *
 * <pre>bench/run.sh --cluster [N] [C]</pre>
 */
public final class ClusterBench {
    private static final String TAG = "cluster";

    private ClusterBench() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new HashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            a.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        Path dist = Path.of(a.get("dist"));
        int n = Integer.parseInt(a.getOrDefault("n", "6000"));
        int c = Integer.parseInt(a.getOrDefault("c", "12"));
        String pg = a.getOrDefault("pg", "jdbc:postgresql://127.0.0.1:5432/test");
        Path artemisXml = Path.of(a.getOrDefault("artemisXml", "etc/artemis.xml")).toAbsolutePath();
        Path work = Files.createTempDirectory("colibri-cluster-bench");
        List<String> lines = new ArrayList<>();
        try (SmscSimulator smsc = SmscSimulator.start("127.0.0.1", 0, Duration.ofMillis(100))) {
            Wrk wrk = new Wrk(work);
            for (int nodes : List.of(1, 3)) {
                lines.add(run(dist, work.resolve("k" + nodes), nodes, n, c, pg, artemisXml, smsc, wrk));
            }
        }
        System.out.println();
        System.out.printf("== cluster bench: N=%d, C=%d, %d cores, PostgreSQL, a standalone Artemis; one SMSC%n", n, c,
                Runtime.getRuntime().availableProcessors());
        lines.forEach(System.out::println);
    }

    private static String run(Path dist, Path work, int k, int n, int c, String pg, Path artemisXml, SmscSimulator smsc, Wrk wrk)
            throws Exception {
        String schema = "colibri_bench" + System.nanoTime();
        try (Connection db = DriverManager.getConnection(pg, "postgres", ""); Statement s = db.createStatement()) {
            s.execute("create schema " + schema);
        }
        String url = pg + (pg.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        Files.createDirectories(work);
        List<ColibriTarget> targets = new ArrayList<>();
        try (Artemis broker = Artemis.start(work, artemisXml)) {
            for (int i = 0; i < k; i++) {
                ColibriTarget t = new ColibriTarget(dist, Files.createDirectories(work.resolve("n" + i)), 32, 100_000, false);
                Distribution d = t.distribution();
                d.node("n" + i, 2000, 15000);
                d.externalBroker(broker.url(), broker.user, broker.password);
                d.database(url, "postgres");
                targets.add(t);
            }
            System.out.println("-- " + k + " node(s): booting");
            targets.get(0).start(smsc.port());
            int warm = 1000 * k;
            targets.get(0).prepare(warm + n);
            ExecutorService pool = Executors.newFixedThreadPool(k);
            List<Future<Duration>> boots = new ArrayList<>();
            for (ColibriTarget t : targets.subList(1, k)) {
                boots.add(pool.submit(() -> t.start(smsc.port())));
            }
            for (Future<Duration> f : boots) {
                f.get(5, TimeUnit.MINUTES);
            }
            for (ColibriTarget t : targets.subList(1, k)) {
                t.sameAccountAs(targets.get(0));
            }
            send(targets, wrk, pool, "warm", warm, c);
            awaitSubmits(smsc, "warm", warm);
            TimeUnit.SECONDS.sleep(3);

            System.out.println("-- " + k + " node(s): sending " + n);
            List<Long> nodePids = targets.stream().map(ColibriTarget::javaPid).toList();
            long[] cpu0 = cpu(nodePids, broker.javaPid());
            ProcStats.Machine m0 = ProcStats.machine();
            long t0 = System.nanoTime();
            long before = smsc.receivedCount();
            List<Wrk.Run> runs = send(targets, wrk, pool, TAG + k, n, c);
            long start = runs.stream().mapToLong(Wrk.Run::startNanos).min().orElseThrow();
            long answered = runs.stream().mapToLong(Wrk.Run::endNanos).max().orElseThrow();
            long ok = runs.stream().mapToLong(Wrk.Run::ok).sum();
            long last = awaitSubmits(smsc, TAG + k, (int) ok);
            long[] cpu1 = cpu(nodePids, broker.javaPid());
            ProcStats.Machine m1 = ProcStats.machine().minus(m0);
            double wall = (System.nanoTime() - t0) / 1e9 * ProcStats.HZ / 100.0; // ticks per 1 % of a core
            int cores = Runtime.getRuntime().availableProcessors();
            double p50 = runs.stream().mapToDouble(Wrk.Run::p50Ms).max().orElse(0);
            double p99 = runs.stream().mapToDouble(Wrk.Run::p99Ms).max().orElse(0);
            long rss = 0;
            for (ColibriTarget t : targets) {
                rss += t.distribution().residentKb();
            }
            pool.shutdown();
            return String.format("%d node(s): %d of %d answered 80, %.0f answered/s, %.0f/s end to end (%d submit_sm), p50/p99 %.1f/%.1f ms"
                            + " (worst node), resident memory %d MB in all; CPU %% of one core: gateways %.0f, broker %.0f, PostgreSQL %.0f,"
                            + " machine %.0f of %d (iowait %.0f)", k, ok, n, ok / ((answered - start) / 1e9),
                    (smsc.receivedCount() - before) / ((last - start) / 1e9), smsc.receivedCount() - before, p50, p99, rss / 1024,
                    (cpu1[0] - cpu0[0]) / wall, (cpu1[1] - cpu0[1]) / wall, (cpu1[2] - cpu0[2]) / wall,
                    cores * 100.0 * m1.busy() / Math.max(1, m1.total()), cores * 100, cores * 100.0 * m1.iowait() / Math.max(1, m1.total()));
        } finally {
            for (ColibriTarget t : targets) {
                t.close();
            }
            try (Connection db = DriverManager.getConnection(pg, "postgres", ""); Statement s = db.createStatement()) {
                s.execute("drop schema if exists " + schema + " cascade");
            }
        }
    }

    /** CPU ticks so far of the gateway nodes, the broker, and every PostgreSQL process of the machine. */
    private static long[] cpu(List<Long> nodes, long broker) throws java.io.IOException {
        long pg = 0;
        try (var procs = Files.list(Path.of("/proc"))) {
            for (Path p : (Iterable<Path>) procs::iterator) {
                String name = p.getFileName().toString();
                if (name.chars().allMatch(Character::isDigit)) {
                    try {
                        if (Files.readString(p.resolve("comm")).strip().startsWith("postgres")) {
                            pg += ProcStats.processTicks(Long.parseLong(name));
                        }
                    } catch (java.io.IOException | RuntimeException gone) {
                        // the process ended meanwhile
                    }
                }
            }
        }
        return new long[] {ProcStats.sumTicks(nodes), ProcStats.processTicks(broker), pg};
    }

    /** n requests spread over the nodes, one wrk each: node i sends texts "tag i-j". */
    private static List<Wrk.Run> send(List<ColibriTarget> targets, Wrk wrk, ExecutorService pool, String tag, int n, int c)
            throws Exception {
        int k = targets.size();
        List<Future<Wrk.Run>> runs = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            ColibriTarget t = targets.get(i);
            String template = t.request(tag + " " + i + "-" + Wrk.INDEX);
            int share = n / k + (i < n % k ? 1 : 0);
            runs.add(pool.submit(() -> wrk.send(t.httpPort(), template, share, Math.max(2, c / k), t, 0)));
        }
        List<Wrk.Run> done = new ArrayList<>();
        for (Future<Wrk.Run> f : runs) {
            done.add(f.get(30, TimeUnit.MINUTES));
        }
        return done;
    }

    /** Waits until the SMSC holds {@code expected} texts starting with tag (or nothing came for 60 s); when the last came. */
    private static long awaitSubmits(SmscSimulator smsc, String tag, int expected) throws InterruptedException {
        long seen = -1;
        long progress = System.nanoTime();
        while (true) {
            long last = 0;
            int count = 0;
            for (SmscSimulator.Submitted s : smsc.received()) {
                if (s.text().startsWith(tag + " ")) {
                    count++;
                    last = Math.max(last, s.receivedNanos());
                }
            }
            if (count >= expected) {
                return last;
            }
            if (count != seen) {
                seen = count;
                progress = System.nanoTime();
            } else if (System.nanoTime() - progress > TimeUnit.SECONDS.toNanos(60)) {
                System.out.println("-- only " + count + " of " + expected + " at the SMSC");
                return last;
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
    }
}
