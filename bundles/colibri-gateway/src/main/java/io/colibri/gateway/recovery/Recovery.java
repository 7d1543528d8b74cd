package io.colibri.gateway.recovery;

import io.colibri.gateway.message.Submissions;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a start finds left by the previous run (bean of the recovery route). Created when the
 * gateway is configured, before any route consumes: its start time separates the previous run's
 * messages from this one's. Messages recorded but never queued need nothing here: the dispatch
 * route queues every such message, whenever it was recorded.
 */
public final class Recovery {
    private static final Logger LOG = LoggerFactory.getLogger(Recovery.class);

    private final Submissions submissions;
    private final OffsetDateTime start;

    public Recovery(Submissions submissions, Clock clock) {
        this.submissions = submissions;
        this.start = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    /**
     * Fails and refunds the messages interrupted mid-submission: they may or may not have reached
     * the SMSC, and sending one twice is worse than refunding one that went. The parts of a long
     * message recorded as sent in an earlier attempt stay paid.
     */
    public int afterStart() {
        int interrupted = submissions.failInterrupted(start);
        if (interrupted > 0) {
            LOG.info("recovery: {} message(s) interrupted mid-submission failed and refunded", interrupted);
        }
        return interrupted;
    }
}
