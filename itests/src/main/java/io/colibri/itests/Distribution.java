package io.colibri.itests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A copy of the built distribution in a temporary folder, with every port moved to a free one,
 * started and stopped as a separate process with its own scripts, as an operator would.
 */
public final class Distribution implements AutoCloseable {
    public final Path home;
    public final int httpPort;
    public final int sshPort;
    public final int brokerPort;
    public final int simulatorPort;
    /** The SMPP server for customers' ESMEs (etc/io.colibri.smpp-server.cfg). */
    public final int smppServerPort;
    /** The sandbox mail server (etc/io.colibri.mailsandbox.cfg), which etc/io.colibri.mail.cfg points at. */
    public final int smtpPort;
    public final int imapPort;
    /** The Prometheus endpoint (etc/io.colibri.metrics.cfg). */
    public final int metricsPort;
    private Process process;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** A copy of the distribution named by the system property colibri.distribution. */
    public Distribution(Path workDir) throws IOException {
        this(Path.of(System.getProperty("colibri.distribution", "../distribution/target/colibri")), workDir);
    }

    public Distribution(Path builtDistribution, Path workDir) throws IOException {
        Path built = builtDistribution.toAbsolutePath().normalize();
        if (!Files.isExecutable(built.resolve("bin/karaf"))) {
            throw new IllegalStateException("no built distribution at " + built + ": run mvn install first");
        }
        home = workDir.resolve("colibri");
        copy(built, home);
        httpPort = freePort();
        sshPort = freePort();
        brokerPort = freePort();
        simulatorPort = freePort();
        Path etc = home.resolve("etc");
        // The harness's callback servers listen on this machine: allowed, as an operator would.
        write(etc.resolve("io.colibri.http.cfg"), "host = 127.0.0.1\nport = " + httpPort + "\ncallbackAllowedNetworks = 127.0.0.1\n");
        // The broker's user and password stay as shipped: generated at the first start (bin/setenv).
        replace(etc.resolve("io.colibri.broker.cfg"), "url = tcp://127.0.0.1:61616", "url = tcp://127.0.0.1:" + brokerPort);
        write(etc.resolve("io.colibri.smscsimulator.cfg"), "host = 127.0.0.1\nport = " + simulatorPort + "\nreceiptDelayMs = 200\nhttpPort = " + freePort() + "\n");
        smtpPort = freePort();
        imapPort = freePort();
        replace(etc.resolve("io.colibri.mailsandbox.cfg"), "smtpPort = 3025", "smtpPort = " + smtpPort);
        replace(etc.resolve("io.colibri.mailsandbox.cfg"), "imapPort = 3143", "imapPort = " + imapPort);
        replace(etc.resolve("io.colibri.mail.cfg"), "port = 3143", "port = " + imapPort);
        replace(etc.resolve("io.colibri.mail.cfg"), "smtp.port = 3025", "smtp.port = " + smtpPort);
        replace(etc.resolve("io.colibri.mail.cfg"), "pollMillis = 5000", "pollMillis = 500");
        replace(etc.resolve("io.colibri.mail.cfg"), "watchMillis = 5000", "watchMillis = 1000");
        smppServerPort = freePort();
        replace(etc.resolve("io.colibri.smpp-server.cfg"), "port = 2780", "port = " + smppServerPort);
        metricsPort = freePort();
        replace(etc.resolve("io.colibri.metrics.cfg"), "port = 9464", "port = " + metricsPort);
        replace(etc.resolve("artemis.xml"), "tcp://127.0.0.1:61616", "tcp://127.0.0.1:" + brokerPort);
        replace(etc.resolve("org.apache.karaf.shell.cfg"), "sshPort = 8101", "sshPort = " + sshPort);
        replace(etc.resolve("org.apache.karaf.management.cfg"), "rmiRegistryPort = 1099", "rmiRegistryPort = " + freePort());
        replace(etc.resolve("org.apache.karaf.management.cfg"), "rmiServerPort = 44444", "rmiServerPort = " + freePort());
    }

    /**
     * Boots the sandbox too (SMSC simulator, mail server), as ./run.sh does: the distribution
     * ships it installed but not started. Call before the first start.
     */
    public void sandbox() throws IOException {
        Path features = home.resolve("etc/org.apache.karaf.features.cfg");
        String cfg = Files.readString(features);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^(\\s*)colibri/[^,\\s]+(,?)").matcher(cfg);
        if (!m.find()) {
            throw new IllegalStateException("no colibri feature in featuresBoot of " + features);
        }
        Files.writeString(features, cfg.substring(0, m.end(0) - m.group(2).length()) + ", colibri-sandbox" + cfg.substring(m.end(0)
                - m.group(2).length()));
    }

    /** The shell's password, generated at the first start (etc/initial-passwords). */
    public String adminPassword() throws IOException {
        Path file = home.resolve("etc/initial-passwords");
        for (String line : Files.readAllLines(file)) {
            if (line.startsWith("karaf = ")) {
                return line.substring("karaf = ".length()).trim();
            }
        }
        throw new IllegalStateException("no karaf password in " + file);
    }

    /** Points the "mobile" and "landline" connectors at another SMSC (system ids itest and itest-land). */
    public void connectorTo(int port) throws IOException {
        connectorTo(port, 1, 50);
    }

    public void connectorTo(int port, int window, int rate) throws IOException {
        write(home.resolve("etc/io.colibri.connector-mobile.cfg"), "host = 127.0.0.1\nport = " + port
                + "\nsystemId = itest\npassword = itest\nwindow = " + window + "\nrate = " + rate + "\n");
        write(home.resolve("etc/io.colibri.connector-landline.cfg"), "host = 127.0.0.1\nport = " + port
                + "\nsystemId = itest-land\npassword = itest\nwindow = 1\nrate = 10\n");
    }

    /** Starts Karaf and waits until /http.php answers. */
    public Duration start() throws Exception {
        Instant begin = Instant.now();
        ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/karaf").toString(), "server")
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("console.log").toFile()));
        // The heap is the distribution's own (bin/setenv: 512 MB), as shipped.
        process = pb.start();
        Instant deadline = begin.plus(Duration.ofMinutes(3));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Karaf exited with " + process.exitValue() + "\n" + log());
            }
            try {
                if (get("/http.php").statusCode() == 200) {
                    return Duration.between(begin, Instant.now());
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            TimeUnit.MILLISECONDS.sleep(250);
        }
        throw new IllegalStateException("gateway did not answer on /http.php within 3 minutes\n" + log());
    }

    /** Stops Karaf with bin/stop and waits for the process to end. */
    public void stop() throws Exception {
        if (process == null || !process.isAlive()) {
            return;
        }
        Process stop = new ProcessBuilder(home.resolve("bin/stop").toString()).directory(home.toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        stop.waitFor(60, TimeUnit.SECONDS);
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    /**
     * Kills the gateway as a crash would (SIGKILL to the Karaf JVM: no shutdown hook, no flush),
     * and waits for the process to be gone.
     */
    public void kill() throws Exception {
        long pid = javaPid();
        if (pid > 0) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            ProcessHandle.of(pid).ifPresent(p -> p.onExit().join());
        }
        if (process != null) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** Points the gateway at this database (etc/io.colibri.database.cfg) instead of its embedded H2. */
    public void database(String url, String user) throws IOException {
        write(home.resolve("etc/io.colibri.database.cfg"), "url = " + url + "\nuser = " + user + "\npassword =\npoolSize = 10\n");
    }

    /** The JDBC URL of the embedded H2 database, to read it once the gateway is stopped. */
    public String embeddedDatabaseUrl() {
        return "jdbc:h2:file:" + home.resolve("data/colibri/colibri").toAbsolutePath();
    }

    /** Creates an account through the shell, tops it up, and returns the password it was given. */
    public String account(String email, long credits) throws Exception {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^password: (\\S+)").matcher(client("colibri:account-create " + email));
        if (!m.find()) {
            throw new IllegalStateException("colibri:account-create " + email + " printed no password");
        }
        client("colibri:credit-add " + email + " " + credits);
        return m.group(1);
    }

    /** Runs one shell command through bin/client, its input at end of file as in a script, and returns what it printed. */
    public String client(String command) throws Exception {
        Process p = clientProcess("karaf", adminPassword(), 30, command);
        String text = output(p, command);
        if (p.exitValue() != 0) {
            throw new IllegalStateException("bin/client " + command + " exited " + p.exitValue() + ": " + text);
        }
        return text;
    }

    /**
     * Runs one shell command as this user through bin/client, trying to connect this many times
     * (2 s apart), and returns what it printed: a refused login prints why, and runs nothing.
     */
    public String client(String user, String password, int attempts, String command) throws Exception {
        return output(clientProcess(user, password, attempts, command), command);
    }

    private Process clientProcess(String user, String password, int attempts, String command) throws IOException {
        return new ProcessBuilder(home.resolve("bin/client").toString(), "-a", Integer.toString(sshPort), "-h", "127.0.0.1",
                "-u", user, "-p", password, "-r", Integer.toString(attempts), "-d", "2", command)
                // As a script or CI runs it: nothing on its standard input (Karaf's own client ran nothing then).
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .directory(home.toFile()).redirectErrorStream(true).start();
    }

    private static String output(Process p, String command) throws Exception {
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("bin/client did not finish: " + command);
        }
        return new String(out, StandardCharsets.UTF_8);
    }

    /** A scrape of the metrics endpoint: each series (name and labels as written) and its value. */
    public java.util.Map<String, Double> metrics() throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsPort + "/metrics"))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("metrics answered " + r.statusCode());
        }
        java.util.Map<String, Double> series = new java.util.LinkedHashMap<>();
        for (String line : r.body().split("\n")) {
            int space = line.lastIndexOf(' ');
            if (!line.startsWith("#") && space > 0) {
                series.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
            }
        }
        return series;
    }

    public HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + pathAndQuery))
                .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    public String log() {
        try {
            Path log = home.resolve("data/log/karaf.log");
            List<String> lines = Files.exists(log) ? Files.readAllLines(log) : new ArrayList<>();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size()));
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** Resident memory of the Karaf JVM (bin/karaf is a shell script that starts it as a child). */
    public long residentKb() throws IOException {
        long max = -1;
        for (ProcessHandle p : (Iterable<ProcessHandle>) process.descendants()::iterator) {
            Path status = Path.of("/proc/" + p.pid() + "/status");
            if (Files.exists(status)) {
                for (String line : Files.readAllLines(status)) {
                    if (line.startsWith("VmRSS:")) {
                        max = Math.max(max, Long.parseLong(line.replaceAll("\\D", "")));
                    }
                }
            }
        }
        return max;
    }

    /**
     * The Karaf JVM's process id (bin/karaf is a shell script that starts it as a child), for
     * jcmd and /proc; -1 when not running.
     */
    public long javaPid() {
        if (process == null) {
            return -1;
        }
        return process.descendants().filter(p -> p.info().command().map(c -> c.endsWith("/java")).orElse(false))
                .mapToLong(ProcessHandle::pid).findFirst().orElse(-1);
    }

    @Override
    public void close() throws Exception {
        stop();
    }

    /** Ports handed out in this JVM: several distributions side by side never get the same one. */
    private static final java.util.Set<Integer> HANDED = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public static int freePort() throws IOException {
        while (true) {
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                if (HANDED.add(s.getLocalPort())) {
                    return s.getLocalPort();
                }
            }
        }
    }

    /** Names this node (etc/io.colibri.node.cfg) with a quicker heartbeat than the shipped one, for tests. */
    public void node(String name, long heartbeatMillis, long deadAfterMillis) throws IOException {
        write(home.resolve("etc/io.colibri.node.cfg"), "name = " + name + "\nheartbeatMillis = " + heartbeatMillis
                + "\ndeadAfterMillis = " + deadAfterMillis + "\n");
    }

    /** No embedded broker: the gateway uses this external one (etc/io.colibri.broker.cfg, embedded = false). */
    public void externalBroker(String url, String user, String password) throws IOException {
        write(home.resolve("etc/io.colibri.broker.cfg"), "embedded = false\nurl = " + url + "\nuser = " + user + "\npassword = "
                + password + "\n");
    }

    /** The mailbox and the SMTP server of etc/io.colibri.mail.cfg: a mail server outside this node. */
    public void mailServer(int smtp, int imap) throws IOException {
        replace(home.resolve("etc/io.colibri.mail.cfg"), "\nport = " + imapPort + "\n", "\nport = " + imap + "\n");
        replace(home.resolve("etc/io.colibri.mail.cfg"), "smtp.port = " + smtpPort, "smtp.port = " + smtp);
    }

    /** The drop folder's root (etc/io.colibri.drop.cfg), shared by the nodes of a cluster. */
    public void dropRoot(Path root) throws IOException {
        replace(home.resolve("etc/io.colibri.drop.cfg"), "\nroot =\n", "\nroot = " + root.toAbsolutePath() + "\n");
    }

    /** When the low-balance alerts run after a start (etc/io.colibri.alerts.cfg). */
    public void alertsAfterStart(long millis) throws IOException {
        replace(home.resolve("etc/io.colibri.alerts.cfg"), "startDelayMillis = 10000", "startDelayMillis = " + millis);
    }

    private static void write(Path file, String content) throws IOException {
        Files.writeString(file, content, StandardCharsets.UTF_8);
    }

    private static void replace(Path file, String from, String to) throws IOException {
        String s = Files.readString(file, StandardCharsets.UTF_8);
        if (!s.contains(from)) {
            throw new IllegalStateException(file + " has no '" + from + "'");
        }
        Files.writeString(file, s.replace(from, to), StandardCharsets.UTF_8);
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            all.forEach(p -> {
                Path target = to.resolve(from.relativize(p).toString());
                try {
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
