package io.colibri.bench;

import io.colibri.itests.Distribution;
import io.colibri.smsc.SmscSimulator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The benchmark of issue 4. Boots the gateway as shipped (the built distribution as its own
 * process: persistent broker journal, H2 file database), points its "mobile" connector at an SMSC
 * simulator running in this JVM (every submit_sm answered at once, a DELIVRD receipt after
 * receiptDelayMs), creates an account with exactly the credit needed, and sends N messages through
 * /http.php from C clients, each on one keep-alive connection. Each text carries a token ("bench
 * 123") that ties the HTTP request to its submit_sm. Optionally does the same with Kannel
 * (bearerbox + smsbox, /cgi-bin/sendsms) against a fresh instance of the same simulator, and
 * prints both side by side with the ratio of end-to-end rates.
 *
 * <p>Arguments, key=value: dist, n, c, window, rate, receiptDelayMs, kannel (off|also|only),
 * profile (true|false), out (folder for the flight recording). Never part of the tests.
 */
public final class HttpBench {
    private static final Duration STALL = Duration.ofSeconds(90);
    /** Also the same number of messages through Colibri's SMPP server for ESMEs (issue 17), after /http.php. */
    private static boolean smppServer;

    /** What one target did. */
    record Result(String name, Duration boot, int n, String answers, int accepted, int connections,
                  double acceptedPerSec, double httpP50, double httpP99, int submitted, int duplicates,
                  double smscPerSec, double endToEndPerSec, double halfRate, double halfP50, double halfP99,
                  double receiptsSeconds, int warmup, long peakRssKb, long sampledRssKb,
                  double targetCpu, double harnessCpu, double machineCpu, double iowait, double others,
                  String loadBefore, String loadAfter, String check) {
    }

    /** Arguments given as key=value. */
    static Map<String, String> options(String[] args) {
        Map<String, String> opt = new HashMap<>();
        for (String a : args) {
            int eq = a.indexOf('=');
            if (eq > 0) {
                opt.put(a.substring(0, eq), a.substring(eq + 1));
            }
        }
        return opt;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = options(args);
        Path dist = Path.of(opt.getOrDefault("dist", "distribution/target/colibri"));
        int n = Integer.parseInt(opt.getOrDefault("n", "20000"));
        int c = Integer.parseInt(opt.getOrDefault("c", "16"));
        int window = Integer.parseInt(opt.getOrDefault("window", "32"));
        int rate = Integer.parseInt(opt.getOrDefault("rate", "100000"));
        boolean withCallbacks = Boolean.parseBoolean(opt.getOrDefault("callbacks", "false"));
        boolean api = Boolean.parseBoolean(opt.getOrDefault("api", "false"));
        int receiptDelayMs = Integer.parseInt(opt.getOrDefault("receiptDelayMs", withCallbacks ? "300" : "100"));
        String kannel = opt.getOrDefault("kannel", "off");
        smppServer = Boolean.parseBoolean(opt.getOrDefault("smppServer", "false"));
        boolean profile = Boolean.parseBoolean(opt.getOrDefault("profile", "false"));
        Path out = Files.createDirectories(Path.of(opt.getOrDefault("out", "bench/target")).toAbsolutePath());
        int warmup = Math.min(500, n / 10);
        int cores = Runtime.getRuntime().availableProcessors();

        System.out.printf("Bench: N=%d messages (after %d of warm-up), C=%d keep-alive connections (wrk), SMPP window %d, rate limit %d/s "
                        + "(set high so that the SMSC side is not the limit); SMSC simulator answers every submit_sm at once, "
                        + "receipt after %d ms%s; %d cores; load average %s%n",
                n, warmup, c, window, rate, receiptDelayMs, withCallbacks
                        ? "; Colibri POSTs a signed callback per status change, Kannel calls its dlr-url per receipt" : "",
                cores, ProcStats.loadAverage());

        Optional<String> noWrk = Wrk.missing();
        if (noWrk.isPresent()) {
            System.out.println(noWrk.get() + ": the bench loads the gateways with wrk.");
            System.exit(2);
        }
        List<Result> results = new ArrayList<>();
        double ceiling;
        Path work = Files.createTempDirectory("colibri-bench");
        // One SMSC for the whole run: the raw ceiling, Colibri and Kannel send to the same one.
        try (SmscSimulator smsc = SmscSimulator.start("127.0.0.1", 0, Duration.ofMillis(receiptDelayMs))) {
            Wrk wrk = new Wrk(work);
            awaitQuiet();
            try (RawSmpp raw = new RawSmpp("127.0.0.1", smsc.port(), "raw", "raw")) {
                raw.send(Math.min(n, 5000), window); // warm-up of the simulator's JIT
                ceiling = raw.send(n * 2, window);
            }
            System.out.printf("-- raw ceiling: a bare SMPP client, window %d, sends %.0f submit_sm/s to this SMSC%n", window, ceiling);
            if (!kannel.equals("only")) {
                Path dir = Files.createDirectories(work.resolve("colibri"));
                results.add(run(new ColibriTarget(dist, dir, window, rate, withCallbacks, api), smsc, wrk, n, c, warmup, profile, out));
            }
            if (!kannel.equals("off")) {
                var missing = KannelTarget.missing();
                if (missing.isPresent()) {
                    System.out.println(missing.get() + "; Kannel part skipped.");
                } else {
                    Path dir = Files.createDirectories(work.resolve("kannel"));
                    results.add(run(new KannelTarget(dir, window, rate), smsc, wrk, n, c, warmup, false, out));
                }
            }
        } finally {
            deleteTree(work);
        }
        print(results, n, c, window, rate, cores, ceiling, withCallbacks);
    }

    private static Result run(Target target, SmscSimulator smsc, Wrk wrk, int n, int c, int warmup, boolean profile, Path out)
            throws Exception {
        awaitQuiet();
        String loadBefore = ProcStats.loadAverage();
        System.out.println("-- " + target.name() + ": booting (load average " + loadBefore + ")");
        try (target) {
            Duration boot = target.start(smsc.port());
            target.prepare(warmup + n + n / 4);
            Memory memory = new Memory(target.pids());

            Wrk.Run warm = load(target, wrk, "warm", warmup, c, 0);
            awaitSubmits(smsc, target.systemId(), "warm ", (int) warm.ok(), warmup);
            TimeUnit.SECONDS.sleep(3); // let the warm-up's receipts settle: the measured window is the load alone
            System.out.println("-- " + target.name() + ": warmed up (" + warm.ok() + " messages), sending " + n);

            long harnessPid = ProcessHandle.current().pid();
            Path jfr = out.resolve("colibri-" + System.currentTimeMillis() + ".jfr");
            if (profile && target instanceof ColibriTarget colibri) {
                jcmd(colibri.javaPid(), "JFR.start", "name=bench", "settings=" + JfrSummary.settings(out), "filename=" + jfr);
            }
            CpuSampler cpu = new CpuSampler(target.pids());
            Instant startWall = Instant.now();

            Wrk.Run load = load(target, wrk, "bench", n, c, 0);
            long start = load.startNanos();
            Submits submits = awaitSubmits(smsc, target.systemId(), "bench ", (int) load.ok(), n);
            long[] submitAt = submits.at();
            long allSubmitted = System.nanoTime();

            // CPU over the send: from the first request to the last submit_sm (sampled, so the idle
            // time after it, until the harness noticed, does not dilute it).
            long lastAt = 0;
            for (long t : submitAt) {
                lastAt = Math.max(lastAt, t);
            }
            CpuSampler.Sample s0 = cpu.at(start);
            CpuSampler.Sample s1 = cpu.at(lastAt > 0 ? lastAt : allSubmitted);
            cpu.close();
            ProcStats.Machine machine = s1.machine().minus(s0.machine());
            double wallTicks = Math.max(1, (s1.nanos() - s0.nanos())) / 1e9 * ProcStats.HZ;
            double targetCpu = (s1.target() - s0.target()) / wallTicks;
            double harnessCpu = (s1.harness() - s0.harness()) / wallTicks;
            int cores = Runtime.getRuntime().availableProcessors();
            double machineCpu = cores * (double) machine.busy() / Math.max(1, machine.total());
            double iowait = cores * (double) machine.iowait() / Math.max(1, machine.total());
            if (profile && target instanceof ColibriTarget colibri) {
                jcmd(colibri.javaPid(), "JFR.stop", "name=bench");
            }

            Instant receipts = target.awaitReceipts((int) (warm.ok() + load.ok()), STALL);

            long firstSubmit = Long.MAX_VALUE;
            long lastSubmit = Long.MIN_VALUE;
            int submitted = 0;
            for (int i = 0; i < n; i++) {
                if (submitAt[i] != 0) {
                    submitted++;
                    firstSubmit = Math.min(firstSubmit, submitAt[i]);
                    lastSubmit = Math.max(lastSubmit, submitAt[i]);
                }
            }
            double endToEnd = submitted > 0 ? submitted / ((lastSubmit - start) / 1e9) : 0;

            // Latency at half the peak rate: wrk paced so that the connections together send about
            // half of what this target just sustained end to end.
            int halfN = n / 4;
            double half = endToEnd / 2;
            int delayMs = (int) Math.max(1, Math.round(c * 1000.0 / half));
            TimeUnit.SECONDS.sleep(2);
            Wrk.Run paced = load(target, wrk, "half", halfN, c, delayMs);
            awaitSubmits(smsc, target.systemId(), "half ", (int) paced.ok(), halfN);
            double halfRate = paced.ok() / paced.seconds();
            String check = target.check((int) (warm.ok() + load.ok() + paced.ok()));
            if (smppServer && target instanceof ColibriTarget colibri) {
                viaSmppServer(colibri, smsc, n, endToEnd);
            }
            long peak = memory.stop();
            String loadAfter = ProcStats.loadAverage();

            String answers = "accepted " + load.ok() + ", refused " + load.failed() + ", never answered " + (n - load.ok() - load.failed())
                    + " (wrk drops a request whose connection closed), socket errors " + load.socketErrors();
            Result r = new Result(target.name(), boot, n, answers, (int) load.ok(), c,
                    load.ok() / load.seconds(), load.p50Ms(), load.p99Ms(), submitted, submits.duplicates(),
                    submitted > 1 ? (submitted - 1) / ((lastSubmit - firstSubmit) / 1e9) : 0, endToEnd,
                    halfRate, paced.p50Ms(), paced.p99Ms(),
                    receipts == null ? Double.NaN : Duration.between(startWall, receipts).toNanos() / 1e9, (int) warm.ok(),
                    peak, memory.sampledMax(), targetCpu, harnessCpu, machineCpu, iowait,
                    Math.max(0, machineCpu - targetCpu - harnessCpu), loadBefore, loadAfter, check);
            Path logs = out.resolve("logs-" + target.name().split(" ")[0].toLowerCase(java.util.Locale.ROOT));
            target.keepLogs(logs);
            System.out.println("-- " + target.name() + ": done; " + check + " (logs in " + logs + ")");
            if (profile && target instanceof ColibriTarget) {
                JfrSummary.print(jfr, System.out);
            }
            return r;
        }
    }

    /** n requests through wrk, each its own text "tag i". */
    private static Wrk.Run load(Target target, Wrk wrk, String tag, int n, int c, int delayMs) throws Exception {
        String template = target.request(tag + " " + Wrk.INDEX);
        return wrk.send(target.httpPort(), template, n, c, target, delayMs);
    }

    /** Before booting: waits (at most 3 minutes) for the machine to be quiet, since it is shared. */
    private static void awaitQuiet() throws InterruptedException {
        double max = Double.parseDouble(System.getenv().getOrDefault("BENCH_MAX_LOAD", "1.5"));
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        if (ProcStats.load1() > max) {
            System.out.println("-- load average " + ProcStats.loadAverage() + " > " + max + ": waiting up to 3 min for a quieter machine");
            while (ProcStats.load1() > max && System.nanoTime() < deadline) {
                TimeUnit.SECONDS.sleep(5);
            }
        }
    }

    /** Per message index, when its submit_sm arrived at the SMSC (0: never), and how many arrived more than once. */
    /**
     * The same N through the SMPP server: a bare pipelining client (RawSmpp, window 32) bound with
     * an SMPP login of its own account, no receipts asked; the rate of answers (each one on disk and
     * debited) and end to end (first submit_sm to the gateway, last one at the SMSC), beside /http.php's.
     */
    private static void viaSmppServer(ColibriTarget colibri, SmscSimulator smsc, int n, double httpEndToEnd) throws Exception {
        Distribution d = colibri.distribution();
        String email = "esme@example.org";
        d.account(email, n);
        Matcher m = Pattern.compile("(?m)^password: (\\S+)").matcher(
                d.client("colibri:smpp-credentials --window 32 --rate 1000000 " + email + " bench"));
        if (!m.find()) {
            throw new IllegalStateException("no SMPP login made");
        }
        TimeUnit.SECONDS.sleep(2);
        long start = System.nanoTime();
        double answered;
        try (RawSmpp raw = new RawSmpp("127.0.0.1", d.smppServerPort, "bench", m.group(1))) {
            answered = raw.send(n, 32);
        }
        Submits submits = awaitSubmits(smsc, colibri.systemId(), "raw ", n, n);
        long last = 0;
        int submitted = 0;
        for (long t : submits.at()) {
            if (t != 0) {
                submitted++;
                last = Math.max(last, t);
            }
        }
        double endToEnd = submitted / ((last - start) / 1e9);
        System.out.printf("-- Colibri SMPP server: %d submit_sm (window 32): answered %.0f/s, end to end %.0f/s (%d reached the SMSC, "
                + "%d twice); /http.php end to end in the same run: %.0f/s%n", n, answered, endToEnd, submitted, submits.duplicates(),
                httpEndToEnd);
    }

    record Submits(long[] at, int duplicates) {
    }

    /**
     * Waits until the SMSC has expected submit_sm whose text starts with prefix (or nothing came for
     * a while), of messages numbered 0 to count - 1.
     */
    private static Submits awaitSubmits(SmscSimulator smsc, String systemId, String prefix, int expected, int count)
            throws InterruptedException {
        long seen = -1;
        long lastProgress = System.nanoTime();
        long before = smsc.receivedCount() - countOf(smsc, systemId, prefix);
        while (true) {
            // The count alone while waiting (cheap), the texts once at the end.
            long arrived = smsc.receivedCount() - before;
            if (arrived >= expected && countOf(smsc, systemId, prefix) >= expected) {
                break;
            }
            if (arrived != seen) {
                seen = arrived;
                lastProgress = System.nanoTime();
            } else if (System.nanoTime() - lastProgress > STALL.toNanos()) {
                System.out.println("-- only " + arrived + " of " + expected + " submit_sm at the SMSC, nothing more for " + STALL.toSeconds() + " s");
                break;
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
        long[] at = new long[count];
        int duplicates = 0;
        for (SmscSimulator.Submitted s : smsc.received()) {
            if (s.systemId().equals(systemId) && s.text().startsWith(prefix)) {
                int i = Integer.parseInt(s.text().substring(prefix.length()).trim());
                if (at[i] != 0) {
                    duplicates++;
                } else {
                    at[i] = s.receivedNanos();
                }
            }
        }
        return new Submits(at, duplicates);
    }

    private static int countOf(SmscSimulator smsc, String systemId, String prefix) {
        int n = 0;
        for (SmscSimulator.Submitted s : smsc.received()) {
            if (s.systemId().equals(systemId) && s.text().startsWith(prefix)) {
                n++;
            }
        }
        return n;
    }

    /** Samples the target's resident memory every 250 ms; its peak is VmHWM, read at the end. */
    private static final class Memory {
        private final List<Long> pids;
        private final AtomicLong max = new AtomicLong();
        private final Thread sampler;
        private volatile boolean running = true;

        Memory(List<Long> pids) {
            this.pids = pids;
            sampler = new Thread(() -> {
                while (running) {
                    long rss = 0;
                    for (long p : pids) {
                        rss += Math.max(0, ProcStats.statusKb(p, "VmRSS"));
                    }
                    max.accumulateAndGet(rss, Math::max);
                    try {
                        TimeUnit.MILLISECONDS.sleep(250);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "rss-sampler");
            sampler.setDaemon(true);
            sampler.start();
        }

        long stop() {
            running = false;
            sampler.interrupt();
            long hwm = 0;
            for (long p : pids) {
                hwm += Math.max(0, ProcStats.statusKb(p, "VmHWM"));
            }
            return hwm;
        }

        long sampledMax() {
            return max.get();
        }
    }

    private static void jcmd(long pid, String... command) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString());
        cmd.add(Long.toString(pid));
        cmd.addAll(List.of(command));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            System.out.println("-- jcmd " + String.join(" ", command) + " failed: " + text);
        }
    }

    private static void print(List<Result> results, int n, int c, int window, int rate, int cores, double ceiling, boolean receiptsTold) {
        if (results.isEmpty()) {
            return;
        }
        System.out.println();
        System.out.printf("Results: N=%d, C=%d, window %d, rate limit %d/s, %d cores%n", n, c, window, rate, cores);
        StringBuilder head = new StringBuilder(String.format("  %-46s", ""));
        results.forEach(r -> head.append(String.format("%22s", r.name())));
        System.out.println(head);
        row(results, "boot to first HTTP answer (s)", r -> f(r.boot().toMillis() / 1000.0, 1));
        row(results, "HTTP connections (wrk)", r -> Integer.toString(r.connections()));
        row(results, "accepted (of N)", r -> Integer.toString(r.accepted()));
        row(results, "accepted per second (1st request->last answer)", r -> f(r.acceptedPerSec(), 0));
        row(results, "HTTP latency p50 / p99 (ms)", r -> f(r.httpP50(), 1) + " / " + f(r.httpP99(), 1));
        row(results, "submit_sm at the SMSC (of accepted)", r -> Integer.toString(r.submitted()));
        row(results, "submit_sm received twice for one request", r -> Integer.toString(r.duplicates()));
        row(results, "submit_sm per second, as seen by the SMSC", r -> f(r.smscPerSec(), 0));
        row(results, "end to end per second (1st request->last sm)", r -> f(r.endToEndPerSec(), 0));
        row(results, "share of the raw ceiling (" + f(ceiling, 0) + "/s)", r -> f(100 * r.endToEndPerSec() / ceiling, 1) + " %");
        row(results, "at half that rate: requests/s", r -> f(r.halfRate(), 0));
        row(results, "  HTTP latency p50 / p99 (ms)", r -> f(r.halfP50(), 1) + " / " + f(r.halfP99(), 1));
        row(results, "every receipt " + (receiptsTold ? "told (callback / dlr-url)" : "recorded") + " after (s)",
                r -> f(r.receiptsSeconds(), 1));
        row(results, "  receipts per second (1st request->last)", r -> f(r.n() / r.receiptsSeconds(), 0));
        row(results, "peak resident memory (MB, VmHWM)", r -> Long.toString(r.peakRssKb() / 1024));
        row(results, "CPU, % of one core: gateway", r -> f(100 * r.targetCpu(), 0));
        row(results, "  harness (wrk + SMSC simulator)", r -> f(100 * r.harnessCpu(), 0));
        row(results, "  whole machine (of " + 100 * cores + ")", r -> f(100 * r.machineCpu(), 0));
        row(results, "  other processes", r -> f(100 * r.others(), 0));
        row(results, "  iowait", r -> f(100 * r.iowait(), 0));
        row(results, "load average before / after", r -> r.loadBefore().split(" ")[0] + " / " + r.loadAfter().split(" ")[0]);
        for (Result r : results) {
            System.out.println("  " + r.name() + " answers (wrk): " + r.answers());
            System.out.println("  " + r.name() + ": " + r.check());
        }
        if (results.size() == 2 && results.get(1).endToEndPerSec() > 0) {
            System.out.printf("  ratio %s / %s, end-to-end rate: %.2f%n", results.get(0).name(), results.get(1).name(),
                    results.get(0).endToEndPerSec() / results.get(1).endToEndPerSec());
        }
        System.out.println("  (load: wrk, 2 threads; CPU figures cover the first request to the last submit_sm; receipts are counted"
                + " from the first request)");
    }

    private interface Cell {
        String of(Result r);
    }

    private static void row(List<Result> results, String label, Cell cell) {
        StringBuilder sb = new StringBuilder(String.format("  %-46s", label));
        results.forEach(r -> sb.append(String.format("%22s", cell.of(r))));
        System.out.println(sb);
    }

    private static String f(double v, int decimals) {
        return Double.isNaN(v) ? "-" : String.format("%." + decimals + "f", v);
    }

    private static double pct(long[] sorted, double q) {
        return sorted.length == 0 ? Double.NaN : sorted[Math.min(sorted.length - 1, (int) (sorted.length * q))] / 1e6;
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

}
