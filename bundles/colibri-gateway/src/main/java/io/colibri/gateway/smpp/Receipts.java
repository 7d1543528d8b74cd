package io.colibri.gateway.smpp;

import io.colibri.domain.PhoneNumber;
import io.colibri.gateway.contact.Groups;
import io.colibri.gateway.broker.BrokerBatch;
import io.colibri.gateway.broker.Queued;
import io.colibri.gateway.message.Deliveries;
import java.util.ArrayList;
import java.util.List;
import io.colibri.gateway.store.Database;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.util.HashMap;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.component.smpp.SmppConstants;

/** Bean of the receipt routes: a deliver_sm receipt becomes a part's and a message's status (SMPP-3). */
public final class Receipts {
    private static final Logger LOG = LoggerFactory.getLogger(Receipts.class);

    /** Tries of a receipt that matches no part, 5 s apart, before it is kept aside as unmatched. */
    static final int ATTEMPTS = 6;
    static final long RETRY_MILLIS = 5000;
    /** Longest wait for the record of a part the SMSC has taken (its receipt came first). */
    static final long RECORD_WAIT_MILLIS = 10_000;
    public static final String QUEUE = "colibri.receipts";

    /** The group bad numbers are moved into (OPT-1). */
    public static final String BAD_NUMBERS = "Mauvais numéros";

    private final Database db;
    private final Deliveries deliveries;
    private final Groups groups;
    private final Set<String> badNumberErrors;
    private final SubmitRecords inFlight;

    /** @param badNumberErrors the receipt error codes that say the number does not exist (etc/io.colibri.receipts.cfg) */
    private final io.colibri.gateway.metrics.Meters meters;

    public Receipts(Database db, Deliveries deliveries, Groups groups, Set<String> badNumberErrors, SubmitRecords inFlight) {
        this(db, deliveries, groups, badNumberErrors, inFlight, new io.colibri.gateway.metrics.Meters());
    }

    /** @param meters where messages delivered and undeliverable are counted, by connector (the metrics flow's) */
    public Receipts(Database db, Deliveries deliveries, Groups groups, Set<String> badNumberErrors, SubmitRecords inFlight,
                    io.colibri.gateway.metrics.Meters meters) {
        this.meters = meters;
        this.db = db;
        this.deliveries = deliveries;
        this.groups = groups;
        this.badNumberErrors = badNumberErrors.stream().map(e -> e.strip().toUpperCase(java.util.Locale.ROOT))
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
        this.inFlight = inFlight;
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
     * Applies a batch of receipts in one transaction, bad numbers (OPT-1) moved in it too. A
     * receipt whose part the SMSC has taken but whose record is still under way waits for it; one
     * that matches no part goes back on the queue to be tried again 5 s later, {@value #ATTEMPTS}
     * times, then is kept aside (counted and logged), never silently dropped.
     */
    public void record(List<Queued> batch, Exchange exchange) throws InterruptedException {
        List<Deliveries.Receipt> receipts = new ArrayList<>(batch.size());
        Map<Deliveries.Receipt, Integer> attempts = new HashMap<>();
        for (Queued q : batch) {
            Map<String, Object> m = q.map();
            String error = (String) m.get("error");
            Deliveries.Receipt r = new Deliveries.Receipt((String) m.get("connector"), (String) m.get("smscId"), (String) m.get("stat"),
                    error == null || error.isEmpty() ? null : error);
            receipts.add(r);
            Object attempt = m.get("attempt");
            attempts.put(r, attempt == null ? 1 : ((Number) attempt).intValue());
        }
        for (Deliveries.Receipt r : receipts) {
            inFlight.awaitRecord(r.connector(), r.smscId(), RECORD_WAIT_MILLIS);
        }
        List<Deliveries.Applied> applied = db.tx(em -> {
            List<Deliveries.Applied> a = deliveries.apply(receipts);
            for (Deliveries.Applied o : a) {
                if (o.undeliverable() && badNumberErrors.contains(o.error().strip().toUpperCase(java.util.Locale.ROOT))) {
                    // OPT-1, in the receipts' transaction: the number does not exist; out of the account's groups.
                    PhoneNumber.parse(o.recipient()).ifPresent(n -> {
                        int left = groups.moveTo(o.accountId(), BAD_NUMBERS, n);
                        LOG.info("account={} to={} does not exist (err:{}): moved into \"{}\" out of {} group(s)", o.accountId(),
                                n.masked(), o.error(), BAD_NUMBERS, left);
                    });
                }
            }
            return a;
        });
        deliveries.committed();
        for (Deliveries.Applied a : applied) {
            if (a.became() != null) {
                io.colibri.gateway.metrics.Meters.Connector c = meters.connector(a.receipt().connector());
                if (a.became() == io.colibri.gateway.store.Sms.Status.DELIVERED) {
                    c.delivered(a.sinceSubmitted());
                } else {
                    c.undeliverable(a.sinceSubmitted());
                }
            }
        }
        List<Deliveries.Receipt> kept = new ArrayList<>();
        for (Deliveries.Applied a : applied) {
            if (a.matched()) {
                continue;
            }
            int attempt = attempts.get(a.receipt());
            if (attempt < ATTEMPTS) {
                Map<String, Object> again = new HashMap<>();
                again.put("connector", a.receipt().connector());
                again.put("smscId", a.receipt().smscId());
                again.put("stat", a.receipt().stat());
                again.put("error", a.receipt().error() == null ? "" : a.receipt().error());
                again.put("attempt", attempt + 1);
                BrokerBatch.of(exchange).send(QUEUE, again, RETRY_MILLIS);
            } else {
                kept.add(a.receipt());
            }
        }
        deliveries.keepUnmatched(kept);
    }
}
