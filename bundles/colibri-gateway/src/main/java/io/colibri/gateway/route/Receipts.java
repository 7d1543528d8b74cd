package io.colibri.gateway.route;

import io.colibri.domain.Gsm7;
import io.colibri.domain.SmscCharset;
import io.colibri.domain.PhoneNumber;
import io.colibri.gateway.contact.Groups;
import io.colibri.gateway.message.Messages;
import io.colibri.gateway.store.Database;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.util.HashMap;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.apache.camel.component.smpp.SmppConstants;

/** Bean of the receipt routes: a deliver_sm receipt becomes a part's and a message's status (SMPP-3). */
public final class Receipts {
    private static final Logger LOG = LoggerFactory.getLogger(Receipts.class);

    /** Thrown when a receipt matches no part yet: the queue redelivers it a little later. */
    public static final class UnmatchedReceipt extends RuntimeException {
        public UnmatchedReceipt(String smscId) {
            super("no part with smsc id " + smscId + " yet");
        }
    }

    /** Deliveries of a receipt before it is given up as unmatched (about 30 s with the broker's back-off). */
    static final int ATTEMPTS = 6;

    /** The group bad numbers are moved into (OPT-1). */
    public static final String BAD_NUMBERS = "Mauvais numéros";

    private final Database db;
    private final Messages messages;
    private final Groups groups;
    private final Map<String, SmscCharset> charsets;
    private final Set<String> badNumberErrors;

    /** @param badNumberErrors the receipt error codes that say the number does not exist (etc/io.colibri.receipts.cfg) */
    public Receipts(Database db, Messages messages, Groups groups, Map<String, SmscCharset> charsets, Set<String> badNumberErrors) {
        this.db = db;
        this.messages = messages;
        this.groups = groups;
        this.charsets = Map.copyOf(charsets);
        this.badNumberErrors = badNumberErrors.stream().map(e -> e.strip().toUpperCase(java.util.Locale.ROOT))
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    /**
     * The text of a reply (MO). camel-smpp decodes data coding 0 as Latin-1, which keeps every
     * byte; a connector whose SMSC sends the GSM 03.38 default alphabet (the default) gets those
     * bytes read as GSM. UCS-2 and the other codings are decoded by camel-smpp already.
     */
    public String replyText(Exchange exchange, String connector) {
        var msg = exchange.getMessage();
        Object body = msg.getBody();
        Byte dataCoding = msg.getHeader(SmppConstants.DATA_CODING, Byte.class);
        String text = body instanceof byte[] b ? new String(b, java.nio.charset.StandardCharsets.ISO_8859_1) : msg.getBody(String.class);
        if (text == null) {
            return "";
        }
        int dc = dataCoding == null ? 0 : dataCoding & 0xFF;
        // 0: the SMSC's default alphabet; 0x10-0x13 and 0xF0-0xF3: a message class with the GSM 7-bit alphabet.
        boolean defaultAlphabet = dc == 0 || (dc & 0xEC) == 0x10 || (dc & 0xFC) == 0xF0;
        if (defaultAlphabet && charsets.getOrDefault(connector, SmscCharset.GSM) == SmscCharset.GSM) {
            return Gsm7.decode(text.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        }
        return text;
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
        Messages.ReceiptOutcome outcome = db.tx(em -> {
            Messages.ReceiptOutcome o = messages.receipt(connector, smscId, stat, error == null || error.isEmpty() ? null : error);
            if (o.undeliverable() && badNumberErrors.contains(o.error().strip().toUpperCase(java.util.Locale.ROOT))) {
                // OPT-1, in the receipt's transaction: the number does not exist; out of the account's groups.
                PhoneNumber.parse(o.recipient()).ifPresent(n -> {
                    int left = groups.moveTo(o.accountId(), BAD_NUMBERS, n);
                    LOG.info("account={} to={} does not exist (err:{}): moved into \"{}\" out of {} group(s)", o.accountId(),
                            n.masked(), o.error(), BAD_NUMBERS, left);
                });
            }
            return o;
        });
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
