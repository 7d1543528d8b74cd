package io.colibri.gateway.broker;

import jakarta.jms.JMSException;
import org.apache.camel.Exchange;

/**
 * The JMS transaction of a batch being consumed (an exchange property of {@code batchjms:}
 * routes): what the route sends through it is committed with the batch, or not at all.
 */
public final class BrokerBatch {
    public static final String PROPERTY = "colibriBrokerBatch";

    private final GroupSender.Sends sends;

    BrokerBatch(GroupSender.Sends sends) {
        this.sends = sends;
    }

    /** The batch of this exchange. */
    public static BrokerBatch of(Exchange exchange) {
        BrokerBatch batch = exchange.getProperty(PROPERTY, BrokerBatch.class);
        if (batch == null) {
            throw new IllegalStateException("not a batchjms: exchange");
        }
        return batch;
    }

    /** Puts the body (text or map) on the queue when the batch commits, visible after {@code delayMillis}. */
    public void send(String queue, Object body, long delayMillis) {
        try {
            sends.send(new GroupSender.Outgoing(queue, body, delayMillis));
        } catch (JMSException e) {
            throw new IllegalStateException("cannot send to " + queue + ": " + e.getMessage(), e);
        }
    }
}
