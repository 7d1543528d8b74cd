package io.colibri.gateway.route;

import io.colibri.domain.PhoneNumber;
import io.colibri.gateway.message.Messages;
import java.util.List;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.apache.camel.component.smpp.SmppConstants;

/** Bean of the SMPP outbound routes: a queued message id in, a submit_sm out, the SMSC ids recorded. */
public final class Outbound {
    public static final String MESSAGE_ID = "colibriMessageId";
    public static final String ALREADY_SENT = "colibriAlreadySent";

    private final Messages messages;

    public Outbound(Messages messages) {
        this.messages = messages;
    }

    /**
     * Claims the queued message and turns it into the text and SMPP headers. A message that is not
     * waiting (already sent, being sent by another consumer, failed) is marked so that the route
     * skips it: this is what keeps a message queued twice from being sent twice.
     */
    public void prepare(Exchange exchange) {
        long id = Long.parseLong(exchange.getMessage().getBody(String.class).trim());
        exchange.setProperty(MESSAGE_ID, id);
        Optional<Messages.Outbound> out = messages.claim(id);
        if (out.isEmpty()) {
            exchange.getMessage().setHeader(ALREADY_SENT, true);
            return;
        }
        Messages.Outbound m = out.get();
        var msg = exchange.getMessage();
        msg.setHeader(ALREADY_SENT, false);
        msg.setHeader(SmppConstants.DEST_ADDR, PhoneNumber.international(m.recipient()));
        msg.setHeader(SmppConstants.DEST_ADDR_TON, (byte) 1);
        msg.setHeader(SmppConstants.DEST_ADDR_NPI, (byte) 1);
        msg.setHeader(SmppConstants.REGISTERED_DELIVERY, (byte) 1);
        msg.setHeader(SmppConstants.ALPHABET, "UCS2".equals(m.encoding()) ? (byte) 8 : (byte) 0);
        msg.setBody(m.text());
    }

    /** Records the ids the SMSC gave, one per part. */
    public void submitted(Exchange exchange) {
        long id = exchange.getProperty(MESSAGE_ID, Long.class);
        Object ids = exchange.getMessage().getHeader(SmppConstants.ID);
        List<String> smscIds = ids instanceof List<?> list
                ? list.stream().map(String::valueOf).toList()
                : List.of(String.valueOf(ids));
        messages.submitted(id, smscIds);
    }

    /** The submission failed for a reason that may pass (SMSC unreachable): the message waits again. */
    public void release(Exchange exchange) {
        Long id = exchange.getProperty(MESSAGE_ID, Long.class);
        if (id != null) {
            messages.release(id);
        }
    }

    /** The SMSC refused the message (a negative submit_sm_resp): FAILED, credit refunded. */
    public void refused(Exchange exchange) {
        long id = exchange.getProperty(MESSAGE_ID, Long.class);
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        messages.failed(id, "refused by SMSC: " + (cause == null ? "unknown" : cause.getMessage()));
    }
}
