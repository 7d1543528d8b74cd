package io.colibri.bench;

import io.colibri.itests.Distribution;
import io.colibri.smsc.SmscSimulator;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Load on the real thing: the built distribution, started as a process with its "mobile"
 * connector pointed at an SMSC this harness runs, receives N requests on /http.php from C
 * concurrent clients. Prints accepted requests per second, latency percentiles, how long the
 * SMSC took to receive them all, and the gateway's resident memory. Bounded in count and time,
 * loopback only.
 *
 * <p>Arguments: {@code distributionDir requests concurrency [window rate]}.
 */
public final class HttpBench {

    public static void main(String[] args) throws Exception {
        Path dist = Path.of(args.length > 0 ? args[0] : "distribution/target/colibri");
        int requests = args.length > 1 ? Integer.parseInt(args[1]) : 5000;
        int concurrency = args.length > 2 ? Integer.parseInt(args[2]) : 8;
        int window = args.length > 3 ? Integer.parseInt(args[3]) : 10;
        int rate = args.length > 4 ? Integer.parseInt(args[4]) : 5000;
        int warmup = Math.min(500, requests / 10);

        Path work = Files.createTempDirectory("colibri-bench");
        int smscPort = Distribution.freePort();
        try (SmscSimulator smsc = SmscSimulator.start("127.0.0.1", smscPort, Duration.ofMillis(100));
             Distribution colibri = new Distribution(dist, work)) {
            colibri.connectorTo(smscPort, window, rate);
            Duration boot = colibri.start();
            TimeUnit.SECONDS.sleep(5); // a harness pause, not a test: let the JVM settle before reading idle memory
            long idleKb = colibri.residentKb();

            String email = "bench@example.org";
            Matcher m = Pattern.compile("(?m)^password: (\\S+)").matcher(colibri.client("colibri:account-create " + email));
            if (!m.find()) {
                throw new IllegalStateException("account not created");
            }
            String password = m.group(1);
            colibri.client("colibri:credit-add " + email + " " + (requests + warmup + 10));

            HttpClient http = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(4)).build();
            String base = "http://127.0.0.1:" + colibri.httpPort + "/http.php?email=" + enc(email) + "&pass=" + enc(password)
                    + "&numero=0612345678&message=";
            run(http, base, warmup, concurrency, new long[warmup], new ConcurrentHashMap<>());

            long[] latencies = new long[requests];
            Map<String, LongAdder> codes = new ConcurrentHashMap<>();
            long start = System.nanoTime();
            run(http, base, requests, concurrency, latencies, codes);
            long httpNanos = System.nanoTime() - start;

            int expected = warmup + requests;
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
            while (smsc.received().size() < expected && System.nanoTime() < deadline) {
                TimeUnit.MILLISECONDS.sleep(50);
            }
            long smscNanos = System.nanoTime() - start;
            long loadedKb = colibri.residentKb();

            Arrays.sort(latencies);
            System.out.println();
            System.out.println("Colibri HTTP bench: " + requests + " requests, " + concurrency + " clients, connector window "
                    + window + " rate " + rate + "/s, " + Runtime.getRuntime().availableProcessors() + " cores");
            System.out.printf("  boot to first answer         %8d ms%n", boot.toMillis());
            System.out.printf("  resident memory, idle        %8d MB%n", idleKb / 1024);
            System.out.printf("  resident memory, after load  %8d MB%n", loadedKb / 1024);
            System.out.printf("  answers                      %s%n", new TreeMap<>(codes));
            System.out.printf("  accepted over HTTP           %8.0f requests/s%n", requests / (httpNanos / 1e9));
            System.out.printf("  latency p50 / p95 / p99      %8.1f / %.1f / %.1f ms%n", ms(latencies, 0.50), ms(latencies, 0.95),
                    ms(latencies, 0.99));
            System.out.printf("  latency max                  %8.1f ms%n", latencies[latencies.length - 1] / 1e6);
            System.out.printf("  submit_sm at the SMSC        %8d of %d, %.0f/s end to end%n", smsc.received().size(), expected,
                    Math.min(smsc.received().size(), expected) / (smscNanos / 1e9));
        } finally {
            deleteTree(work);
        }
    }

    private static void deleteTree(Path dir) throws java.io.IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static void run(HttpClient http, String base, int count, int concurrency, long[] latencies,
                            Map<String, LongAdder> codes) throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        ExecutorService clients = Executors.newFixedThreadPool(concurrency);
        for (int c = 0; c < concurrency; c++) {
            clients.submit(() -> {
                int i;
                while ((i = next.getAndIncrement()) < count) {
                    long t0 = System.nanoTime();
                    String code;
                    try {
                        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "bench+" + i)).GET()
                                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
                        code = r.statusCode() == 200 ? r.body() : "http " + r.statusCode();
                    } catch (Exception e) {
                        code = e.getClass().getSimpleName();
                    }
                    latencies[i] = System.nanoTime() - t0;
                    codes.computeIfAbsent(code, k -> new LongAdder()).increment();
                }
            });
        }
        clients.shutdown();
        clients.awaitTermination(30, TimeUnit.MINUTES);
    }

    private static double ms(long[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) (sorted.length * q))] / 1e6;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
