package io.colibri.gateway.route;

import io.colibri.gateway.message.Messages;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;

/**
 * Bean of the schedule route: deferred sends (HTTP-1 {@code diff}) and landline messages held
 * until 08:00 (OPT-10) live in the database as SCHEDULED, so they survive a restart; when due,
 * each becomes ACCEPTED and goes on its connector's queue, where the outbound route's claim
 * keeps it from leaving twice.
 */
public final class Schedule {
    /** Most messages taken per round; the next round takes the rest at once. */
    static final int BATCH = 500;

    private final Messages messages;
    private final Clock clock;

    public Schedule(Messages messages, Clock clock) {
        this.messages = messages;
        this.clock = clock;
    }

    /** The messages whose time has come, now ACCEPTED, as {id, connector}. */
    public List<Map<String, Object>> due() {
        return QueueEntry.of(messages.due(clock.instant(), BATCH));
    }

    /** The broker refused: the round's messages wait for the next one (one queued already is sent once). */
    @SuppressWarnings("unchecked")
    public void unqueued(Exchange exchange) {
        List<Map<String, Object>> round = exchange.getProperty("due", List.class);
        if (round != null) {
            messages.unqueued(round.stream().map(m -> Long.parseLong((String) m.get("id"))).toList());
        }
    }
}
