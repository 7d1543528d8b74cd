package io.colibri.gateway.broker;

import java.util.Map;

/**
 * One message taken from a queue in a batch: its body (a text, or a map of plain values), how
 * many times the broker has delivered it (1 the first time) and its broker id.
 */
public record Queued(Object body, int deliveryCount, String messageId) {
    public String text() {
        return (String) body;
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> map() {
        return (Map<String, Object>) body;
    }
}
