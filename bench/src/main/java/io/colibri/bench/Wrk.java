package io.colibri.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The load generator: wrk (Debian package), a C program with an event loop per thread, which
 * costs the machine far less than the gateways it loads. Each run sends N requests of their own
 * ({@code send.lua}: texts "tag i", i from 0), on C keep-alive connections from two threads, and
 * reports its latency percentiles.
 */
final class Wrk {
    static final Path BINARY = Path.of("/usr/bin/wrk");
    private static final int THREADS = 2;

    /** What one wrk run measured. */
    record Run(long requests, long ok, long failed, double seconds, long socketErrors, double p50Ms, double p90Ms, double p99Ms,
               double maxMs, long startNanos, long endNanos) {
    }

    private final Path script;

    Wrk(Path work) throws IOException {
        script = work.resolve("send.lua");
        try (InputStream in = Wrk.class.getResourceAsStream("/wrk/send.lua")) {
            Files.write(script, in.readAllBytes());
        }
    }

    /** Empty when wrk is there; else what to install. */
    static Optional<String> missing() {
        return Files.isExecutable(BINARY) ? Optional.empty() : Optional.of("wrk is not installed: apt-get install -y wrk");
    }

    /** The token of a request template that each request replaces with its own number. */
    static final String INDEX = "__I__";

    /**
     * Sends n requests ({@code template} with {@value #INDEX} replaced by 0 to n - 1) to
     * 127.0.0.1:port from c connections, {@code delayMs} apart on each connection (0: as fast as
     * the answers come), and waits for their answers.
     */
    Run send(int port, String template, int n, int c, Target target, int delayMs) throws Exception {
        Path marker = Files.createTempDirectory(script.getParent(), "wrk").resolve("done-");
        List<String> cmd = new ArrayList<>(List.of(BINARY.toString(), "-t" + THREADS, "-c" + Math.max(c, THREADS), "-d3600s",
                "--timeout", "60s", "-s", script.toString(), "http://127.0.0.1:" + port, "--", template, Integer.toString(n),
                Integer.toString(THREADS), target.idlePath(), Integer.toString(target.idleStatus()), target.idleBody(),
                Integer.toString(target.acceptStatus()), target.acceptBody(), Integer.toString(delayMs),
                marker.toString(), target.apiKey()));
        long start = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        // Every thread done: the last answer came. wrk's main thread would sleep out its -d; SIGINT ends it.
        // (A request whose connection the server closed before answering is never answered: wrk
        // then sends the next one. So at most 10 s after the last request went, it stops anyway.)
        long deadline = start + TimeUnit.MINUTES.toNanos(30);
        long allSent = 0;
        while (!allDone(marker, "") && p.isAlive() && System.nanoTime() < deadline
                && (allSent == 0 || System.nanoTime() - allSent < TimeUnit.SECONDS.toNanos(10))) {
            if (allSent == 0 && allDone(marker, "-sent")) {
                allSent = System.nanoTime();
            }
            TimeUnit.MILLISECONDS.sleep(5);
        }
        long end = System.nanoTime();
        new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(1, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IllegalStateException("wrk failed: " + out);
        }
        Matcher m = Pattern.compile("\\{\"requests\".*}").matcher(out);
        if (!m.find()) {
            throw new IllegalStateException("no summary from wrk: " + out);
        }
        String json = m.group();
        return new Run(num(json, "requests"), num(json, "ok"), num(json, "failed"), (end - start) / 1e9,
                num(json, "connect_errors") + num(json, "read_errors") + num(json, "write_errors") + num(json, "timeouts"),
                num(json, "p50_us") / 1e3, num(json, "p90_us") / 1e3, num(json, "p99_us") / 1e3, num(json, "max_us") / 1e3,
                start, end);
    }

    private static boolean allDone(Path marker, String suffix) {
        for (int t = 0; t < THREADS; t++) {
            if (!Files.exists(marker.resolveSibling(marker.getFileName() + Integer.toString(t) + suffix))) {
                return false;
            }
        }
        return true;
    }

    private static long num(String json, String key) {
        Matcher m = Pattern.compile("\"" + key + "\":(-?\\d+)").matcher(json);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }
}
