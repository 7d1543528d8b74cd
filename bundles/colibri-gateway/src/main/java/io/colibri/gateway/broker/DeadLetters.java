package io.colibri.gateway.broker;

import io.colibri.gateway.mail.MailWatch;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The messages that ended in {@code colibri.dead} (etc/artemis.xml: a message of a colibri.*
 * queue that failed 30 times over about two hours): counted per queue they came from, reported
 * when there are new ones (an ERROR line, and a mail to the operator when
 * {@code operatorEmail} is set in etc/io.colibri.alerts.cfg), kept, and sent back to their queue
 * on request ({@code colibri:dead-letters --retry}). Nothing reads them otherwise: they are never
 * lost, and never processed without an operator's decision.
 */
public final class DeadLetters {
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);
    public static final String QUEUE = "colibri.dead";
    /** Where Artemis notes the address a dead letter was sent to. */
    static final String ORIGINAL_ADDRESS = "_AMQ_ORIG_ADDRESS";
    /** The broker id a message had before it was sent back from colibri.dead. */
    public static final String ORIGINAL_ID = "colibriOriginalId";

    /** The dead letters that came from one queue. */
    public record Count(String queue, int count, Instant oldest) {
        @Override
        public String toString() {
            return queue + ": " + count + " (oldest sent " + oldest + ")";
        }
    }

    private final ConnectionFactory connectionFactory;
    private final String operatorEmail;
    private int reported;

    /** @param operatorEmail where new dead letters are reported by mail; empty: in the log only */
    public DeadLetters(ConnectionFactory connectionFactory, String operatorEmail) {
        this.connectionFactory = connectionFactory;
        this.operatorEmail = operatorEmail == null ? "" : operatorEmail.trim();
    }

    /** The dead letters, per queue they came from (browsed: they stay where they are). */
    public List<Count> counts() throws JMSException {
        Map<String, int[]> counts = new TreeMap<>();
        Map<String, Long> oldest = new TreeMap<>();
        try (Connection c = connectionFactory.createConnection()) {
            c.start();
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            try (QueueBrowser browser = s.createBrowser(s.createQueue(QUEUE))) {
                Enumeration<?> e = browser.getEnumeration();
                while (e.hasMoreElements()) {
                    Message m = (Message) e.nextElement();
                    String from = origin(m);
                    counts.computeIfAbsent(from, k -> new int[1])[0]++;
                    oldest.merge(from, m.getJMSTimestamp(), Math::min);
                }
            } catch (InvalidDestinationException none) {
                // No message was ever dead-lettered: the queue does not exist yet.
            }
        }
        List<Count> out = new ArrayList<>();
        counts.forEach((q, n) -> out.add(new Count(q, n[0], Instant.ofEpochMilli(oldest.get(q)))));
        return out;
    }

    /** One dead letter as an operator sees it: its broker id, the queue it came from, when it was first sent, a glimpse of it. */
    public record Letter(String id, String queue, Instant sentAt, String preview) {
    }

    /** A dead letter's broker id ({@code ID:} and hexadecimal digits and dashes): nothing else reaches a selector. */
    private static final java.util.regex.Pattern ID = java.util.regex.Pattern.compile("ID:[0-9A-Fa-f-]{1,100}");

    /** The first {@code limit} dead letters, oldest first (browsed: they stay where they are). */
    public List<Letter> list(int limit) throws JMSException {
        List<Letter> out = new ArrayList<>();
        try (Connection c = connectionFactory.createConnection()) {
            c.start();
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            try (QueueBrowser browser = s.createBrowser(s.createQueue(QUEUE))) {
                Enumeration<?> e = browser.getEnumeration();
                while (e.hasMoreElements() && out.size() < limit) {
                    Message m = (Message) e.nextElement();
                    out.add(new Letter(m.getJMSMessageID(), origin(m), Instant.ofEpochMilli(m.getJMSTimestamp()), preview(m)));
                }
            } catch (InvalidDestinationException none) {
                // none ever
            }
        }
        return out;
    }

    /** What an operator may see of a dead letter's body: its first 200 characters of text, or its kind and size. */
    private static String preview(Message m) throws JMSException {
        if (m instanceof jakarta.jms.TextMessage t && t.getText() != null) {
            String text = t.getText();
            return text.length() > 200 ? text.substring(0, 200) + "…" : text;
        }
        if (m instanceof jakarta.jms.BytesMessage b) {
            return b.getBodyLength() + " bytes";
        }
        return m.getClass().getSimpleName();
    }

    /** Sends the dead letter with this broker id back to its queue, as {@link #retry} does; false when there is none. */
    public boolean retryOne(String id) throws JMSException {
        return takeOne(id, true);
    }

    /**
     * Removes the dead letter with this broker id for good (an operator decided it must not be
     * processed: a message for an account closed since, a malformed one); logged with its origin.
     * False when there is none.
     */
    public boolean discard(String id) throws JMSException {
        return takeOne(id, false);
    }

    private boolean takeOne(String id, boolean back) throws JMSException {
        if (id == null || !ID.matcher(id).matches()) {
            return false;
        }
        try (Connection c = connectionFactory.createConnection()) {
            c.start();
            Session s = c.createSession(true, Session.SESSION_TRANSACTED);
            try (MessageConsumer consumer = s.createConsumer(s.createQueue(QUEUE), "JMSMessageID = '" + id + "'");
                 MessageProducer producer = s.createProducer(null)) {
                Message m = consumer.receive(1000);
                if (m == null) {
                    return false;
                }
                String to = origin(m);
                if (back) {
                    if (to.equals("?")) {
                        s.rollback();
                        throw new IllegalStateException("a dead letter with no original queue: left in " + QUEUE);
                    }
                    producer.send(s.createQueue(to), again(m));
                }
                s.commit();
                LOG.warn("dead letter {} from {} {}", id, to, back ? "sent back to its queue" : "discarded by an operator");
            } catch (InvalidDestinationException none) {
                return false;
            }
        }
        synchronized (this) {
            reported = Math.max(0, reported - 1);
        }
        return true;
    }

    /**
     * Called by the dead-letters route: when there are more dead letters than last reported, an
     * ERROR line says how many from which queue, and a mail goes to the operator if one is set.
     * Fewer (retried) lowers the mark silently.
     */
    public synchronized List<MailWatch.Outgoing> check() throws JMSException {
        List<Count> counts = counts();
        int total = counts.stream().mapToInt(Count::count).sum();
        List<MailWatch.Outgoing> mails = new ArrayList<>();
        if (total > reported) {
            LOG.error("{} message(s) in {} ({} new): {}. They are kept; once the cause is fixed, send them back with"
                    + " colibri:dead-letters --retry", total, QUEUE, total - reported, counts);
            if (!operatorEmail.isEmpty()) {
                StringBuilder body = new StringBuilder("Colibri: " + total + " message(s) could not be processed and wait in "
                        + QUEUE + ".\n\n");
                counts.forEach(c -> body.append("  ").append(c).append('\n'));
                body.append("\nSee data/log/karaf.log for the cause. Once it is fixed, send them back to their queue with\n"
                        + "  bin/client \"colibri:dead-letters --retry\"\n");
                mails.add(new MailWatch.Outgoing(operatorEmail, "Colibri: " + total + " dead letter(s)", body.toString()));
            }
        }
        reported = total;
        return mails;
    }

    /**
     * Sends the dead letters back to the queue each came from (only those from {@code queue}
     * when given), each moved in one JMS transaction: taken from colibri.dead only with its copy
     * sent. Returns how many were moved.
     */
    public int retry(String queue) throws JMSException {
        int moved = 0;
        try (Connection c = connectionFactory.createConnection()) {
            c.start();
            Session s = c.createSession(true, Session.SESSION_TRANSACTED);
            String selector = queue == null || queue.isBlank() ? null : ORIGINAL_ADDRESS + " = '" + queue.replace("'", "''") + "'";
            try (MessageConsumer consumer = s.createConsumer(s.createQueue(QUEUE), selector);
                 MessageProducer producer = s.createProducer(null)) {
                for (Message m = consumer.receive(1000); m != null; m = consumer.receive(1000)) {
                    String to = origin(m);
                    if (to.equals("?")) {
                        s.rollback();
                        throw new IllegalStateException("a dead letter with no original queue: left in " + QUEUE);
                    }
                    Queue target = s.createQueue(to);
                    producer.send(target, again(m));
                    s.commit();
                    moved++;
                }
            } catch (InvalidDestinationException none) {
                return 0;
            }
        }
        if (moved > 0) {
            LOG.warn("{} dead letter(s) sent back to their queue{}", moved, queue == null || queue.isBlank() ? "" : " " + queue);
        }
        synchronized (this) {
            reported = Math.max(0, reported - moved);
        }
        return moved;
    }

    /**
     * The dead letter as it goes back: its properties as they were (the broker's own left out),
     * and its first broker id in {@value #ORIGINAL_ID}, since sending gives it a new one and a
     * consumer may key on it (a reply is recorded once by that id: {@code ReplyActions.record}).
     */
    static Message again(Message m) throws JMSException {
        Map<String, Object> properties = new java.util.HashMap<>();
        for (Enumeration<?> names = m.getPropertyNames(); names.hasMoreElements(); ) {
            String name = (String) names.nextElement();
            if (!name.startsWith("_AMQ") && !name.startsWith("JMSX")) {
                properties.put(name, m.getObjectProperty(name));
            }
        }
        if (!properties.containsKey(ORIGINAL_ID)) {
            properties.put(ORIGINAL_ID, m.getJMSMessageID());
        }
        m.clearProperties();
        for (Map.Entry<String, Object> p : properties.entrySet()) {
            m.setObjectProperty(p.getKey(), p.getValue());
        }
        return m;
    }

    private static String origin(Message m) throws JMSException {
        String from = m.getStringProperty(ORIGINAL_ADDRESS);
        return from == null ? "?" : from;
    }
}
