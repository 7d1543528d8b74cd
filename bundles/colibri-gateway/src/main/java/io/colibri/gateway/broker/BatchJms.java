package io.colibri.gateway.broker;

import jakarta.jms.ConnectionFactory;
import java.util.Map;
import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultComponent;
import org.apache.camel.support.DefaultEndpoint;
import org.apache.camel.support.DefaultProducer;

/**
 * The {@code batchjms:} component: queues of the broker read and written in batches, for the flows
 * where the work is many small messages (messages to submit, receipts).
 * <ul>
 * <li>{@code from: batchjms:<queue>?size=500&consumers=1} takes whatever is queued, up to
 * {@code size} messages, in one JMS transaction, and hands the route one exchange whose body is
 * the {@code List<}{@link Queued}{@code >}; the transaction commits when the route succeeds, and
 * rolls back (the broker redelivers them later) when it fails. A message delivered again comes
 * alone, so one that keeps failing cannot hold back others. The route can send more messages in
 * the same transaction through the exchange's {@link BrokerBatch}.</li>
 * <li>{@code to: batchjms:<queue>} puts the body (a text, a map, or a list of them) on the queue by
 * group commit ({@link GroupSender}) and returns once it is safely there.</li>
 * </ul>
 */
public final class BatchJms extends DefaultComponent {
    private final ConnectionFactory factory;
    private final String user;
    private final String password;
    private final GroupSender sender;

    public BatchJms(ConnectionFactory factory, String user, String password, GroupSender sender) {
        this.factory = factory;
        this.user = user;
        this.password = password;
        this.sender = sender;
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        int size = getAndRemoveParameter(parameters, "size", Integer.class, 500);
        int consumers = getAndRemoveParameter(parameters, "consumers", Integer.class, 1);
        long receiveTimeout = getAndRemoveParameter(parameters, "receiveTimeout", Long.class, 1000L);
        String queue = remaining.startsWith("queue:") ? remaining.substring("queue:".length()) : remaining;
        return new QueueEndpoint(uri, this, queue, size, consumers, receiveTimeout);
    }

    /** One queue of the broker. */
    final class QueueEndpoint extends DefaultEndpoint {
        final String queue;
        final int size;
        final int consumers;
        final long receiveTimeout;

        QueueEndpoint(String uri, BatchJms component, String queue, int size, int consumers, long receiveTimeout) {
            super(uri, component);
            this.queue = queue;
            this.size = size;
            this.consumers = consumers;
            this.receiveTimeout = receiveTimeout;
        }

        @Override
        public Producer createProducer() {
            return new DefaultProducer(this) {
                @Override
                public void process(Exchange exchange) throws Exception {
                    Object body = exchange.getMessage().getBody();
                    java.util.List<GroupSender.Outgoing> out = new java.util.ArrayList<>();
                    if (body instanceof java.util.List<?> list) {
                        list.forEach(b -> out.add(GroupSender.Outgoing.of(queue, b)));
                    } else {
                        out.add(GroupSender.Outgoing.of(queue, body));
                    }
                    sender.sendAndWait(out);
                }
            };
        }

        @Override
        public Consumer createConsumer(Processor processor) throws Exception {
            Consumer consumer = new BatchConsumer(this, processor, factory, user, password);
            configureConsumer(consumer);
            return consumer;
        }

        @Override
        public boolean isSingleton() {
            return true;
        }
    }
}
