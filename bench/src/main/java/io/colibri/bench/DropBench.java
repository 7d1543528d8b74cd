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
import java.util.stream.Stream;

/**
 * Bulk sends and the drop folder under big files (issues 5 and 12): a copy of the distribution as
 * shipped (heap 512 MB) sending to an SMSC simulator of the bench. Contacts files of 10 000 and N
 * lines imported into groups; one /http.php send to each group; a send file of N lines. Prints,
 * for each, the time to its answer or report, the time from the request (or the drop) to the last
 * submit_sm at the SMSC and that rate, and the Karaf JVM's peak heap in use and old generation
 * meanwhile (jstat every 100 ms): the old generation must not grow with the bulk's size.
 * Arguments: dist, n (default 100000).
 */
public final class DropBench {
    private static final String EMAIL = "drop-bench@example.org";
    /** Members of the smaller group sent to over HTTP (issue 5: "a bulk of 10 000 recipients"). */
    private static final int BULK = 10_000;
    private static SmscSimulator smsc;

    private DropBench() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = HttpBench.options(args);
        Path dist = Path.of(opt.getOrDefault("dist", "distribution/target/colibri"));
        int n = Integer.parseInt(opt.getOrDefault("n", "100000"));
        Path work = Files.createTempDirectory("colibri-drop-bench");
        try (SmscSimulator sim = SmscSimulator.start("127.0.0.1", 0, Duration.ofMillis(100));
             Distribution colibri = new Distribution(dist, work)) {
            smsc = sim;
            colibri.connectorTo(smsc.port(), 32, 100_000);
            colibri.start();
            java.util.regex.Matcher pw = java.util.regex.Pattern.compile("(?m)^password: (\\S+)")
                    .matcher(colibri.client("colibri:account-create " + EMAIL));
            if (!pw.find()) {
                throw new IllegalStateException("account not created");
            }
            colibri.client("colibri:credit-add " + EMAIL + " " + (2 * n + BULK));
            long pid = colibri.javaPid();
            Path account = colibri.home.resolve("drop").resolve(EMAIL);
            System.out.printf("Bulk bench: groups of %d and N=%d members, a send file of N lines, Karaf heap 512 MB, SMSC window 32,"
                    + " %d cores%n", BULK, n, Runtime.getRuntime().availableProcessors());

            Path contacts = Files.createDirectories(account.resolve("contacts"));
            for (int[] group : new int[][] {{BULK, 10}, {n, 11}}) {
                int size = group[0];
                int prefix = group[1];
                run("contacts file (" + size + " lines into a group)", pid, contacts, "Bulk" + size + ".csv", size, null, out -> {
                    out.write("Numéro;Nom;V1\r\n");
                    for (int i = 0; i < size; i++) {
                        out.write(String.format("06 %02d %02d %02d %02d;Membre %d;%d\r\n", prefix, (i / 10_000) % 100, (i / 100) % 100,
                                i % 100, i, i));
                    }
                });
            }
            // HTTP-3: one /http.php request sends to the whole group, answered once recorded.
            for (int size : new int[] {BULK, n}) {
                String tag = "group" + size;
                long before = smsc.receivedCount();
                Heap heap = Heap.watch(pid);
                long t0 = System.nanoTime();
                String code = colibri.get("/http.php?email=" + java.net.URLEncoder.encode(EMAIL, java.nio.charset.StandardCharsets.UTF_8)
                        + "&pass=" + pw.group(1) + "&numero=Bulk" + size + "&message=" + java.net.URLEncoder.encode(tag + " [v1]",
                        java.nio.charset.StandardCharsets.UTF_8)).body();
                double answered = (System.nanoTime() - t0) / 1e9;
                // The live set while the bulk is on its way (all recorded, most not sent yet): a full
                // collection, then the heap in use. Peaks alone count garbage not collected yet.
                long live = Heap.liveAfterFullGc(pid);
                double last = awaitSubmits(before, size, t0);
                heap.stop();
                System.out.printf("  HTTP bulk to the %d-member group: answered %s after %.2f s; last submit_sm after %.1f s: %.0f submit_sm/s"
                        + " first request to last; heap in use peak %d MB, old generation peak %d MB; live after a full GC at the"
                        + " answer %d MB (the full GC is in the time)%n", size, code, answered, last,
                        size / last, heap.peakUsed / 1024, heap.peakOld / 1024, live / 1024);
            }

            Path send = Files.createDirectories(account.resolve("send"));
            long before = smsc.receivedCount();
            run("send file (checked whole, then recorded)", pid, send, "relance.csv", n, before, out -> {
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

    /** Waits until count more submit_sm than before arrived; seconds from t0 to the last of them. */
    private static double awaitSubmits(long before, int count, long t0) throws InterruptedException {
        long seen = -1;
        long lastChange = System.nanoTime();
        long lastAt = t0;
        while (true) {
            long arrived = smsc.receivedCount() - before;
            if (arrived != seen) {
                seen = arrived;
                lastChange = System.nanoTime();
                lastAt = lastChange;
            }
            if (arrived >= count) {
                return (lastAt - t0) / 1e9;
            }
            if (System.nanoTime() - lastChange > TimeUnit.SECONDS.toNanos(60)) {
                System.out.printf("  only %d of %d submit_sm arrived (nothing more for 60 s)%n", arrived, count);
                return (lastAt - t0) / 1e9;
            }
            TimeUnit.MILLISECONDS.sleep(10);
        }
    }

    /** The Karaf JVM's heap in use and old generation, sampled with jstat every 100 ms. */
    private static final class Heap {
        long peakUsed;
        long peakOld;
        private Process jstat;
        private Thread sampler;

        static Heap watch(long pid) throws IOException {
            Heap h = new Heap();
            h.jstat = new ProcessBuilder("jstat", "-gc", Long.toString(pid), "100").redirectErrorStream(true).start();
            h.sampler = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(h.jstat.getInputStream()))) {
                    String header = r.readLine();
                    String line;
                    while ((line = r.readLine()) != null) {
                        long used = used(header, line, "S0U", "S1U", "EU", "OU");
                        long old = used(header, line, "OU");
                        synchronized (h) {
                            h.peakUsed = Math.max(h.peakUsed, used);
                            h.peakOld = Math.max(h.peakOld, old);
                        }
                    }
                } catch (IOException ignored) {
                    // jstat ended
                }
            });
            h.sampler.start();
            return h;
        }

        void stop() throws InterruptedException {
            jstat.destroy();
            sampler.join(2000);
        }

        /** Runs a full collection in the JVM, then returns its heap in use (KB): what is live. */
        static long liveAfterFullGc(long pid) throws IOException, InterruptedException {
            new ProcessBuilder("jcmd", Long.toString(pid), "GC.run").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
            Process p = new ProcessBuilder("jstat", "-gc", Long.toString(pid)).redirectErrorStream(true).start();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream()))) {
                String header = r.readLine();
                String line = r.readLine();
                p.waitFor();
                return header == null || line == null ? -1 : used(header, line, "S0U", "S1U", "EU", "OU");
            }
        }
    }

    private static void run(String what, long pid, Path folder, String name, int lines, Long submitsBefore, Content content)
            throws Exception {
        Path hidden = folder.resolve("." + name + ".part");
        try (BufferedWriter out = Files.newBufferedWriter(hidden, Charset.forName("windows-1252"))) {
            content.write(out);
        }
        long size = Files.size(hidden);
        Heap heap = Heap.watch(pid);
        long t0 = System.nanoTime();
        Files.move(hidden, folder.resolve(name));
        Path report = awaitReport(folder, name);
        double seconds = (System.nanoTime() - t0) / 1e9;
        double last = submitsBefore == null ? Double.NaN : awaitSubmits(submitsBefore, lines, t0);
        heap.stop();
        String summary;
        try (Stream<String> rows = Files.lines(report)) {
            summary = rows.filter(l -> l.startsWith(";")).findFirst().orElse("?");
        }
        System.out.printf("  %-42s %6.1f MB, report after %5.1f s (%6.0f lines/s)%s; heap in use peak %4d MB, old generation peak %4d MB%n",
                what, size / 1e6, seconds, lines / seconds, Double.isNaN(last) ? ""
                        : String.format("; last submit_sm after %.1f s: %.0f submit_sm/s drop to last", last, lines / last),
                heap.peakUsed / 1024, heap.peakOld / 1024);
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

    /** The sum (KB) of these columns of a jstat -gc line (S0U S1U EU OU: the heap in use; OU: the old generation). */
    private static long used(String header, String line, String... columns) {
        String[] h = header.trim().split("\\s+");
        String[] v = line.trim().split("\\s+");
        if (v.length != h.length) {
            return -1;
        }
        double used = 0;
        try {
            for (int i = 0; i < h.length; i++) {
                if (java.util.Arrays.asList(columns).contains(h[i])) {
                    used += Double.parseDouble(v[i]);
                }
            }
        } catch (NumberFormatException e) {
            return -1;
        }
        return (long) used;
    }

}
