package io.colibri.bench;

import io.colibri.itests.Distribution;
import io.colibri.smsc.SmscSimulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * What the platform alone allows on this machine, with no Colibri work at all: the same harness
 * (C keep-alive clients) against two routes dropped into a copy of the distribution as shipped:
 * <ol>
 *   <li>a camel-jetty route that answers "80" at once;</li>
 *   <li>the same, sending one persistent JMS message to the embedded Artemis broker (as the accept
 *       route does), consumed by a transacted route that does nothing (as the outbound route is).</li>
 * </ol>
 * The second rate bounds any design that persists each request through the broker before
 * answering, whatever the database, SMPP and receipts then cost. Arguments: dist, n, c.
 */
public final class Ceiling {
    private static final String ROUTES = """
            - route:
                id: ceiling-http
                from:
                  uri: "jetty:http://127.0.0.1:%d/ceiling"
                  steps:
                    - setBody:
                        constant: "80"
            - route:
                id: ceiling-jms
                from:
                  uri: "jetty:http://127.0.0.1:%d/ceiling"
                  steps:
                    - setBody:
                        constant: "1"
                    - removeHeaders:
                        pattern: "*"
                    - to:
                        uri: "jms:queue:bench.ceiling"
                        pattern: InOnly
                    - setBody:
                        constant: "80"
            - route:
                id: ceiling-consume
                from:
                  uri: "jms:queue:bench.ceiling"
                  parameters:
                    transacted: true
                    disableReplyTo: true
                    concurrentConsumers: 4
                  steps:
                    - setProperty:
                        name: consumed
                        constant: true
            """;

    private Ceiling() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = HttpBench.options(args);
        Path dist = Path.of(opt.getOrDefault("dist", "distribution/target/colibri"));
        int n = Integer.parseInt(opt.getOrDefault("n", "40000"));
        int c = Integer.parseInt(opt.getOrDefault("c", "16"));
        Path work = Files.createTempDirectory("colibri-ceiling");
        try (SmscSimulator smsc = SmscSimulator.start("127.0.0.1", 0, Duration.ofMillis(100));
             Distribution colibri = new Distribution(dist, work)) {
            colibri.connectorTo(smsc.port());
            int plain = Distribution.freePort();
            int jms = Distribution.freePort();
            Files.writeString(colibri.home.resolve("routes/ceiling.yaml"), ROUTES.formatted(plain, jms));
            colibri.start();
            try {
                awaitAnswer(plain);
                awaitAnswer(jms);
            } catch (java.io.IOException e) {
                String log = colibri.log();
                throw new IllegalStateException("the ceiling routes did not start:\n" + log.substring(Math.max(0, log.length() - 4000)), e);
            }
            List<Long> pids = List.of(colibri.javaPid());
            System.out.printf("Ceiling: N=%d requests per route after as many of warm-up, C=%d keep-alive clients, %d cores%n",
                    n, c, Runtime.getRuntime().availableProcessors());
            for (var route : List.of(Map.entry("camel-jetty, constant answer", plain),
                    Map.entry("camel-jetty + persistent JMS send + transacted consumer", jms))) {
                load(route.getValue(), n, c); // warm-up
                long ticks0 = ProcStats.sumTicks(pids);
                long t0 = System.nanoTime();
                int ok = load(route.getValue(), n, c);
                double seconds = (System.nanoTime() - t0) / 1e9;
                double cpu = (ProcStats.sumTicks(pids) - ticks0) / (seconds * ProcStats.HZ) * 100;
                System.out.printf("  %-58s %7.0f requests/s  (%d answered 80 of %d; gateway CPU %.0f%% of one core)%n",
                        route.getKey(), ok / seconds, ok, n, cpu);
            }
        } finally {
            HttpBench.deleteTree(work);
        }
    }

    private static void awaitAnswer(int port) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try (KeepAliveClient client = new KeepAliveClient("127.0.0.1", port)) {
                if (client.get("/ceiling").status() == 200) {
                    return;
                }
            } catch (java.io.IOException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
            }
            TimeUnit.MILLISECONDS.sleep(500);
        }
    }

    /** n requests from c clients; how many were answered 80. */
    private static int load(int port, int n, int c) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(c);
        try {
            List<Future<Integer>> done = new ArrayList<>();
            for (int i = 0; i < c; i++) {
                int share = n / c + (i < n % c ? 1 : 0);
                done.add(pool.submit(() -> {
                    int ok = 0;
                    try (KeepAliveClient client = new KeepAliveClient("127.0.0.1", port)) {
                        for (int k = 0; k < share; k++) {
                            KeepAliveClient.Answer a = client.get("/ceiling");
                            if (a.status() == 200 && a.body().trim().equals("80")) {
                                ok++;
                            }
                        }
                    }
                    return ok;
                }));
            }
            int ok = 0;
            for (Future<Integer> f : done) {
                ok += f.get();
            }
            return ok;
        } finally {
            pool.shutdown();
        }
    }
}
