package io.colibri.gateway.recovery;

import io.colibri.gateway.message.Submissions;
import io.colibri.gateway.node.Node;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a start finds left by the previous run, and what a dead node left (bean of the recovery
 * routes). Created when the gateway is configured, before any route consumes: its start time
 * separates this node's previous run's claims from this one's. Messages recorded but never queued
 * need nothing here: the dispatch route queues every such message, whenever it was recorded.
 */
public final class Recovery {
    private static final Logger LOG = LoggerFactory.getLogger(Recovery.class);

    private final Submissions submissions;
    private final Node node;
    private final OffsetDateTime start;
    /** Dead nodes whose claims were settled: not looked for again while they stay dead (a dead node claims nothing). */
    private final Set<String> settled = new HashSet<>();

    public Recovery(Submissions submissions, Node node, Clock clock) {
        this.submissions = submissions;
        this.node = node;
        this.start = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    /**
     * Fails and refunds the messages this node's previous run left interrupted mid-submission:
     * they may or may not have reached the SMSC, and sending one twice is worse than refunding one
     * that went. The parts of a long message recorded as sent in an earlier attempt stay paid.
     */
    public int afterStart() {
        int interrupted = submissions.failInterrupted(start);
        if (interrupted > 0) {
            LOG.info("recovery: {} message(s) interrupted mid-submission failed and refunded", interrupted);
        }
        return interrupted;
    }

    /**
     * Fails and refunds the messages dead nodes were submitting, as their own restart would have:
     * a node not heard from for its deadAfter may have sent them or not. Rows are taken with SKIP
     * LOCKED, so two live nodes sweeping at once (or the dead node restarting) settle each once.
     */
    public synchronized int sweep() {
        List<String> dead = node.dead();
        // A node seen alive again claims again: looked for again once it is dead again.
        settled.retainAll(dead);
        int failed = 0;
        for (String name : dead) {
            if (settled.contains(name)) {
                continue;
            }
            int n = submissions.failClaimsOf(name);
            settled.add(name);
            if (n > 0) {
                LOG.warn("recovery: node {} is dead (not heard from for {}): {} message(s) it was submitting failed and refunded",
                        name, node.deadAfter(), n);
            }
            failed += n;
        }
        return failed;
    }
}
