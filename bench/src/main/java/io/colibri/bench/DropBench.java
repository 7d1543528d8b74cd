package io.colibri.bench;

import io.colibri.itests.Distribution;
import io.colibri.smsc.SmscSimulator;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * The drop folder under a big file (issue 5, CSV-2): a copy of the distribution as shipped (heap
 * limit 512 MB), a contacts file of N lines, then a send file of N lines, each dropped whole (written
 * under a hidden name, then renamed). Prints, for each, the time from the drop to its report and
 * the Karaf JVM's peak heap in use meanwhile (sampled with jstat every 100 ms), against the heap in
 * use before. Arguments: dist, n (default 100000).
 */
public final class DropBench {
    private static final String EMAIL = "drop-bench@example.org";
    /** Members of the group sent to over HTTP (issue 5: "a bulk of 10 000 recipients"). */
    private static final int BULK = 10_000;

    private DropBench() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = HttpBench.options(args);
        Path dist = Path.of(opt.getOrDefault("dist", "distribution/target/colibri"));
        int n = Integer.parseInt(opt.getOrDefault("n", "100000"));
        Path work = Files.createTempDirectory("colibri-drop-bench");
        try (SmscSimulator smsc = SmscSimulator.start("127.0.0.1", 0, Duration.ofMillis(100));
             Distribution colibri = new Distribution(dist, work)) {
            colibri.connectorTo(smsc.port(), 32, 100_000);
            colibri.start();
            java.util.regex.Matcher pw = java.util.regex.Pattern.compile("(?m)^password: (\\S+)")
                    .matcher(colibri.client("colibri:account-create " + EMAIL));
            if (!pw.find()) {
                throw new IllegalStateException("account not created");
            }
            colibri.client("colibri:credit-add " + EMAIL + " " + (n + 2 * BULK));
            long pid = colibri.javaPid();
            Path account = colibri.home.resolve("drop").resolve(EMAIL);
            System.out.printf("Drop folder bench: N=%d lines a file, Karaf heap limit 512 MB, %d cores%n", n,
                    Runtime.getRuntime().availableProcessors());

            Path contacts = Files.createDirectories(account.resolve("contacts"));
            run("contacts file (import into a group)", pid, contacts, "Adherents.csv", n, out -> {
                out.write("Numéro;Nom;V1;V2\r\n");
                for (int i = 0; i < n; i++) {
                    out.write(String.format("06 %02d %02d %02d %02d;Adhérent %d;%d;rue de l'Église\r\n",
                            (i / 1_000_000) % 100, (i / 10_000) % 100, (i / 100) % 100, i % 100, i, i));
                }
            });
            // HTTP-3: a bulk of BULK members over /http.php, answered once recorded.
            run("contacts file for the HTTP bulk", pid, contacts, "Bulk.csv", BULK, out -> {
                for (int i = 0; i < BULK; i++) {
                    out.write(String.format("06 99 %02d %02d %02d;Membre %d;%d\r\n", (i / 10_000) % 100, (i / 100) % 100, i % 100, i, i));
                }
            });
            for (String round : new String[] {"first (cold)", "second"}) {
                long t0 = System.nanoTime();
                String code = colibri.get("/http.php?email=" + java.net.URLEncoder.encode(EMAIL, java.nio.charset.StandardCharsets.UTF_8)
                        + "&pass=" + pw.group(1) + "&numero=Bulk&message=" + java.net.URLEncoder.encode("Bonjour [v1], " + round,
                        java.nio.charset.StandardCharsets.UTF_8)).body();
                double seconds = (System.nanoTime() - t0) / 1e9;
                String recorded;
                try (Stream<String> log = Files.lines(colibri.home.resolve("data/log/messages.log"))) {
                    recorded = log.filter(l -> l.contains(" bulk account=")).reduce((a, b) -> b).map(l -> l.replaceAll(".* recorded in ", ""))
                            .orElse("?");
                }
                System.out.printf("  HTTP bulk to the %d-member group, %s: answered %s after %.2f s, of which %s inserting the %d"
                        + " messages and debits%n", BULK, round, code, seconds, recorded, BULK);
            }

            Path send = Files.createDirectories(account.resolve("send"));
            run("send file (checked whole, then recorded)", pid, send, "relance.csv", n, out -> {
                out.write("#message: Bonjour [v1], votre cotisation [v2] est due.\r\n");
                for (int i = 0; i < n; i++) {
                    out.write(String.format("07 %02d %02d %02d %02d;Adhérent %d;%d;2026\r\n",
                            (i / 1_000_000) % 100, (i / 10_000) % 100, (i / 100) % 100, i % 100, i, i));
                }
            });
            System.out.println("  " + colibri.client("colibri:account-show " + EMAIL).lines()
                    .filter(l -> l.startsWith("balance")).findFirst().orElse("balance: ?")
                    + " (of " + (n + 2 * BULK) + " credited; one credit a message sent)");
        } finally {
            HttpBench.deleteTree(work);
        }
    }

    interface Content {
        void write(BufferedWriter out) throws IOException;
    }

    private static void run(String what, long pid, Path folder, String name, int lines, Content content) throws Exception {
        Path hidden = folder.resolve("." + name + ".part");
        try (BufferedWriter out = Files.newBufferedWriter(hidden, Charset.forName("windows-1252"))) {
            content.write(out);
        }
        long size = Files.size(hidden);
        long before = heapUsedKb(pid);
        AtomicLong peak = new AtomicLong(before);
        Process jstat = new ProcessBuilder("jstat", "-gc", Long.toString(pid), "100").redirectErrorStream(true).start();
        Thread sampler = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(jstat.getInputStream()))) {
                String header = r.readLine();
                String line;
                while ((line = r.readLine()) != null) {
                    long used = used(header, line);
                    if (used > 0) {
                        peak.accumulateAndGet(used, Math::max);
                    }
                }
            } catch (IOException ignored) {
                // jstat ended
            }
        });
        sampler.start();
        long t0 = System.nanoTime();
        Files.move(hidden, folder.resolve(name));
        Path report = awaitReport(folder, name);
        double seconds = (System.nanoTime() - t0) / 1e9;
        jstat.destroy();
        sampler.join(2000);
        String summary;
        try (Stream<String> rows = Files.lines(report)) {
            summary = rows.filter(l -> l.startsWith(";")).findFirst().orElse("?");
        }
        System.out.printf("  %-42s %6.1f MB, report after %5.1f s (%6.0f lines/s); heap in use %4d MB before, peak %4d MB%n",
                what, size / 1e6, seconds, lines / seconds, before / 1024, peak.get() / 1024);
        System.out.println("    " + (summary.length() > 160 ? summary.substring(0, 160) + "…" : summary));
    }

    private static Path awaitReport(Path folder, String name) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(20);
        while (System.nanoTime() < deadline) {
            for (String outcome : new String[] {"done", "failed"}) {
                Path dir = folder.resolve(outcome);
                if (Files.isDirectory(dir)) {
                    try (Stream<Path> files = Files.list(dir)) {
                        var found = files.filter(f -> f.getFileName().toString().endsWith("-" + name + ".report.csv")).findFirst();
                        if (found.isPresent()) {
                            return found.get();
                        }
                    }
                }
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
        throw new IllegalStateException("no report for " + name + " after 20 minutes");
    }

    /** Heap in use (KB) from a jstat -gc line: survivors, eden and old generation used. */
    private static long used(String header, String line) {
        String[] h = header.trim().split("\\s+");
        String[] v = line.trim().split("\\s+");
        if (v.length != h.length) {
            return -1;
        }
        double used = 0;
        try {
            for (int i = 0; i < h.length; i++) {
                if (h[i].equals("S0U") || h[i].equals("S1U") || h[i].equals("EU") || h[i].equals("OU")) {
                    used += Double.parseDouble(v[i]);
                }
            }
        } catch (NumberFormatException e) {
            return -1;
        }
        return (long) used;
    }

    private static long heapUsedKb(long pid) throws Exception {
        Process p = new ProcessBuilder("jstat", "-gc", Long.toString(pid)).redirectErrorStream(true).start();
        String[] lines = new String(p.getInputStream().readAllBytes()).split("\n");
        p.waitFor();
        return lines.length >= 2 ? used(lines[0], lines[1]) : -1;
    }
}
