package io.colibri.gateway.route;

import io.colibri.domain.AccountOptions;
import io.colibri.domain.PhoneNumber;
import io.colibri.domain.SmsParts;
import io.colibri.domain.SmscCharset;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import io.colibri.gateway.message.Messages;
import java.util.List;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.apache.camel.component.smpp.SmppConstants;
import org.jsmpp.extra.NegativeResponseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Bean of the SMPP outbound routes: a queued message id in, a submit_sm out, the SMSC ids recorded. */
public final class Outbound {
    private static final Logger LOG = LoggerFactory.getLogger(Outbound.class);
    public static final String MESSAGE_ID = "colibriMessageId";
    public static final String ALREADY_SENT = "colibriAlreadySent";

    private final Messages messages;
    private final Map<String, SmscCharset> charsets;

    /** @param charsets how each connector's SMSC reads data_coding 0 (connector key {@code charset}) */
    public Outbound(Messages messages, Map<String, SmscCharset> charsets) {
        this.messages = messages;
        this.charsets = Map.copyOf(charsets);
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
        SmsParts parts = SmsParts.of(m.text(), charsets.getOrDefault(m.connector(), SmscCharset.GSM));
        if (parts.count() != m.parts() || !parts.encoding().name().equals(m.encoding())) {
            // Only when the connector's charset was changed between pricing and sending.
            LOG.warn("message={} billed {} {} part(s), sent as {} {} part(s): connector charset changed",
                    id, m.parts(), m.encoding(), parts.count(), parts.encoding());
        }
        boolean flash = AccountOptions.Format.FLASH.name().equals(m.format());
        msg.setHeader(SmppConstants.DATA_CODING, parts.dataCoding(flash));
        PreparedParts prepared = new PreparedParts(parts.segments((int) (id & 0xFF)));
        msg.setHeader(SmppConstants.DATA_SPLITTER, prepared);
        msg.setHeader(SmppConstants.ENCODING, StandardCharsets.ISO_8859_1.name());
        msg.setHeader(SmppConstants.VALIDITY_PERIOD, validityPeriod(m.validityMinutes()));
        msg.setBody(prepared.carrier());
    }

    /** SMPP relative time {@code YYMMDDhhmmss000R}. */
    static String validityPeriod(int minutes) {
        int days = minutes / (24 * 60);
        int hours = minutes / 60 % 24;
        int mins = minutes % 60;
        return String.format("0000%02d%02d%02d00000R", days, hours, mins);
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

    /**
     * SMPP command statuses an ESME should retry later: the SMSC is busy, not the message wrong
     * (throttled, message queue full, system error, submit failed, temporary app error).
     */
    static final java.util.Set<Integer> TEMPORARY = java.util.Set.of(0x58, 0x14, 0x08, 0x45, 0x64);

    /**
     * The SMSC refused the message (a negative submit_sm_resp). A temporary refusal rolls the JMS
     * transaction back: the message waits on its queue and the broker redelivers it later. A
     * permanent one makes it FAILED with the SMSC's error code, and the credit comes back.
     */
    public void refused(Exchange exchange) {
        long id = exchange.getProperty(MESSAGE_ID, Long.class);
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        int status = commandStatus(cause);
        if (TEMPORARY.contains(status)) {
            messages.release(id);
            LOG.warn("message={} refused for now by the SMSC (status 0x{}), retried later", id, Integer.toHexString(status));
            exchange.setRollbackOnly(true);
            return;
        }
        messages.failed(id, "refused by SMSC: error 0x" + (status < 0 ? "?" : String.format("%02X", status)));
    }

    private static int commandStatus(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof NegativeResponseException n) {
                return n.getCommandStatus();
            }
        }
        return -1;
    }
}
