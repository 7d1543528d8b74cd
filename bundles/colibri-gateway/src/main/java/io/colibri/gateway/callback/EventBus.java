package io.colibri.gateway.callback;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Where the events of an account whose callback target is the broker ({@code bus:colibri.events},
 * docs/bus.md) go instead of an HTTP POST: the broker entry's publisher (bus/BusEvents). A round's
 * events are published together, in one broker transaction, or not at all (then tried again as a
 * failed POST would be).
 */
public interface EventBus {
    /** An event, the address it goes to and its signature (the HMAC a POST would carry). */
    record Outgoing(Callbacks.Event event, String address, String signature) {
    }

    /** Publishes them without holding the caller (a broker whose disk is full blocks its producers): done once committed. */
    CompletionStage<Void> publish(List<Outgoing> events);
}
