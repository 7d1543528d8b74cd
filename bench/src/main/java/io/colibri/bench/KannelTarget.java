package io.colibri.bench;

import com.sun.net.httpserver.HttpServer;
import io.colibri.itests.Kannel;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Kannel (the Debian package, bearerbox + smsbox) doing the same job as Colibri: its own config in
 * the bench's work folder, started as two processes (not the system service), one SMPP
 * transceiver to the bench's SMSC, sendsms on a free loopback port, messages in a file store
 * (persistent, as ours are), receipts (dlr-mask 1) reported by smsbox to a small HTTP listener
 * of the bench through each message's dlr-url.
 */
final class KannelTarget implements Target {
    /** Empty when Kannel can run here; otherwise how to get it. */
    static Optional<String> missing() {
        return Kannel.installed() ? Optional.empty()
                : Optional.of("Kannel is not installed (no " + Kannel.BEARERBOX + "): apt-get install -y kannel (Debian package, 1.4.5)");
    }

    private final Path dir;
    private final int window;
    private final int rate;
    private final Kannel kannel;
    private final HttpServer dlrListener;
    private final Set<String> receipts = ConcurrentHashMap.newKeySet();
    private final AtomicInteger duplicateReceipts = new AtomicInteger();
    private final AtomicReference<Instant> lastReceipt = new AtomicReference<>();

    KannelTarget(Path work, int window, int rate) throws IOException {
        this.kannel = new Kannel(work);
        this.dir = kannel.dir();
        this.window = window;
        this.rate = rate;
        // The JDK server closes idle keep-alive connections beyond 200, and smsbox, which pools
        // them, then gets "connection reset" on its next dlr-url call (about 1 in 200 were lost).
        System.setProperty("sun.net.httpserver.maxIdleConnections", "100000");
        System.setProperty("sun.net.httpserver.idleInterval", "600");
        dlrListener = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 200);
        dlrListener.setExecutor(Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "dlr-listener");
            t.setDaemon(true);
            return t;
        }));
        dlrListener.createContext("/dlr", exchange -> {
            String query = exchange.getRequestURI().getRawQuery();
            String message = null;
            String type = null;
            for (String kv : query == null ? new String[0] : query.split("&")) {
                if (kv.startsWith("m=")) {
                    message = kv.substring(2);
                } else if (kv.startsWith("t=")) {
                    type = kv.substring(2);
                }
            }
            if (message != null && "1".equals(type)) {
                Instant now = Instant.now();
                if (receipts.add(message)) {
                    lastReceipt.accumulateAndGet(now, (a, b) -> a == null || b.isAfter(a) ? b : a);
                } else {
                    duplicateReceipts.incrementAndGet();
                }
            }
            byte[] ok = "ok".getBytes(StandardCharsets.US_ASCII);
            exchange.sendResponseHeaders(200, ok.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(ok);
            }
        });
        dlrListener.start();
    }

    @Override
    public String name() {
        return "Kannel 1.4.5";
    }

    @Override
    public Duration start(int smscPort) throws Exception {
        Instant begin = Instant.now();
        kannel.start(new Kannel.Settings(smscPort, "kannel", "kannel", window, rate, "bench", 1));
        return Duration.between(begin, Instant.now());
    }

    private String status() {
        return kannel.status();
    }

    @Override
    public void keepLogs(Path folder) throws IOException {
        Files.createDirectories(folder);
        try (var files = Files.list(dir)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".log") || f.toString().endsWith(".out") || f.toString().endsWith(".conf"))
                    .toList()) {
                Files.copy(f, folder.resolve(f.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    @Override
    public void prepare(int count) {
        // no credit in Kannel: the sendsms user is in the config
    }

    @Override
    public int httpPort() {
        return kannel.sendsmsPort;
    }

    @Override
    public String request(String text) {
        String dlrUrl = "http://127.0.0.1:" + dlrListener.getAddress().getPort() + "/dlr?m=" + text.replace(' ', '-') + "&t=%d";
        return "/cgi-bin/sendsms?username=bench&password=bench&to=33612345678&text=" + enc(text) + "&dlr-mask=1&dlr-url=" + enc(dlrUrl);
    }

    @Override
    public boolean accepted(KeepAliveClient.Answer answer) {
        return answer.status() == 202 && answer.body().startsWith("0:");
    }

    @Override
    public int acceptStatus() {
        return 202;
    }

    @Override
    public String acceptBody() {
        return "0:";
    }

    @Override
    public String idlePath() {
        return "/cgi-bin/sendsms?username=idle&password=idle";
    }

    @Override
    public int idleStatus() {
        return 403;
    }

    @Override
    public String idleBody() {
        return "Authorization";
    }

    @Override
    public String systemId() {
        return "kannel";
    }

    @Override
    public List<Long> pids() {
        return kannel.pids();
    }

    @Override
    public Instant awaitReceipts(int count, Duration stall) throws Exception {
        int seen = -1;
        long lastProgress = System.nanoTime();
        while (receipts.size() < count) {
            if (receipts.size() != seen) {
                seen = receipts.size();
                lastProgress = System.nanoTime();
            } else if (System.nanoTime() - lastProgress > stall.toNanos()) {
                return null;
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
        return lastReceipt.get();
    }

    @Override
    public String check(int sent) {
        // bearerbox's own counts: "SMS: received 0 (0 queued), sent 20500 (0 queued), store size 0", "DLR: received 20500, ..."
        List<String> lines = status().lines().map(String::strip).toList();
        String sms = lines.stream().filter(l -> l.startsWith("SMS: received")).findFirst().orElse("SMS: ?");
        String dlr = lines.stream().filter(l -> l.startsWith("DLR: received")).findFirst().orElse("DLR: ?");
        return "receipts at the dlr-url " + receipts.size() + " (" + duplicateReceipts.get() + " twice); bearerbox " + sms + "; " + dlr;
    }

    @Override
    public void close() throws Exception {
        kannel.close();
        dlrListener.stop(0);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
