package io.colibri.gateway.route;

import io.colibri.gateway.message.Messages;
import java.util.HashMap;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.apache.camel.component.smpp.SmppConstants;

/** Bean of the receipt routes: a deliver_sm receipt becomes a part's and a message's status (SMPP-3). */
public final class Receipts {

    /** Thrown when a receipt matches no part yet: the queue redelivers it a little later. */
    public static final class UnmatchedReceipt extends RuntimeException {
        public UnmatchedReceipt(String smscId) {
            super("no part with smsc id " + smscId + " yet");
        }
    }

    /** Deliveries of a receipt before it is given up as unmatched (about 30 s with the broker's back-off). */
    static final int ATTEMPTS = 6;

    private final Messages messages;

    public Receipts(Messages messages) {
        this.messages = messages;
    }

    /** The receipt as plain values, so that it crosses the broker as a map message. */
    public Map<String, Object> normalise(Exchange exchange, String connector) {
        var msg = exchange.getMessage();
        Map<String, Object> receipt = new HashMap<>();
        receipt.put("connector", connector);
        receipt.put("smscId", msg.getHeader(SmppConstants.ID, String.class));
        receipt.put("stat", String.valueOf(msg.getHeader(SmppConstants.FINAL_STATUS)));
        Object error = msg.getHeader(SmppConstants.ERROR);
        receipt.put("error", error == null ? "" : error.toString());
        return receipt;
    }

    /**
     * Applies the receipt. When no part matches yet, throws (the broker redelivers it later) until
     * it has been delivered {@link #ATTEMPTS} times; then it is counted and logged as unmatched.
     *
     * @return {id, connector} of a message to queue again (normal+flash, sent again as flash), or null
     */
    public Map<String, Object> record(Map<String, Object> receipt, @Header("JMSXDeliveryCount") Integer deliveryCount) {
        String connector = (String) receipt.get("connector");
        String smscId = (String) receipt.get("smscId");
        String stat = (String) receipt.get("stat");
        String error = (String) receipt.get("error");
        Messages.ReceiptOutcome outcome = messages.receipt(connector, smscId, stat, error == null || error.isEmpty() ? null : error);
        if (outcome.matched()) {
            return outcome.requeueId() == null ? null
                    : QueueEntry.of(outcome.requeueId(), outcome.connector());
        }
        if (deliveryCount != null && deliveryCount >= ATTEMPTS) {
            messages.unmatchedReceipt(connector, smscId, stat);
            return null;
        }
        throw new UnmatchedReceipt(smscId);
    }
}
