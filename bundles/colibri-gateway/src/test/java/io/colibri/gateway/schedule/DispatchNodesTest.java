package io.colibri.gateway.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.colibri.domain.PartCount;
import io.colibri.domain.PhoneNumber;
import io.colibri.gateway.TestBroker;
import io.colibri.gateway.TwoNodes;
import io.colibri.gateway.broker.GroupSender;
import io.colibri.gateway.message.Recorder;
import io.colibri.gateway.store.Store;
import io.colibri.gateway.store.StoreTest;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18: two nodes' dispatch rounds at the same time, on one database and one broker: every
 * recorded message and every message coming due is queued once, by one of them (rows taken with
 * SKIP LOCKED), never by both.
 */
class DispatchNodesTest {
    static final PhoneNumber TO = PhoneNumber.parse("0612345678").orElseThrow();

    @TempDir
    Path brokerDir;

    @Test
    void two_rounds_at_once_queue_each_message_once() throws Exception {
        try (TwoNodes nodes = TwoNodes.open()) {
            long account = StoreTest.account(nodes.a, 5000);
            int now = Dispatch.BATCH + 500; // more than one batch: the rounds interleave
            int due = 300;
            // Recorded from many threads at once: the recorder's group commit takes them together.
            List<Long> ids = java.util.Collections.synchronizedList(new ArrayList<>());
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(16);
            try {
                List<java.util.concurrent.Future<?>> recorded = new ArrayList<>();
                for (int i = 0; i < now + due; i++) {
                    int n = i;
                    recorded.add(pool.submit(() -> ids.add(record(nodes.a, account, "m" + n, n < now ? null : Instant.now().plusSeconds(3600)))));
                }
                for (java.util.concurrent.Future<?> f : recorded) {
                    f.get();
                }
            } finally {
                pool.shutdownNow();
            }
            // The deferred ones come due.
            nodes.a.database().jdbc(c -> c.createStatement().executeUpdate("update message_due set send_at = send_at - interval '2 hours'"));

            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            try (TestBroker broker = new TestBroker(brokerDir, port);
                 GroupSender senderA = new GroupSender(new ActiveMQConnectionFactory(broker.url), null, null);
                 GroupSender senderB = new GroupSender(new ActiveMQConnectionFactory(broker.url), null, null)) {
                Dispatch onA = new Dispatch(nodes.a.database(), Clock.systemUTC(), senderA);
                Dispatch onB = new Dispatch(nodes.b.database(), Clock.systemUTC(), senderB);

                List<Integer> queued = TwoNodes.together(onA::run, onB::run);

                assertThat(queued.get(0) + queued.get(1)).isEqualTo(now + due);
                List<Long> onQueue = drain(broker.url, Dispatch.QUEUE_PREFIX + "mobile");
                assertThat(onQueue).hasSize(now + due).doesNotHaveDuplicates();
                assertThat(new HashSet<>(onQueue)).isEqualTo(new HashSet<>(ids));
                assertThat(TwoNodes.count(nodes.b, "select count(*) from message_outbox where queued")).isEqualTo(now + due);
                assertThat(TwoNodes.count(nodes.b, "select count(*) from message_due")).isZero();
                assertThat(onA.run() + onB.run()).as("nothing left").isZero();
            }
        }
    }

    private static long record(Store store, long account, String text, Instant sendAt) {
        return store.recorder().record(Recorder.Draft.of(account, TO, text, PartCount.of(text), 1, "mobile", sendAt, "NORMAL", 2880,
                false)).id();
    }

    private static List<Long> drain(String url, String queue) throws Exception {
        List<Long> ids = new ArrayList<>();
        try (Connection c = new ActiveMQConnectionFactory(url).createConnection()) {
            c.start();
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            try (MessageConsumer consumer = s.createConsumer(s.createQueue(queue))) {
                for (Message m = consumer.receive(2000); m != null; m = consumer.receive(500)) {
                    ids.add(Long.parseLong(((TextMessage) m).getText()));
                }
            }
        }
        return ids;
    }
}
