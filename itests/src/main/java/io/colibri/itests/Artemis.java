package io.colibri.itests;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A standalone Apache Artemis broker on this machine (the distribution Maven unpacks into
 * target/artemis, named by the system property colibri.artemis.home), as an operator runs the
 * broker a cluster of gateway nodes shares: an instance made by {@code artemis create}, its
 * broker.xml the gateway's own etc/artemis.xml with the instance's paths and port (the queues'
 * address settings, redeliveries and dead letters are the gateway's), the gateway's user with the
 * role "broker".
 */
public final class Artemis implements AutoCloseable {
    public final int port;
    public final String user = "colibri";
    public final String password = UUID.randomUUID().toString().replace("-", "");
    private final Path instance;
    private Process process;

    private Artemis(Path instance, int port) {
        this.instance = instance;
        this.port = port;
    }

    /** Makes an instance under {@code work} from the gateway's {@code artemisXml} and starts it. */
    public static Artemis start(Path work, Path artemisXml) throws Exception {
        Path home = Path.of(System.getProperty("colibri.artemis.home", "target/artemis/apache-artemis-2.40.0")).toAbsolutePath();
        if (!Files.exists(home.resolve("bin/artemis"))) {
            throw new IllegalStateException("no Artemis distribution at " + home + ": mvn verify unpacks it (pre-integration-test)");
        }
        Artemis a = new Artemis(work.resolve("artemis-broker"), Distribution.freePort());
        run(List.of("bash", home.resolve("bin/artemis").toString(), "create", a.instance.toString(), "--user", a.user, "--password",
                a.password, "--role", "broker", "--require-login", "--host", "127.0.0.1", "--default-port", Integer.toString(a.port),
                "--no-web", "--silent", "--no-autotune", "--nio", "--java-memory", "512M", "--no-amqp-acceptor", "--no-mqtt-acceptor",
                "--no-stomp-acceptor", "--no-hornetq-acceptor"), work);
        String xml = Files.readString(artemisXml, StandardCharsets.UTF_8)
                .replace("${karaf.data}/artemis", a.instance.resolve("data").toString())
                .replace("tcp://127.0.0.1:61616", "tcp://127.0.0.1:" + a.port)
                // uuid-namespace is Artemis 2.41's name for temporary-queue-namespace.
                .replace("<uuid-namespace>temp</uuid-namespace>", "<temporary-queue-namespace>temp</temporary-queue-namespace>");
        Files.writeString(a.instance.resolve("etc/broker.xml"), xml, StandardCharsets.UTF_8);
        ProcessBuilder pb = new ProcessBuilder("bash", a.instance.resolve("bin/artemis").toString(), "run")
                .directory(a.instance.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(a.instance.resolve("console.log").toFile()));
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        a.process = pb.start();
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (Instant.now().isBefore(deadline)) {
            if (!a.process.isAlive()) {
                throw new IllegalStateException("Artemis exited: " + a.log());
            }
            if (a.log().contains("AMQ221007")) { // Server is now active
                return a;
            }
            TimeUnit.MILLISECONDS.sleep(250);
        }
        a.close();
        throw new IllegalStateException("Artemis did not start within 2 minutes: " + a.log());
    }

    /** The broker's Java process (the bench reads its CPU time), or -1. */
    public long javaPid() {
        if (process == null) {
            return -1;
        }
        return process.descendants().filter(p -> p.info().command().map(c -> c.endsWith("/java")).orElse(false))
                .mapToLong(ProcessHandle::pid).findFirst().orElse(process.pid());
    }

    /** The URL a gateway node puts in etc/io.colibri.broker.cfg. */
    public String url() {
        return "tcp://127.0.0.1:" + port;
    }

    public String log() throws IOException {
        Path log = instance.resolve("console.log");
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    }

    private static void run(List<String> command, Path dir) throws Exception {
        Files.createDirectories(dir);
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(2, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command.subList(0, 3)) + " failed:\n" + out);
        }
    }

    @Override
    public void close() throws Exception {
        if (process != null && process.isAlive()) {
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }
    }
}
