package io.colibri.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Reads a flight recording of the gateway (taken with jcmd during the run) and says where the time
 * went: which threads were on the CPU, in which library, the hottest methods, the fsyncs (broker
 * journal, database), lock waits and GC. The JDK's own reader; no tool to install.
 */
final class JfrSummary {
    private JfrSummary() {
    }

    /**
     * The JDK's "profile" settings with every fsync recorded (its threshold is 10 ms there) and
     * monitor waits from 1 ms, written next to the recording.
     */
    static Path settings(Path dir) throws IOException {
        Path profile = Path.of(System.getProperty("java.home"), "lib", "jfr", "profile.jfc");
        String jfc = Files.readString(profile);
        jfc = jfc.replaceFirst("(<event name=\"jdk.FileForce\">[\\s\\S]*?<setting name=\"threshold\"[^>]*>)[^<]*", "$10 ms");
        jfc = jfc.replaceFirst("(<event name=\"jdk.JavaMonitorEnter\">[\\s\\S]*?<setting name=\"threshold\"[^>]*>)[^<]*", "$11 ms");
        Path out = dir.resolve("bench.jfc");
        Files.writeString(out, jfc);
        return out;
    }

    static void print(Path recording, PrintStream out) throws IOException {
        List<RecordedEvent> events = RecordingFile.readAllEvents(recording);
        Map<String, Long> threads = new HashMap<>();
        Map<String, Long> components = new HashMap<>();
        Map<String, Long> threadComponents = new HashMap<>();
        Map<String, Long> methods = new HashMap<>();
        Map<String, long[]> forces = new HashMap<>();
        Map<String, long[]> monitors = new HashMap<>();
        long samples = 0;
        long gcs = 0;
        Duration gcPause = Duration.ZERO;
        double jvmCpu = 0;
        double machineCpu = 0;
        int cpuLoads = 0;
        for (RecordedEvent e : events) {
            switch (e.getEventType().getName()) {
                case "jdk.ExecutionSample" -> {
                    samples++;
                    RecordedThread t = e.getThread("sampledThread");
                    threads.merge(t == null ? "?" : normalise(t.getJavaName()), 1L, Long::sum);
                    RecordedStackTrace st = e.getStackTrace();
                    if (st != null && !st.getFrames().isEmpty()) {
                        RecordedFrame top = st.getFrames().get(0);
                        methods.merge(top.getMethod().getType().getName() + "." + top.getMethod().getName(), 1L, Long::sum);
                        String component = component(st.getFrames());
                        components.merge(component, 1L, Long::sum);
                        threadComponents.merge(String.format("%-26.26s  %s", t == null ? "?" : normalise(t.getJavaName()), component),
                                1L, Long::sum);
                    }
                }
                case "jdk.FileForce" -> {
                    String path = e.getString("path");
                    Path p = path == null ? null : Path.of(path);
                    String where = p == null ? "?" : (p.getParent() == null ? "" : p.getParent().getFileName() + "/")
                            + p.getFileName().toString().replaceAll("\\d+", "#");
                    long[] a = forces.computeIfAbsent(where, k -> new long[3]);
                    long nanos = e.getDuration().toNanos();
                    a[0]++;
                    a[1] += nanos;
                    a[2] = Math.max(a[2], nanos);
                }
                case "jdk.JavaMonitorEnter" -> {
                    long[] a = monitors.computeIfAbsent(e.getClass("monitorClass").getName(), k -> new long[2]);
                    a[0]++;
                    a[1] += e.getDuration().toNanos();
                }
                case "jdk.GarbageCollection" -> {
                    gcs++;
                    gcPause = gcPause.plus(e.getDuration("sumOfPauses"));
                }
                case "jdk.CPULoad" -> {
                    jvmCpu += e.getFloat("jvmUser") + e.getFloat("jvmSystem");
                    machineCpu += e.getFloat("machineTotal");
                    cpuLoads++;
                }
                default -> {
                }
            }
        }
        int cores = Runtime.getRuntime().availableProcessors();
        out.printf("Profile of the gateway (JFR, %s):%n", recording);
        if (cpuLoads > 0) {
            out.printf("  CPU: gateway JVM %.0f%%, whole machine %.0f%% (of %d cores, averaged over the recording)%n",
                    100 * cores * jvmCpu / cpuLoads, 100 * cores * machineCpu / cpuLoads, cores);
        }
        out.printf("  on-CPU samples: %d%n", samples);
        top(out, "  by thread", threads, samples, 12, k -> k);
        top(out, "  by library (first frame outside the JDK)", components, samples, 12, k -> k);
        top(out, "  by thread and library", threadComponents, samples, 15, k -> k);
        top(out, "  hottest methods (top frame)", methods, samples, 12, k -> k);
        out.println("  fsync (FileChannel.force), every one:");
        if (forces.isEmpty()) {
            out.println("    none recorded");
        }
        forces.entrySet().stream().sorted(Comparator.comparingLong((Map.Entry<String, long[]> en) -> en.getValue()[1]).reversed())
                .forEach(en -> out.printf("    %-40s %7d, total %7.0f ms, mean %5.2f ms, max %6.1f ms%n", en.getKey(), en.getValue()[0],
                        en.getValue()[1] / 1e6, en.getValue()[1] / 1e6 / en.getValue()[0], en.getValue()[2] / 1e6));
        out.println("  monitor waits over 1 ms (class: count, total):");
        if (monitors.isEmpty()) {
            out.println("    none");
        }
        monitors.entrySet().stream().sorted(Comparator.comparingLong((Map.Entry<String, long[]> en) -> en.getValue()[1]).reversed())
                .limit(6).forEach(en -> out.printf("    %-60s %6d, %7.0f ms%n", en.getKey(), en.getValue()[0], en.getValue()[1] / 1e6));
        out.printf("  GC: %d collections, %d ms paused%n", gcs, gcPause.toMillis());
    }

    private static void top(PrintStream out, String title, Map<String, Long> counts, long total, int limit, Function<String, String> label) {
        out.println(title + ":");
        counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(limit)
                .forEach(en -> out.printf("    %5.1f%%  %s%n", 100.0 * en.getValue() / Math.max(1, total), label.apply(en.getKey())));
    }

    /** Thread names with their numbers folded, so that a pool is one line. */
    static String normalise(String name) {
        return name == null ? "?" : name.replaceAll("\\d+", "#");
    }

    private static final String[][] LIBRARIES = {
        {"io.colibri.", "Colibri (our code)"},
        {"org.h2.", "H2 database"},
        {"org.apache.activemq.artemis.core.journal.", "Artemis journal"},
        {"org.apache.activemq.artemis.core.io.", "Artemis journal"},
        {"org.apache.activemq.artemis.core.persistence.", "Artemis journal"},
        {"org.apache.activemq.artemis.core.client.", "Artemis client"},
        {"org.apache.activemq.artemis.jms.client.", "Artemis client"},
        {"org.apache.activemq.artemis.core.protocol.", "Artemis protocol"},
        {"org.apache.activemq.artemis.", "Artemis broker"},
        {"io.netty.", "Netty (broker transport)"},
        {"org.hibernate.", "Hibernate"},
        {"com.zaxxer.hikari.", "HikariCP"},
        {"org.eclipse.jetty.", "Jetty"},
        {"org.apache.camel.component.smpp.", "camel-smpp"},
        {"org.apache.camel.component.jms.", "camel-jms"},
        {"org.apache.camel.", "Camel core"},
        {"org.jsmpp.", "jsmpp"},
        {"org.springframework.", "Spring JMS"},
        {"org.ops4j.pax.logging.", "logging"},
        {"org.apache.logging.", "logging"},
        {"org.slf4j.", "logging"},
        {"org.apache.felix.", "Karaf/OSGi"},
        {"org.apache.karaf.", "Karaf/OSGi"},
        {"org.apache.sshd.", "Karaf/OSGi"},
        {"org.eclipse.osgi.", "Karaf/OSGi"},
    };

    private static String component(List<RecordedFrame> frames) {
        for (RecordedFrame f : frames) {
            String type = f.getMethod().getType().getName();
            if (type.startsWith("java.") || type.startsWith("javax.") || type.startsWith("jdk.") || type.startsWith("sun.")
                    || type.startsWith("com.sun.")) {
                continue;
            }
            for (String[] lib : LIBRARIES) {
                if (type.startsWith(lib[0])) {
                    return lib[1];
                }
            }
            String[] parts = type.split("\\.");
            return parts.length > 2 ? parts[0] + "." + parts[1] + "." + parts[2] : type;
        }
        return "JDK only (no library frame in the stack)";
    }
}
