package io.colibri.bench;

import io.colibri.itests.Distribution;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Colibri as shipped (persistent Artemis journal, H2 file database), a copy of the built
 * distribution booted as its own process, its "mobile" connector pointed at the bench's SMSC.
 */
final class ColibriTarget implements Target {
    private static final String EMAIL = "bench@example.org";
    private static final Pattern DELIVERED = Pattern.compile("(?m)^DELIVERED: (\\d+)(?: last-done: (\\S+))?");

    private final Distribution colibri;
    private final int window;
    private final int rate;
    /** With callbacks (HTTP-6): every status change POSTed, signed, to a server of the bench. */
    private final CallbackServer callbacks;
    private String password;
    private int credits;
    /** Through the JSON API (POST /api/v1/messages with a key) rather than /http.php. */
    private final boolean api;
    private String key = "";

    ColibriTarget(Path distribution, Path work, int window, int rate, boolean callbacks) throws Exception {
        this(distribution, work, window, rate, callbacks, false);
    }

    ColibriTarget(Path distribution, Path work, int window, int rate, boolean callbacks, boolean api) throws Exception {
        this.colibri = new Distribution(distribution, work);
        this.window = window;
        this.rate = rate;
        this.callbacks = callbacks ? new CallbackServer() : null;
        this.api = api;
    }

    @Override
    public String name() {
        return api ? "Colibri API" : "Colibri";
    }

    @Override
    public Duration start(int smscPort) throws Exception {
        colibri.connectorTo(smscPort, window, rate);
        if (api) {
            // The bench measures the gateway's rate, not a key's limit (written before the start: a change restarts the routes).
            java.nio.file.Files.writeString(colibri.home.resolve("etc/io.colibri.api.cfg"), "requestsPerSecond = 1000000\nburst = 1000000\n");
        }
        // BENCH_DB_URL: another database than the embedded H2 (e.g. PostgreSQL; user from BENCH_DB_USER).
        String url = System.getenv("BENCH_DB_URL");
        if (url != null && !url.isBlank()) {
            colibri.database(url.replace("${home}", colibri.home.toString()), System.getenv().getOrDefault("BENCH_DB_USER", "colibri"));
        }
        return colibri.start();
    }

    @Override
    public void prepare(int count) throws Exception {
        Matcher m = Pattern.compile("(?m)^password: (\\S+)").matcher(colibri.client("colibri:account-create " + EMAIL));
        if (!m.find()) {
            throw new IllegalStateException("account not created");
        }
        password = m.group(1);
        credits = count;
        colibri.client("colibri:credit-add " + EMAIL + " " + count);
        if (api) {
            Matcher k = Pattern.compile("(?m)^key: (\\S+)").matcher(colibri.client("colibri:apikey-create " + EMAIL));
            if (!k.find()) {
                throw new IllegalStateException("API key not made");
            }
            key = k.group(1);
        }
        if (callbacks != null) {
            Matcher secret = Pattern.compile("(?m)^secret: (\\S+)").matcher(colibri.client("colibri:callback-set " + EMAIL + " "
                    + callbacks.url()));
            if (!secret.find()) {
                throw new IllegalStateException("callback URL not set");
            }
            callbacks.secret(secret.group(1));
        }
    }

    /** Another node of the same cluster: it sends on the account that node prepared (ClusterBench). */
    void sameAccountAs(ColibriTarget first) {
        password = first.password;
        credits = first.credits;
        key = first.key;
    }

    /** The running distribution (for the SMPP server's run). */
    Distribution distribution() {
        return colibri;
    }

    @Override
    public int httpPort() {
        return colibri.httpPort;
    }

    @Override
    public String apiKey() {
        return key;
    }

    @Override
    public String request(String text) {
        if (api) {
            return "/api/v1/messages\t{\"to\": [\"0612345678\"], \"text\": \"" + text + "\"}";
        }
        return "/http.php?email=" + enc(EMAIL) + "&pass=" + enc(password) + "&numero=0612345678&message=" + enc(text);
    }

    @Override
    public boolean accepted(KeepAliveClient.Answer answer) {
        return answer.status() == 200 && answer.body().trim().startsWith(acceptBody());
    }

    @Override
    public int acceptStatus() {
        return 200;
    }

    @Override
    public String acceptBody() {
        // An API answer with a message id was recorded; a refusal has none.
        return api ? "{\"messages\":[{\"id\":" : "80";
    }

    @Override
    public String idlePath() {
        return "/http.php";
    }

    @Override
    public int idleStatus() {
        return 200;
    }

    @Override
    public String idleBody() {
        return "87";
    }

    @Override
    public String systemId() {
        return "itest"; // what Distribution.connectorTo configures
    }

    @Override
    public List<Long> pids() {
        return List.of(colibri.javaPid());
    }

    long javaPid() {
        return colibri.javaPid();
    }

    /**
     * Asks the gateway (colibri:message-count). Each bin/client is a JVM start that costs the
     * gateway CPU, so the bench polls as seldom as it can: it sleeps until the count should be
     * reached at the rate seen so far (2 to 30 s). The time returned is the gateway's own record
     * of the last receipt (its done_at), so the polling interval does not change it.
     */
    @Override
    public Instant awaitReceipts(int count, Duration stall) throws Exception {
        if (callbacks != null) {
            return callbacks.awaitDelivered(count, stall);
        }
        long seen = -1;
        long seenAt = System.nanoTime();
        long lastProgress = seenAt;
        while (true) {
            Matcher m = DELIVERED.matcher(colibri.client("colibri:message-count " + EMAIL));
            long now = System.nanoTime();
            long delivered = m.find() ? Long.parseLong(m.group(1)) : 0;
            if (delivered >= count) {
                return m.group(2) == null ? Instant.now() : OffsetDateTime.parse(m.group(2)).toInstant();
            }
            double perNano = seen >= 0 && delivered > seen ? (delivered - seen) / (double) (now - seenAt) : 0;
            if (delivered != seen) {
                lastProgress = now;
            } else if (now - lastProgress > stall.toNanos()) {
                return null;
            }
            seen = delivered;
            seenAt = now;
            long wait = perNano > 0 ? (long) ((count - delivered) / perNano / 1e6) + 500 : 5000;
            TimeUnit.MILLISECONDS.sleep(Math.max(2000, Math.min(30_000, wait)));
        }
    }

    @Override
    public String check(int sent) throws Exception {
        Matcher b = Pattern.compile("(?m)^balance: (-?\\d+)").matcher(colibri.client("colibri:account-show " + EMAIL));
        long balance = b.find() ? Long.parseLong(b.group(1)) : Long.MIN_VALUE;
        String counts = colibri.client("colibri:message-count " + EMAIL).lines().filter(l -> l.matches("[A-Z_]+: \\d+.*"))
                .map(l -> l.replaceAll(" last-done: \\S+", "").strip()).collect(java.util.stream.Collectors.joining(", "));
        return "messages " + counts + "; balance " + balance + " = " + credits + " topped up - " + sent + " debited: "
                + (balance == credits - sent ? "OK" : "MISMATCH") + (callbacks == null ? "" : "; " + callbacks.summary());
    }

    @Override
    public void keepLogs(Path folder) throws java.io.IOException {
        java.nio.file.Files.createDirectories(folder);
        Path log = colibri.home.resolve("data/log/karaf.log");
        if (java.nio.file.Files.exists(log)) {
            java.nio.file.Files.copy(log, folder.resolve("karaf.log"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Override
    public void close() throws Exception {
        if (callbacks != null) {
            callbacks.close();
        }
        colibri.close();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
