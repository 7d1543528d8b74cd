package io.colibri.bench;

import com.sun.net.httpserver.HttpServer;
import io.colibri.domain.Callback;
import io.colibri.itests.Distribution;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A customer's callback server (HTTP-6) for the bench: takes Colibri's signed POSTs, checks each
 * signature, and counts the status changes per message, noting when the last DELIVERED came.
 */
final class CallbackServer implements AutoCloseable {
    private static final Pattern EVENT = Pattern.compile("\"messageId\":(\\d+),.*\"status\":\"([A-Z_]+)\"");

    private final HttpServer server;
    private final Map<String, Set<Long>> byStatus = new ConcurrentHashMap<>();
    private final AtomicInteger posts = new AtomicInteger();
    private final AtomicInteger twice = new AtomicInteger();
    private final AtomicInteger badSignatures = new AtomicInteger();
    private final AtomicReference<Instant> lastDelivered = new AtomicReference<>();
    private volatile String secret;

    CallbackServer() throws IOException {
        // Keep-alive connections however many the gateway opens (the JDK server closes idle ones beyond 200).
        System.setProperty("sun.net.httpserver.maxIdleConnections", "100000");
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", Distribution.freePort()), 200);
        server.setExecutor(Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "callback-server");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/cb", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String signature = exchange.getRequestHeaders().getFirst(Callback.SIGNATURE_HEADER);
            posts.incrementAndGet();
            if (secret != null && !Callback.signature(secret, body).equals(signature)) {
                badSignatures.incrementAndGet();
            }
            Matcher m = EVENT.matcher(body);
            if (m.find()) {
                if (!byStatus.computeIfAbsent(m.group(2), k -> ConcurrentHashMap.newKeySet()).add(Long.parseLong(m.group(1)))) {
                    twice.incrementAndGet();
                }
                if (m.group(2).equals("DELIVERED")) {
                    Instant now = Instant.now();
                    lastDelivered.accumulateAndGet(now, (a, b) -> a == null || b.isAfter(a) ? b : a);
                }
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/cb";
    }

    void secret(String s) {
        secret = s;
    }

    int delivered() {
        Set<Long> d = byStatus.get("DELIVERED");
        return d == null ? 0 : d.size();
    }

    /** Waits until {@code count} messages were told DELIVERED: when the last of them was, or null when it stalled. */
    Instant awaitDelivered(int count, Duration stall) throws InterruptedException {
        int seen = -1;
        long lastProgress = System.nanoTime();
        while (delivered() < count) {
            if (delivered() != seen) {
                seen = delivered();
                lastProgress = System.nanoTime();
            } else if (System.nanoTime() - lastProgress > stall.toNanos()) {
                return null;
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
        return lastDelivered.get();
    }

    String summary() {
        StringBuilder sb = new StringBuilder("callbacks: " + posts.get() + " POSTs");
        byStatus.forEach((k, v) -> sb.append(", ").append(k).append(' ').append(v.size()));
        return sb.append(", ").append(twice.get()).append(" twice, ").append(badSignatures.get()).append(" bad signatures").toString();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
