package io.colibri.gateway.broker;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.DefaultConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes a queue in batches (see {@link BatchJms}): each thread has its own connection and
 * transacted session, waits for one message, then takes whatever else is already queued (no
 * timer: a lone message leaves at once, a crowd leaves together), up to the batch size.
 */
final class BatchConsumer extends DefaultConsumer {
    private static final Logger LOG = LoggerFactory.getLogger(BatchConsumer.class);

    private final BatchJms.QueueEndpoint endpoint;
    private final ConnectionFactory factory;
    private final String user;
    private final String password;
    private ExecutorService threads;
    private volatile boolean running;

    BatchConsumer(BatchJms.QueueEndpoint endpoint, Processor processor, ConnectionFactory factory, String user, String password) {
        super(endpoint, processor);
        this.endpoint = endpoint;
        this.factory = factory;
        this.user = user;
        this.password = password;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        // Fail the start when the broker cannot be reached, as camel-jms does: the route supervisor retries.
        try (Connection probe = connect()) {
            probe.createSession(true, Session.SESSION_TRANSACTED).close();
        }
        running = true;
        threads = getEndpoint().getCamelContext().getExecutorServiceManager()
                .newFixedThreadPool(this, "BatchJms[" + endpoint.queue + "]", endpoint.consumers);
        for (int i = 0; i < endpoint.consumers; i++) {
            threads.submit(this::loop);
        }
    }

    @Override
    protected void doStop() throws Exception {
        running = false;
        if (threads != null) {
            getEndpoint().getCamelContext().getExecutorServiceManager().shutdownGraceful(threads, 10_000);
            threads = null;
        }
        super.doStop();
    }

    private Connection connect() throws JMSException {
        Connection c = user == null ? factory.createConnection() : factory.createConnection(user, password);
        c.start();
        return c;
    }

    private void loop() {
        long backOff = 1000;
        boolean failing = false;
        while (running) {
            try (Connection connection = connect()) {
                Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
                MessageConsumer consumer = session.createConsumer(session.createQueue(endpoint.queue));
                GroupSender.Sends sends = new GroupSender.Sends(session);
                if (failing) {
                    LOG.info("consuming {} again", endpoint.queue);
                    failing = false;
                }
                backOff = 1000;
                while (running) {
                    Message first = consumer.receive(endpoint.receiveTimeout);
                    if (first == null) {
                        continue;
                    }
                    List<Queued> batch = new ArrayList<>();
                    batch.add(queued(first));
                    // A message delivered again first goes alone: if it is what failed, it fails alone.
                    // (A JMS session acknowledges all it received: one cannot be put back once taken.)
                    if (deliveryCount(first) == 1) {
                        Message m;
                        while (batch.size() < endpoint.size && (m = consumer.receiveNoWait()) != null) {
                            batch.add(queued(m));
                        }
                    }
                    process(session, sends, batch);
                }
            } catch (JMSException | RuntimeException e) {
                if (!running) {
                    break;
                }
                if (!failing) {
                    LOG.warn("cannot consume {} ({}); trying again", endpoint.queue, e.toString());
                    failing = true;
                }
                try {
                    TimeUnit.MILLISECONDS.sleep(backOff);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    break;
                }
                backOff = Math.min(30_000, backOff * 2);
            }
        }
    }

    private void process(Session session, GroupSender.Sends sends, List<Queued> batch) throws JMSException {
        Exchange exchange = createExchange(false);
        exchange.getIn().setBody(batch);
        exchange.setProperty(BrokerBatch.PROPERTY, new BrokerBatch(sends));
        try {
            getProcessor().process(exchange);
        } catch (Exception e) {
            exchange.setException(e);
        }
        try {
            if (exchange.getException() != null || exchange.isRollbackOnly()) {
                session.rollback();
                if (exchange.getException() != null) {
                    getExceptionHandler().handleException("batch of " + batch.size() + " from " + endpoint.queue
                            + " rolled back, the broker delivers it again later", exchange, exchange.getException());
                }
            } else {
                session.commit();
            }
        } finally {
            releaseExchange(exchange, false);
        }
    }

    private static int deliveryCount(Message m) throws JMSException {
        return m.propertyExists("JMSXDeliveryCount") ? m.getIntProperty("JMSXDeliveryCount") : 1;
    }

    private static Queued queued(Message m) throws JMSException {
        Object body;
        if (m instanceof TextMessage t) {
            body = t.getText();
        } else if (m instanceof MapMessage mm) {
            Map<String, Object> map = new HashMap<>();
            for (Enumeration<?> names = mm.getMapNames(); names.hasMoreElements(); ) {
                String name = (String) names.nextElement();
                map.put(name, mm.getObject(name));
            }
            body = map;
        } else {
            body = m.getBody(Object.class);
        }
        return new Queued(body, deliveryCount(m), m.getJMSMessageID());
    }
}
