package io.colibri.gateway.route;

import io.colibri.gateway.message.Messages;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a start finds left by the previous run (bean of the recovery route). Created when the
 * gateway is configured, before any route consumes: its start time separates the previous
 * run's messages from this one's.
 */
public final class Recovery {
    private static final Logger LOG = LoggerFactory.getLogger(Recovery.class);

    private final Messages messages;
    private final OffsetDateTime start = OffsetDateTime.now();

    public Recovery(Messages messages) {
        this.messages = messages;
    }

    /**
     * Fails and refunds the messages interrupted mid-submission, and returns those accepted before
     * this start, as {id, connector}, to be queued again: a crash may have come between their debit
     * and their queue send. One already queued is still sent once (the outbound route claims it).
     */
    public List<Map<String, Object>> afterStart() {
        int interrupted = messages.failInterrupted(start);
        List<Map<String, Object>> waiting = QueueEntry.of(messages.acceptedBefore(start));
        if (interrupted > 0 || !waiting.isEmpty()) {
            LOG.info("recovery: {} message(s) interrupted mid-submission failed and refunded, {} accepted message(s) queued again",
                    interrupted, waiting.size());
        }
        return waiting;
    }
}
