package io.colibri.gateway.broker;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts messages on the broker by group commit: whatever senders are waiting when the previous
 * transaction ends goes in the next one, so one disk sync at the broker covers them all (a
 * persistent send that waits alone for its sync took most of a request's time). A caller learns
 * that its messages are on the broker, safely, only once that transaction committed.
 */
public final class GroupSender implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GroupSender.class);
    /** Most messages in one transaction. */
    static final int MAX = 2000;

    /** One message to put on a queue: a text or a map, visible after {@code delayMillis}. */
    public record Outgoing(String queue, Object body, long delayMillis) {
        public static Outgoing of(String queue, Object body) {
            return new Outgoing(queue, body, 0);
        }
    }

    private record Pending(List<Outgoing> messages, CompletableFuture<Void> done) {
    }

    private final ConnectionFactory factory;
    private final String user;
    private final String password;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean running = true;
    private Connection connection;
    private Session session;
    private Sends sends;
    /** True while the broker cannot be reached: logged once when it starts and once when it ends. */
    private boolean failing;

    public GroupSender(ConnectionFactory factory, String user, String password) {
        this.factory = factory;
        this.user = user;
        this.password = password;
        this.thread = new Thread(this::run, "colibri-broker-sender");
        thread.setDaemon(true);
        thread.start();
    }

    /** Sends them in one transaction with whatever else is waiting; the future completes once they are on the broker. */
    public CompletableFuture<Void> send(List<Outgoing> messages) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (!running) {
            done.completeExceptionally(new IllegalStateException("the broker sender is stopped"));
        } else if (messages.isEmpty()) {
            done.complete(null);
        } else {
            queue.add(new Pending(messages, done));
        }
        return done;
    }

    /** Sends and waits until they are on the broker; throws what the broker said when they are not. */
    public void sendAndWait(List<Outgoing> messages) throws JMSException {
        try {
            send(messages).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending to the broker", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof JMSException jms) {
                throw jms;
            }
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }

    private void run() {
        List<Pending> batch = new ArrayList<>();
        while (running) {
            try {
                Pending first = queue.poll(500, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                int count = first.messages().size();
                Pending next;
                while (count < MAX && (next = queue.poll()) != null) {
                    batch.add(next);
                    count += next.messages().size();
                }
                commit(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } finally {
                batch.clear();
            }
        }
        closeQuietly();
        Pending left;
        while ((left = queue.poll()) != null) {
            left.done().completeExceptionally(new IllegalStateException("the broker sender stopped"));
        }
    }

    private void commit(List<Pending> batch) {
        try {
            if (session == null) {
                open();
            }
            for (Pending p : batch) {
                for (Outgoing o : p.messages()) {
                    sends.send(o);
                }
            }
            session.commit();
            if (failing) {
                failing = false;
                LOG.info("the broker takes messages again");
            }
            batch.forEach(p -> p.done().complete(null));
        } catch (JMSException | RuntimeException e) {
            if (!failing) {
                failing = true;
                LOG.warn("messages not put on the broker ({}); the senders are told and try again", e.toString());
            }
            closeQuietly();
            batch.forEach(p -> p.done().completeExceptionally(e));
        }
    }

    private void open() throws JMSException {
        connection = user == null ? factory.createConnection() : factory.createConnection(user, password);
        session = connection.createSession(true, Session.SESSION_TRANSACTED);
        sends = new Sends(session);
    }

    private void closeQuietly() {
        try {
            if (connection != null) {
                connection.close();
            }
        } catch (JMSException | RuntimeException ignored) {
            // already broken
        }
        connection = null;
        session = null;
        sends = null;
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Sends on one transacted session: one anonymous producer, queues looked up once. */
    static final class Sends {
        private final Session session;
        private final MessageProducer producer;
        private final java.util.Map<String, jakarta.jms.Queue> queues = new java.util.HashMap<>();

        Sends(Session session) throws JMSException {
            this.session = session;
            this.producer = session.createProducer(null);
            producer.setDeliveryMode(DeliveryMode.PERSISTENT);
        }

        void send(Outgoing o) throws JMSException {
            jakarta.jms.Queue q = queues.get(o.queue());
            if (q == null) {
                q = session.createQueue(o.queue());
                queues.put(o.queue(), q);
            }
            jakarta.jms.Message m;
            if (o.body() instanceof java.util.Map<?, ?> map) {
                jakarta.jms.MapMessage mm = session.createMapMessage();
                for (var e : map.entrySet()) {
                    mm.setObject(String.valueOf(e.getKey()), e.getValue());
                }
                m = mm;
            } else {
                m = session.createTextMessage(String.valueOf(o.body()));
            }
            producer.setDeliveryDelay(Math.max(0, o.delayMillis()));
            producer.send(q, m);
        }
    }
}
