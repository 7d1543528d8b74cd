package io.colibri.gateway.route;

import java.util.List;
import java.util.Map;

/**
 * A message id to put on its connector's queue, as the routes read it ({@code ${body[id]}},
 * {@code ${body[connector]}}): what recovery, the schedule and the receipts (normal+flash) hand
 * to their route's queue step.
 */
final class QueueEntry {
    private QueueEntry() {
    }

    static Map<String, Object> of(long id, Object connector) {
        return Map.of("id", String.valueOf(id), "connector", connector);
    }

    /** From {id, connector} rows as {@link io.colibri.gateway.message.Messages} returns them. */
    static List<Map<String, Object>> of(List<Object[]> rows) {
        return rows.stream().map(row -> of(((Number) row[0]).longValue(), row[1])).toList();
    }
}
