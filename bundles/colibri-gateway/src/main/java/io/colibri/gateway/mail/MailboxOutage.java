package io.colibri.gateway.mail;

import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.spi.ExceptionHandler;
import org.apache.camel.spi.PollingConsumerPollStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mailbox being unreachable or refusing the login is logged once when it starts and once when
 * it ends, not at every poll; the consumer keeps polling at its pace, and nothing is read, so
 * nothing is lost. The log names the cause, never the password.
 */
public final class MailboxOutage implements PollingConsumerPollStrategy, ExceptionHandler {
    private static final Logger LOG = LoggerFactory.getLogger(MailboxOutage.class);
    private volatile boolean down;
    private volatile long failedPolls;
    private volatile int outages;

    @Override
    public boolean begin(Consumer consumer, Endpoint endpoint) {
        return true;
    }

    @Override
    public void commit(Consumer consumer, Endpoint endpoint, int polledMessages) {
        if (down) {
            LOG.info("mailbox reachable again after {} failed poll(s)", failedPolls);
            down = false;
            failedPolls = 0;
        }
    }

    @Override
    public boolean rollback(Consumer consumer, Endpoint endpoint, int retryCounter, Exception cause) {
        failedPolls++;
        if (!down) {
            down = true;
            outages++;
            Throwable root = cause;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            LOG.warn("mailbox unreachable or login refused ({}: {}); retried at every poll, logged again when it is back",
                    root.getClass().getSimpleName(), root.getMessage());
        }
        return false;
    }

    /** Whether the last poll failed. */
    public boolean down() {
        return down;
    }

    /** How many outages were logged since the start. */
    public int outages() {
        return outages;
    }

    /** How many polls failed in the current outage. */
    public long failedPolls() {
        return failedPolls;
    }

    // As the consumer's exception handler: a failed poll was logged by rollback, once per outage;
    // anything else the consumer meets is logged as it comes.

    @Override
    public void handleException(Throwable exception) {
        handleException(null, null, exception);
    }

    @Override
    public void handleException(String message, Throwable exception) {
        handleException(message, null, exception);
    }

    @Override
    public void handleException(String message, Exchange exchange, Throwable exception) {
        if (down) {
            LOG.debug("{}: {}", message, exception.toString());
        } else {
            LOG.warn("{}: {}", message == null ? "mail consumer" : message, exception.toString());
        }
    }
}
