package io.colibri.gateway.callback;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.colibri.gateway.TestDatabases;
import io.colibri.gateway.store.Database;
import io.colibri.gateway.store.Store;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The sender against a real database and a real HTTP server, driven round by round: what it
 * reads in id order, what its sweep finds behind it, and the share of each account.
 */
class CallbackSenderTest {
    private HttpServer server;
    private final List<String> received = Collections.synchronizedList(new ArrayList<>());
    private final Semaphore answered = new Semaphore(0);
    private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);
    private final Clock clock = new Clock() {
        @Override
        public Instant instant() {
            return Instant.now().plus(offset.get());
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    };

    static List<String> databases() {
        return TestDatabases.kinds();
    }

    @BeforeEach
    void startCustomerServer() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/cb", exchange -> {
            received.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
        server.start();
    }

    @AfterEach
    void stopCustomerServer() {
        server.stop(0);
    }

    @ParameterizedTest
    @MethodSource("databases")
    void an_event_committed_after_a_later_one_is_found_by_the_sweep_and_sent(String kind) throws Exception {
        withStore(kind, store -> {
            long account = accountWithCallback(store, "a@b.fr");
            CallbackSender sender = sender(store);
            insert(store, 20, account, "m:2", "late-20");
            insert(store, 21, account, "m:3", "first-21");
            // Event 10 commits after 20 and 21 were read: the reading in id order has gone past it.
            roundsUntil(sender, () -> received.size() == 2);
            insert(store, 10, account, "m:1", "late-10");
            sender.send();
            assertThat(received).hasSize(2);
            offset.updateAndGet(o -> o.plusSeconds(CallbackSender.SWEEP_SECONDS));
            roundsUntil(sender, () -> received.size() == 3);
            assertThat(received).containsExactlyInAnyOrder("late-20", "first-21", "late-10");
            roundsUntil(sender, () -> pending(store) == 0);
        });
    }

    @ParameterizedTest
    @MethodSource("databases")
    void an_account_with_more_than_its_share_gets_everything_once_and_each_message_in_order(String kind) throws Exception {
        withStore(kind, store -> {
            long account = accountWithCallback(store, "a@b.fr");
            int n = CallbackSender.HELD_PER_ACCOUNT + 300;
            store.database().jdbc(c -> {
                try (PreparedStatement s = c.prepareStatement("insert into callback_event (account_id, ordering_key, body, created_at,"
                        + " attempts, next_at) values (?, ?, ?, ?, 0, ?)")) {
                    OffsetDateTime at = OffsetDateTime.now(ZoneOffset.UTC);
                    for (int i = 0; i < n; i++) {
                        // One message has two events: the first within the account's share, the second past it.
                        boolean last = i == CallbackSender.HELD_PER_ACCOUNT - 1 || i == n - 1;
                        s.setLong(1, account);
                        s.setString(2, last ? "m:last" : "m:" + i);
                        s.setString(3, "e" + i);
                        s.setObject(4, at);
                        s.setObject(5, at);
                        s.addBatch();
                    }
                    s.executeBatch();
                }
                return null;
            });
            CallbackSender sender = sender(store);
            roundsSweepingUntil(sender, n);
            assertThat(received).hasSize(n).doesNotHaveDuplicates();
            assertThat(received.indexOf("e" + (CallbackSender.HELD_PER_ACCOUNT - 1))).isLessThan(received.indexOf("e" + (n - 1)));
            roundsUntil(sender, () -> pending(store) == 0);
        });
    }

    /**
     * Issue 13, point 8: one account's backlog starves nobody. Account A has 2 300 events due,
     * all older than account B's one; B's is told among the first, not after A's backlog (the
     * sender used to take the 200 oldest due events each round, whoever's they were).
     */
    @ParameterizedTest
    @MethodSource("databases")
    void one_accounts_backlog_does_not_delay_another_account(String kind) throws Exception {
        withStore(kind, store -> {
            long busy = accountWithCallback(store, "busy@b.fr");
            long quiet = accountWithCallback(store, "quiet@b.fr");
            int n = CallbackSender.HELD_PER_ACCOUNT + 300;
            for (int i = 0; i < n; i++) {
                insert(store, 1000 + i, busy, "m:" + i, "e" + i);
            }
            insert(store, 1000 + n, quiet, "q:1", "quiet");
            roundsSweepingUntil(sender(store), n + 1);
            assertThat(received).hasSize(n + 1).doesNotHaveDuplicates();
            assertThat(received.indexOf("quiet")).as("the quiet account's event among the first told").isLessThan(100);
        });
    }

    interface Body {
        void run(Store store) throws Exception;
    }

    /** A fresh database of that kind for the test, dropped afterwards. */
    private void withStore(String kind, Body body) throws Exception {
        Database.Settings settings = TestDatabases.fresh(kind);
        try (Store store = new Store(Database.open(settings), 1000, clock)) {
            body.run(store);
        } finally {
            TestDatabases.drop(settings);
        }
    }

    private CallbackSender sender(Store store) {
        CallbackSender s = new CallbackSender(store.callbacks(), clock, Duration.ofSeconds(5));
        s.wake(answered::release);
        return s;
    }

    /**
     * Rounds until {@code n} callbacks were received (at most 60 s); a round that brought nothing
     * new moves the clock to the next sweep, which finds what is left behind.
     */
    private void roundsSweepingUntil(CallbackSender sender, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        int seen = -1;
        while (received.size() < n && System.nanoTime() < deadline) {
            sender.send();
            answered.tryAcquire(100, TimeUnit.MILLISECONDS);
            if (received.size() == seen) {
                offset.updateAndGet(o -> o.plusSeconds(CallbackSender.SWEEP_SECONDS));
            }
            seen = received.size();
        }
    }

    private void roundsUntil(CallbackSender sender, BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        do {
            sender.send();
            if (done.getAsBoolean()) {
                return;
            }
            answered.tryAcquire(100, TimeUnit.MILLISECONDS);
        } while (System.nanoTime() < deadline);
        assertThat(done.getAsBoolean()).as("done within 30 s of rounds").isTrue();
    }

    private long accountWithCallback(Store store, String email) {
        store.accounts().create(email);
        long id = store.accounts().require(email).id();
        store.callbacks().allow(List.of(io.colibri.domain.IpRange.parse("127.0.0.1")));
        store.callbacks().set(id, "http://127.0.0.1:" + server.getAddress().getPort() + "/cb");
        return id;
    }

    private static void insert(Store store, long id, long account, String key, String body) {
        store.database().jdbc(c -> {
            try (PreparedStatement s = c.prepareStatement("insert into callback_event (id, account_id, ordering_key, body, created_at,"
                    + " attempts, next_at) values (?, ?, ?, ?, ?, 0, ?)")) {
                OffsetDateTime at = OffsetDateTime.now(ZoneOffset.UTC);
                s.setLong(1, id);
                s.setLong(2, account);
                s.setString(3, key);
                s.setString(4, body);
                s.setObject(5, at);
                s.setObject(6, at);
                return s.executeUpdate();
            }
        });
    }

    private static long pending(Store store) {
        return store.database().jdbc(c -> {
            try (var s = c.createStatement(); var r = s.executeQuery("select count(*) from callback_event where done_at is null")) {
                r.next();
                return r.getLong(1);
            }
        });
    }
}
