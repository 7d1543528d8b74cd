package io.colibri.itests;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Kannel (the Debian package 1.4.5: bearerbox + smsbox) as an ESME of some SMSC: its own config in
 * a work folder (not the system service's), one SMPP transceiver, sendsms on a free loopback port,
 * messages in a file store, receipts reported to each message's dlr-url. DistributionIT binds it to
 * Colibri's SMPP server as customers' Kannels do; the bench runs it beside Colibri against the same
 * SMSC (bench's KannelTarget).
 */
public final class Kannel implements AutoCloseable {
    /**
     * What differs between uses: the SMSC and the login, Kannel's window and its throughput (0: no
     * limit), the sendsms user (and its password), and how many parts a long text may be cut into.
     */
    public record Settings(int smscPort, String systemId, String password, int window, int throughput, String user, int maxMessages) {
    }

    public static final Path BEARERBOX = Path.of("/usr/sbin/bearerbox");
    public static final Path SMSBOX = Path.of("/usr/sbin/smsbox");

    private final Path dir;
    private final int adminPort = Distribution.freePort();
    private final int boxPort = Distribution.freePort();
    public final int sendsmsPort = Distribution.freePort();
    private String user = "colibri";
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Process bearerbox;
    private Process smsbox;

    /** Whether Kannel can run here (apt-get install -y kannel). */
    public static boolean installed() {
        return Files.isExecutable(BEARERBOX) && Files.isExecutable(SMSBOX);
    }

    public Kannel(Path work) throws IOException {
        this.dir = Files.createDirectories(work.resolve("kannel"));
    }

    /** Starts both boxes, bound to this SMSC with this login (sendsms user colibri, 5 parts at most), and waits until sendsms answers. */
    public void start(int smscPort, String systemId, String password, int window) throws Exception {
        start(new Settings(smscPort, systemId, password, window, 0, "colibri", 5));
    }

    /** Starts both boxes with these settings, and waits until the SMPP connection is online and sendsms answers. */
    public void start(Settings settings) throws Exception {
        user = settings.user();
        Path conf = dir.resolve("kannel.conf");
        Files.writeString(conf, config(settings), StandardCharsets.UTF_8);
        bearerbox = new ProcessBuilder(BEARERBOX.toString(), "-v", "2", conf.toString()).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(dir.resolve("bearerbox.out").toFile()).start();
        waitFor(() -> status().contains("online"), "bearerbox's SMPP connection online");
        smsbox = new ProcessBuilder(SMSBOX.toString(), "-v", "2", conf.toString()).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(dir.resolve("smsbox.out").toFile()).start();
        waitFor(() -> {
            try {
                return get("/cgi-bin/sendsms").statusCode() > 0;
            } catch (IOException notYet) {
                return false;
            }
        }, "smsbox's sendsms port");
    }

    private String config(Settings s) {
        return String.join("\n",
                "group = core",
                "admin-port = " + adminPort,
                "admin-interface = 127.0.0.1",
                "admin-password = colibri",
                "status-password = colibri",
                "admin-allow-ip = \"127.0.0.1\"",
                "smsbox-port = " + boxPort,
                "smsbox-interface = 127.0.0.1",
                "box-allow-ip = \"127.0.0.1\"",
                "log-file = \"" + dir.resolve("bearerbox.log") + "\"",
                "log-level = 1",
                "access-log = \"" + dir.resolve("bearerbox-access.log") + "\"",
                "store-type = file",
                "store-location = \"" + dir.resolve("kannel.store") + "\"",
                "dlr-storage = internal",
                "",
                "group = smsc",
                "smsc = smpp",
                "smsc-id = colibri",
                "host = 127.0.0.1",
                "port = " + s.smscPort(),
                "transceiver-mode = true",
                "smsc-username = " + s.systemId(),
                "smsc-password = " + s.password(),
                "system-type = \"\"",
                "interface-version = 34",
                "max-pending-submits = " + s.window(),
                // a blank line would end the group: no limit is a comment
                s.throughput() > 0 ? "throughput = " + s.throughput() : "# no throughput limit",
                "enquire-link-interval = 30",
                "reconnect-delay = 2",
                "",
                "group = smsbox",
                "bearerbox-host = 127.0.0.1",
                "bearerbox-port = " + boxPort,
                "sendsms-port = " + sendsmsPort,
                "sendsms-interface = 127.0.0.1",
                "log-file = \"" + dir.resolve("smsbox.log") + "\"",
                "log-level = 1",
                "access-log = \"" + dir.resolve("smsbox-access.log") + "\"",
                // a dlr-url call that fails (a keep-alive connection closed under it) is tried again, 1 s later
                "http-request-retry = 3",
                "http-queue-delay = 1",
                "",
                "group = sendsms-user",
                "username = " + s.user(),
                "password = " + s.user(),
                "default-sender = Colibri",
                "max-messages = " + s.maxMessages(),
                "concatenation = true",
                "user-allow-ip = \"127.0.0.1\"",
                "",
                "group = sms-service",
                "keyword = default",
                "text = \"No service\"",
                "");
    }

    /** Sends through sendsms (UTF-8 text), asking for every receipt (dlr-mask 31) at this URL; returns Kannel's answer. */
    public HttpResponse<String> send(String to, String text, String dlrUrl) throws Exception {
        return get("/cgi-bin/sendsms?username=" + user + "&password=" + user + "&to=" + enc(to) + "&text=" + enc(text) + "&charset=UTF-8&coding=0"
                + "&dlr-mask=31&dlr-url=" + enc(dlrUrl));
    }

    /** bearerbox's status page (empty while it does not answer). */
    public String status() {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + "/cgi-bin/status.txt?password=colibri"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException | InterruptedException e) {
            return "";
        }
    }

    private HttpResponse<String> get(String path) throws IOException {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + sendsmsPort + path)).timeout(Duration.ofSeconds(10))
                    .build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private interface Check {
        boolean ok() throws Exception;
    }

    private void waitFor(Check check, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!check.ok()) {
            if (!bearerbox.isAlive() || (smsbox != null && !smsbox.isAlive())) {
                throw new IllegalStateException("Kannel exited while waiting for " + what + "\n" + logs());
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Kannel: no " + what + " within a minute\n" + logs());
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
    }

    /** bearerbox's and smsbox's processes. */
    public List<Long> pids() {
        return List.of(bearerbox.pid(), smsbox.pid());
    }

    /** The folder of its config, logs and store. */
    public Path dir() {
        return dir;
    }

    /** The end of Kannel's logs. */
    public String logs() {
        StringBuilder sb = new StringBuilder();
        for (String name : new String[] {"bearerbox.out", "bearerbox.log", "smsbox.out", "smsbox.log"}) {
            try {
                List<String> lines = Files.readAllLines(dir.resolve(name), StandardCharsets.ISO_8859_1);
                sb.append("== ").append(name).append('\n');
                lines.subList(Math.max(0, lines.size() - 20), lines.size()).forEach(l -> sb.append(l).append('\n'));
            } catch (IOException absent) {
                // not written
            }
        }
        return sb.toString();
    }

    @Override
    public void close() throws Exception {
        for (Process p : new Process[] {smsbox, bearerbox}) {
            if (p != null && p.isAlive()) {
                p.destroy();
                if (!p.waitFor(30, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
        }
    }
}
