package io.colibri.gateway.bus;

import io.colibri.gateway.callback.EventBus;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Publishes status events on the broker's events address (colibri.events, multicast) for the
 * accounts whose callback target is the broker: each event's JSON exactly as an HTTP callback
 * carries it, with properties a subscriber can select on ({@value #ACCOUNT}), tell events apart by
 * ({@value #EVENT}: the same id again is the same event, published again after a crash) and check
 * ({@value #SIGNATURE}: the HMAC a POST carries in X-Colibri-Signature). Called by the callback
 * sender with a round's events, published in one broker transaction.
 */
public final class BusEvents implements EventBus {
    /** The account's id (a long): {@code colibriAccount = 12} as a subscription's selector. */
    public static final String ACCOUNT = "colibriAccount";
    /** The event's id (text): an outbox event's number, or {@code accepted-<message id>}. */
    public static final String EVENT = "colibriEvent";
    /** {@code sha256=<hex HMAC-SHA256 of the body with the account's callback secret>}. */
    public static final String SIGNATURE = "colibriSignature";

    private final ConnectionFactory factory;
    /**
     * One thread, only while there is something to publish: the callback sender never waits for
     * the broker, and a gateway restarted with a new publisher leaves no thread behind.
     */
    private final ExecutorService thread = new ThreadPoolExecutor(0, 1, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
        Thread t = new Thread(r, "colibri-bus-events");
        t.setDaemon(true);
        return t;
    });

    public BusEvents(ConnectionFactory factory) {
        this.factory = factory;
    }

    @Override
    public CompletionStage<Void> publish(List<Outgoing> events) {
        return CompletableFuture.runAsync(() -> {
            try {
                publishNow(events);
            } catch (JMSException e) {
                throw new CompletionException(e);
            }
        }, thread);
    }

    private void publishNow(List<Outgoing> events) throws JMSException {
        try (Connection c = factory.createConnection(); Session s = c.createSession(true, Session.SESSION_TRANSACTED)) {
            MessageProducer producer = s.createProducer(null);
            producer.setDeliveryMode(DeliveryMode.PERSISTENT);
            for (Outgoing o : events) {
                producer.send(s.createTopic(o.address()), event(s, o.event().accountId(), Long.toString(o.event().id()), o.event().body(),
                        o.signature()));
            }
            s.commit();
        }
    }

    /** One event as a message of this session. */
    static TextMessage event(Session s, long accountId, String id, String json, String signature) throws JMSException {
        TextMessage m = s.createTextMessage(json);
        m.setLongProperty(ACCOUNT, accountId);
        m.setStringProperty(EVENT, id);
        m.setStringProperty(SIGNATURE, signature);
        return m;
    }
}
