package io.colibri.gateway.callback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.colibri.gateway.TwoNodes;
import io.colibri.gateway.store.Store;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 18: two nodes' callback senders running at the same time on one database: each event is
 * POSTed once (an account's events by the node holding its lease), each message's events in
 * order; a lease that ran out (a dead node's) is taken over, a live node's is left alone.
 */
class CallbackSenderNodesTest {
    private HttpServer server;
    /** "event id|ordering key" of each POST, in the order they came. */
    private final List<String> received = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void startCustomerServer() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/cb", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            received.add(exchange.getRequestHeaders().getFirst("X-Colibri-Event") + "|" + body);
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.start();
    }

    @AfterEach
    void stopCustomerServer() {
        server.stop(0);
    }

    @Test
    void two_nodes_post_each_event_once_and_each_messages_events_in_order() throws Exception {
        try (TwoNodes nodes = TwoNodes.open()) {
            List<Long> accounts = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                accounts.add(accountWithCallback(nodes, "cb" + i + "@example.org"));
            }
            // Events arrive while both nodes run: 6 accounts × 20 messages × 3 events, the messages' events interleaved.
            Map<String, List<Long>> byKey = new LinkedHashMap<>();
            try (Senders running = new Senders(nodes)) {
                for (int round = 0; round < 3; round++) {
                    for (long account : accounts) {
                        for (int m = 0; m < 20; m++) {
                            String key = "m:" + account + "-" + m;
                            byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(insert(round % 2 == 0 ? nodes.a : nodes.b, account, key));
                        }
                    }
                }
                int total = byKey.values().stream().mapToInt(List::size).sum();
                await().atMost(Duration.ofSeconds(90)).until(() -> pending(nodes.a) == 0 && received.size() >= total);
                running.stop();

                List<String> ids = received.stream().map(r -> r.substring(0, r.indexOf('|'))).toList();
                assertThat(ids).as("each event POSTed once").hasSize(total).doesNotHaveDuplicates();
                for (Map.Entry<String, List<Long>> key : byKey.entrySet()) {
                    List<Long> order = received.stream().filter(r -> r.endsWith("|" + key.getKey()))
                            .map(r -> Long.parseLong(r.substring(0, r.indexOf('|')))).toList();
                    assertThat(order).as("the events of " + key.getKey() + " in order").containsExactlyElementsOf(key.getValue());
                }
                assertThat(running.sentByA + running.sentByB).isEqualTo(total);
            }
        }
    }

    @Test
    void a_lease_run_out_is_taken_over_and_a_live_nodes_lease_is_left_alone() throws Exception {
        try (TwoNodes nodes = TwoNodes.open()) {
            long ofDead = accountWithCallback(nodes, "dead@example.org");
            long ofLive = accountWithCallback(nodes, "live@example.org");
            List<Long> deadEvents = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                deadEvents.add(insert(nodes.a, ofDead, "m:dead"));
                insert(nodes.a, ofLive, "m:live");
            }
            OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
            nodes.a.database().jdbc(c -> {
                try (PreparedStatement s = c.prepareStatement("insert into callback_lease (account_id, node, until) values (?, ?, ?)")) {
                    s.setLong(1, ofDead);
                    s.setString(2, "c");
                    s.setObject(3, now.minusSeconds(1)); // c stopped renewing: dead
                    s.addBatch();
                    s.setLong(1, ofLive);
                    s.setString(2, "d");
                    s.setObject(3, now.plusSeconds(600)); // d renews: alive
                    s.addBatch();
                    s.executeBatch();
                }
                return null;
            });
            try (Senders running = new Senders(nodes)) {
                // Received, then recorded as told (the answer comes back after the server has the event).
                await().atMost(Duration.ofSeconds(30)).until(() -> received.size() >= deadEvents.size()
                        && TwoNodes.count(nodes.a, "select count(*) from callback_event where done_at is null") == 5);
                running.stop();
            }
            assertThat(received.stream().map(r -> Long.parseLong(r.substring(0, r.indexOf('|')))).toList())
                    .as("the dead node's account's events, once, in order; none of the live node's").containsExactlyElementsOf(deadEvents);
            assertThat(TwoNodes.count(nodes.a, "select count(*) from callback_event where done_at is null")).isEqualTo(5);
            assertThat(TwoNodes.count(nodes.a, "select count(*) from callback_lease where account_id = " + ofLive + " and node = 'd'"))
                    .isEqualTo(1);
        }
    }

    /** Node a's and node b's senders, each running its rounds on its own thread until stopped. */
    private final class Senders implements AutoCloseable {
        final AtomicBoolean stopped = new AtomicBoolean();
        final ExecutorService pool = Executors.newFixedThreadPool(2);
        final List<Future<Integer>> loops = new ArrayList<>();
        int sentByA;
        int sentByB;

        Senders(TwoNodes nodes) {
            loops.add(pool.submit(() -> rounds(new CallbackSender(nodes.a.callbacks(), Clock.systemUTC(), Duration.ofSeconds(5), "a",
                    Duration.ofSeconds(15)))));
            loops.add(pool.submit(() -> rounds(new CallbackSender(nodes.b.callbacks(), Clock.systemUTC(), Duration.ofSeconds(5), "b",
                    Duration.ofSeconds(15)))));
        }

        private int rounds(CallbackSender sender) throws InterruptedException {
            Semaphore woken = new Semaphore(0);
            sender.wake(woken::release);
            int sent = 0;
            while (!stopped.get()) {
                sent += sender.send();
                woken.tryAcquire(50, TimeUnit.MILLISECONDS);
            }
            return sent;
        }

        void stop() throws Exception {
            stopped.set(true);
            sentByA = loops.get(0).get(30, TimeUnit.SECONDS);
            sentByB = loops.get(1).get(30, TimeUnit.SECONDS);
        }

        @Override
        public void close() {
            stopped.set(true);
            pool.shutdownNow();
        }
    }

    private long accountWithCallback(TwoNodes nodes, String email) {
        Store store = nodes.a;
        store.accounts().create(email);
        long id = store.accounts().require(email).id();
        for (Store node : List.of(nodes.a, nodes.b)) {
            node.callbacks().allow(List.of(io.colibri.domain.IpRange.parse("127.0.0.1")));
        }
        store.callbacks().set(id, "http://127.0.0.1:" + server.getAddress().getPort() + "/cb");
        return id;
    }

    /** An event whose body is its ordering key; its id. */
    private static long insert(Store store, long account, String key) {
        return store.database().jdbc(c -> {
            try (PreparedStatement s = c.prepareStatement("insert into callback_event (account_id, ordering_key, body, created_at,"
                    + " attempts, next_at) values (?, ?, ?, ?, 0, ?)", new String[] {"id"})) {
                OffsetDateTime at = OffsetDateTime.now(ZoneOffset.UTC);
                s.setLong(1, account);
                s.setString(2, key);
                s.setString(3, key);
                s.setObject(4, at);
                s.setObject(5, at);
                s.executeUpdate();
                try (var keys = s.getGeneratedKeys()) {
                    keys.next();
                    return keys.getLong(1);
                }
            }
        });
    }

    private static long pending(Store store) {
        return TwoNodes.count(store, "select count(*) from callback_event where done_at is null");
    }
}
