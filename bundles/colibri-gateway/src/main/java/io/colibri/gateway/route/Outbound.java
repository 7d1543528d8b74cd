package io.colibri.gateway.route;

import io.colibri.domain.AccountOptions;
import io.colibri.domain.PhoneNumber;
import io.colibri.domain.SmsParts;
import io.colibri.domain.SmscCharset;
import io.colibri.gateway.broker.BrokerBatch;
import io.colibri.gateway.broker.Queued;
import io.colibri.gateway.message.Submissions;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.camel.Exchange;
import org.apache.camel.component.smpp.SmppConstants;
import org.jsmpp.extra.NegativeResponseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bean of the SMPP outbound routes, a batch of queued message ids at a time: claimed in one
 * statement, each one's submit_sm prepared (parts as billed, data coding, validity), its outcome
 * noted, and every outcome of the batch recorded in one transaction.
 */
public final class Outbound {
    private static final Logger LOG = LoggerFactory.getLogger(Outbound.class);

    /** What became of one submit_sm (the body of each split exchange once it is done). */
    public record Attempt(Submissions.Claimed message, Kind kind, List<String> smscIds, String detail) {
        public enum Kind { SENT, REFUSED, TRY_AGAIN, UNANSWERED }
    }

    private final Submissions submissions;
    private final Map<String, SmscCharset> charsets;
    private final SubmitRecords inFlight;
    private final java.time.Clock clock;
    /** Message id → attempts so far that came to nothing (back-off of temporary failures); in memory. */
    private final Map<Long, Integer> retries = new ConcurrentHashMap<>();
    /** Connector → consecutive batches where nothing could be sent (the SMSC is down). */
    private final Map<String, Integer> outages = new ConcurrentHashMap<>();

    /** @param charsets how each connector's SMSC reads data_coding 0 (connector key {@code charset}) */
    public Outbound(Submissions submissions, Map<String, SmscCharset> charsets, SubmitRecords inFlight, java.time.Clock clock) {
        this.clock = clock;
        this.submissions = submissions;
        this.charsets = Map.copyOf(charsets);
        this.inFlight = inFlight;
    }

    /**
     * The queued ids still waiting, claimed in one statement: of two queue entries for one message
     * (a crash between queueing and marking it queued), only one is submitted.
     */
    public List<Submissions.Claimed> claim(List<Queued> batch) {
        List<Long> ids = new ArrayList<>(batch.size());
        for (Queued q : batch) {
            ids.add(Long.parseLong(q.text().trim()));
        }
        return submissions.claim(ids);
    }

    /** The submit_sm of one claimed message: the parts billed, as bytes, and its SMPP headers. */
    public void prepare(Exchange exchange) {
        Submissions.Claimed m = exchange.getMessage().getBody(Submissions.Claimed.class);
        exchange.setProperty("colibriClaimed", m);
        var msg = exchange.getMessage();
        msg.setHeader(SmppConstants.DEST_ADDR, PhoneNumber.international(m.recipient()));
        msg.setHeader(SmppConstants.DEST_ADDR_TON, (byte) 1);
        msg.setHeader(SmppConstants.DEST_ADDR_NPI, (byte) 1);
        msg.setHeader(SmppConstants.REGISTERED_DELIVERY, (byte) 1);
        SmsParts parts = SmsParts.of(m.text(), charsets.getOrDefault(m.connector(), SmscCharset.GSM));
        if (parts.count() != m.parts() || !parts.encoding().name().equals(m.encoding())) {
            // Only when the connector's charset was changed between pricing and sending.
            LOG.warn("message={} billed {} {} part(s), sent as {} {} part(s): connector charset changed",
                    m.id(), m.parts(), m.encoding(), parts.count(), parts.encoding());
        }
        boolean flash = AccountOptions.Format.FLASH.name().equals(m.format());
        msg.setHeader(SmppConstants.DATA_CODING, parts.dataCoding(flash));
        PreparedParts prepared = new PreparedParts(parts.segments((int) (m.id() & 0xFF)));
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

    /** The SMSC took it: its ids, one per part, noted as awaiting their record (a receipt may come first). */
    public Attempt sent(Exchange exchange) {
        Submissions.Claimed m = claimed(exchange);
        Object ids = exchange.getMessage().getHeader(SmppConstants.ID);
        List<String> smscIds = ids instanceof List<?> list ? list.stream().map(String::valueOf).toList() : List.of(String.valueOf(ids));
        inFlight.sent(m.connector(), smscIds);
        return new Attempt(m, Attempt.Kind.SENT, smscIds, null);
    }

    /**
     * SMPP command statuses an ESME should retry later: the SMSC is busy, not the message wrong
     * (throttled, message queue full, system error, submit failed, temporary app error).
     */
    static final java.util.Set<Integer> TEMPORARY = java.util.Set.of(0x58, 0x14, 0x08, 0x45, 0x64);

    /** A negative submit_sm_resp: temporary (tried again later) or for good (FAILED, refunded). */
    public Attempt refused(Exchange exchange) {
        Submissions.Claimed m = claimed(exchange);
        int status = commandStatus(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class));
        if (TEMPORARY.contains(status)) {
            return new Attempt(m, Attempt.Kind.TRY_AGAIN, List.of(), "refused for now by the SMSC (status 0x" + Integer.toHexString(status) + ")");
        }
        return new Attempt(m, Attempt.Kind.REFUSED, List.of(),
                "refused by SMSC: error 0x" + (status < 0 ? "?" : String.format("%02X", status)));
    }

    /**
     * No submit_sm_resp in time: the SMSC may have taken the message. Never sent again (it could
     * arrive twice): FAILED and refunded, saying so.
     */
    public Attempt unanswered(Exchange exchange) {
        return new Attempt(claimed(exchange), Attempt.Kind.UNANSWERED, List.of(),
                "no answer from the SMSC in time; may have been sent");
    }

    /** Not sent (no session, connection lost before writing): tried again later. */
    public Attempt notSent(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        return new Attempt(claimed(exchange), Attempt.Kind.TRY_AGAIN, List.of(), cause == null ? "not sent" : cause.toString());
    }

    /**
     * Records the batch's outcomes in one transaction; what must be tried again goes back on its
     * queue, later (1 s doubling to 60 s), in the batch's JMS transaction. When nothing of a batch
     * could be sent (the SMSC is down), this consumer also waits before its next batch, so that a
     * long outage does not spin through the queue.
     */
    public void record(List<Attempt> attempts, Exchange exchange) throws InterruptedException {
        List<Submissions.Sent> sent = new ArrayList<>();
        List<Submissions.Failure> failed = new ArrayList<>();
        List<Attempt> again = new ArrayList<>();
        for (Attempt a : attempts) {
            switch (a.kind()) {
                case SENT -> sent.add(new Submissions.Sent(a.message().id(), a.message().connector(), a.smscIds()));
                case REFUSED, UNANSWERED -> failed.add(new Submissions.Failure(a.message().id(), a.detail()));
                case TRY_AGAIN -> {
                    if (a.message().expiredAt(clock.instant())) {
                        // Refused for now until past its validity: given up, and its credit back, not held for ever.
                        failed.add(new Submissions.Failure(a.message().id(), "not taken by the SMSC within its validity ("
                                + a.message().validityMinutes() + " min); last: " + a.detail()));
                    } else {
                        again.add(a);
                    }
                }
            }
        }
        List<Long> againIds = again.stream().map(a -> a.message().id()).toList();
        try {
            submissions.record(sent, failed, againIds);
        } catch (RuntimeException e) {
            // The SMSC has answered: from here only the database write may be tried again, never a
            // submit_sm (a batch given back to the broker would find its messages claimed, and leave them so).
            LOG.warn("outcomes of {} submit_sm not recorded together ({}): recorded one by one", attempts.size(), e.toString());
            recordEach(sent, failed, againIds);
        } finally {
            sent.forEach(s -> inFlight.recorded(s.connector(), s.smscIds()));
        }
        for (Submissions.Sent s : sent) {
            retries.remove(s.id());
        }
        for (Submissions.Failure f : failed) {
            retries.remove(f.id());
        }
        if (!again.isEmpty()) {
            BrokerBatch batch = BrokerBatch.of(exchange);
            for (Attempt a : again) {
                int n = retries.merge(a.message().id(), 1, Integer::sum);
                long delay = Math.min(60_000, 1000L << Math.min(6, n - 1));
                batch.send(Dispatch.QUEUE_PREFIX + a.message().connector(), Long.toString(a.message().id()), delay);
            }
            LOG.warn("{} message(s) of {} not sent, tried again later: {}", again.size(), attempts.size(), again.get(0).detail());
        }
        if (!attempts.isEmpty()) {
            String connector = attempts.get(0).message().connector();
            if (again.size() == attempts.size()) {
                int n = outages.merge(connector, 1, Integer::sum);
                TimeUnit.MILLISECONDS.sleep(Math.min(30_000, 500L << Math.min(6, n - 1)));
            } else {
                outages.remove(connector);
            }
        }
    }

    /**
     * Each outcome in its own transaction, each tried until it is recorded (1 s doubling to 30 s
     * between attempts: a database outage holds this consumer, which could send nothing anyway).
     * A sent message takes back an SMSC id that the SMSC had given before on this connector.
     */
    private void recordEach(List<Submissions.Sent> sent, List<Submissions.Failure> failed, List<Long> again) throws InterruptedException {
        for (Submissions.Sent s : sent) {
            untilRecorded("message=" + s.id() + " sent as " + s.smscIds(), () -> submissions.recordAlone(s));
        }
        for (Submissions.Failure f : failed) {
            untilRecorded("message=" + f.id() + " failed", () -> submissions.record(List.of(), List.of(f), List.of()));
        }
        for (long id : again) {
            untilRecorded("message=" + id + " to try again", () -> submissions.record(List.of(), List.of(), List.of(id)));
        }
    }

    private static void untilRecorded(String what, Runnable write) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                write.run();
                return;
            } catch (RuntimeException e) {
                long wait = Math.min(30_000, 1000L << Math.min(5, attempt - 1));
                LOG.error("{}: not recorded (attempt {}: {}), tried again in {} ms", what, attempt, e, wait);
                TimeUnit.MILLISECONDS.sleep(wait);
            }
        }
    }

    private static Submissions.Claimed claimed(Exchange exchange) {
        return exchange.getProperty("colibriClaimed", Submissions.Claimed.class);
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
