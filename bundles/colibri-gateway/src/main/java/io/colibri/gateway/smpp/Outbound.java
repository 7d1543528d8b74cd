package io.colibri.gateway.smpp;

import io.colibri.gateway.schedule.Dispatch;
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
import org.jsmpp.bean.ESMClass;
import org.jsmpp.bean.GSMSpecificFeature;
import org.jsmpp.bean.MessageMode;
import org.jsmpp.bean.MessageType;
import org.jsmpp.extra.NegativeResponseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bean of the SMPP outbound routes, a batch of queued message ids at a time: claimed in one
 * statement, each one's submit_sm prepared (parts as billed, data coding, validity), then its
 * parts submitted one by one, each a submit_sm of its own (the route loops while {@link #more}),
 * stopping at the first that is not taken; the outcome noted, and every outcome of the batch
 * recorded in one transaction. The parts the SMSC took are recorded whatever became of the
 * others, so that none is ever submitted twice.
 */
public final class Outbound {
    private static final Logger LOG = LoggerFactory.getLogger(Outbound.class);

    /**
     * What became of one message's submit_sm (the body of each split exchange once it is done):
     * {@code smscIds} are the ids of the parts the SMSC took in this attempt (the message's parts
     * after its {@code partsSent}, in order); {@code kind} says what stopped it, SENT when nothing did.
     */
    public record Attempt(Submissions.Claimed message, Kind kind, List<String> smscIds, String detail) {
        public enum Kind { SENT, REFUSED, TRY_AGAIN, UNANSWERED }

        /** How many of the message's parts the SMSC has taken, this attempt and earlier ones. */
        int partsSent() {
            return message.partsSent() + smscIds.size();
        }
    }

    /** The exchange property that holds a message's {@link Progress} while its parts leave. */
    static final String PROGRESS = "colibriSubmit";

    /** One message's parts while they leave, one submit_sm each. */
    static final class Progress {
        final Submissions.Claimed message;
        final List<byte[]> segments;
        /** Index of the part to send next. */
        int next;
        final List<String> taken = new ArrayList<>();
        /** Set by the first part not taken: the loop stops there. */
        Attempt stopped;

        Progress(Submissions.Claimed message, List<byte[]> segments) {
            this.message = message;
            this.segments = segments;
            this.next = Math.min(message.partsSent(), segments.size());
        }

        /** "part 1 sent", "parts 1-2 sent": the parts taken before the one now. */
        String sentSoFar() {
            return next == 1 ? "part 1 sent" : "parts 1-" + next + " sent";
        }

        /** "part 2 of 3" for a long message, nothing for a message of one part. */
        String which() {
            return segments.size() == 1 ? "" : " (part " + (next + 1) + " of " + segments.size() + ")";
        }
    }

    private final Submissions submissions;
    private final Map<String, SmscCharset> charsets;
    private final SubmitRecords inFlight;
    private final java.time.Clock clock;
    /** Message id → attempts so far that came to nothing (back-off of temporary failures); in memory. */
    private final Map<Long, Integer> retries = new ConcurrentHashMap<>();
    /** Connector → consecutive batches where nothing could be sent (the SMSC is down). */
    private final Map<String, Integer> outages = new ConcurrentHashMap<>();

    /** What an operator asks of a connector: when it last took a message, and its last failure (issue 15, /api/v1/admin/connectors). */
    public record Health(java.time.Instant lastSentAt, String lastError, java.time.Instant lastErrorAt, int failingBatches) {
        static final Health NONE = new Health(null, null, null, 0);
    }

    private final Map<String, Health> health = new ConcurrentHashMap<>();

    /** Each connector's health, by name; a connector that has sent nothing yet is absent. */
    public Map<String, Health> health() {
        return Map.copyOf(health);
    }

    /** @param charsets how each connector's SMSC reads data_coding 0 (connector key {@code charset}) */
    private final io.colibri.gateway.metrics.Meters meters;

    public Outbound(Submissions submissions, Map<String, SmscCharset> charsets, SubmitRecords inFlight, java.time.Clock clock) {
        this(submissions, charsets, inFlight, clock, new io.colibri.gateway.metrics.Meters());
    }

    /** @param meters where messages submitted and failed are counted, by connector (the metrics flow's) */
    public Outbound(Submissions submissions, Map<String, SmscCharset> charsets, SubmitRecords inFlight, java.time.Clock clock,
                    io.colibri.gateway.metrics.Meters meters) {
        this.meters = meters;
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

    /**
     * The submit_sm of one claimed message: the parts billed, as bytes, and the SMPP headers every
     * part carries; the parts the SMSC took in an earlier attempt are skipped.
     */
    public void prepare(Exchange exchange) {
        Submissions.Claimed m = exchange.getMessage().getBody(Submissions.Claimed.class);
        try {
            exchange.setProperty(PROGRESS, prepare(m, exchange.getMessage()));
        } catch (RuntimeException e) {
            // Not sent: the message waits (tried again later), as a submit_sm that found no session.
            LOG.warn("message={}: submit_sm not prepared: {}", m.id(), e.toString());
            Progress nothing = new Progress(m, List.of());
            stop(nothing, Attempt.Kind.TRY_AGAIN, "not prepared: " + e);
            exchange.setProperty(PROGRESS, nothing);
        }
    }

    private Progress prepare(Submissions.Claimed m, org.apache.camel.Message msg) {
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
        // The UDH reference is the message id's low byte: parts sent in two attempts still join.
        List<byte[]> segments = parts.segments((int) (m.id() & 0xFF));
        if (segments.size() > 1) {
            // Each part alone is one segment to camel-smpp, which sets UDHI only for several: said here.
            msg.setHeader(SmppConstants.ESM_CLASS, new ESMClass(MessageMode.DEFAULT, MessageType.DEFAULT, GSMSpecificFeature.UDHI));
        }
        msg.setHeader(SmppConstants.ENCODING, StandardCharsets.ISO_8859_1.name());
        msg.setHeader(SmppConstants.VALIDITY_PERIOD, validityPeriod(m.validityMinutes()));
        Progress progress = new Progress(m, segments);
        if (progress.next > 0) {
            LOG.info("message={}: parts 1-{} of {} taken by the SMSC before, the others now", m.id(), progress.next, segments.size());
        }
        return progress;
    }

    /** While true the route submits the next part: none of the message's parts was refused or lost so far, and some are left. */
    public boolean more(Exchange exchange) {
        Progress p = progress(exchange);
        return p.stopped == null && p.next < p.segments.size();
    }

    /** The next part: its bytes, as the submit_sm's whole short message (carried as ISO-8859-1 text). */
    public void part(Exchange exchange) {
        Progress p = progress(exchange);
        PreparedParts part = new PreparedParts(List.of(p.segments.get(p.next)));
        exchange.getMessage().setHeader(SmppConstants.DATA_SPLITTER, part);
        exchange.getMessage().setBody(part.carrier());
    }

    /**
     * The SMSC took the part: its id noted as awaiting its record (a receipt may come first), and
     * the next part's turn.
     */
    public void taken(Exchange exchange) {
        Progress p = progress(exchange);
        Object ids = exchange.getMessage().getHeader(SmppConstants.ID);
        List<String> smscIds = ids instanceof List<?> list ? list.stream().map(String::valueOf).toList() : List.of(String.valueOf(ids));
        inFlight.sent(p.message.connector(), smscIds);
        p.taken.addAll(smscIds);
        p.next++;
    }

    /** What became of the message: SENT when every part was taken, else what stopped it. */
    public Attempt outcome(Exchange exchange) {
        Progress p = progress(exchange);
        return p.stopped != null ? p.stopped : new Attempt(p.message, Attempt.Kind.SENT, List.copyOf(p.taken), null);
    }

    /** SMPP relative time {@code YYMMDDhhmmss000R}. */
    static String validityPeriod(int minutes) {
        int days = minutes / (24 * 60);
        int hours = minutes / 60 % 24;
        int mins = minutes % 60;
        return String.format("0000%02d%02d%02d00000R", days, hours, mins);
    }

    /**
     * SMPP command statuses an ESME should retry later: the SMSC is busy, not the message wrong
     * (throttled, message queue full, system error, submit failed, temporary app error).
     */
    static final java.util.Set<Integer> TEMPORARY = java.util.Set.of(0x58, 0x14, 0x08, 0x45, 0x64);

    /**
     * A negative submit_sm_resp to a part: temporary (the message tried again later, from this
     * part) or for good (FAILED, the parts not sent refunded). Either way no later part is sent now.
     */
    public void refused(Exchange exchange) {
        Progress p = progress(exchange);
        int status = commandStatus(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class));
        if (TEMPORARY.contains(status)) {
            stop(p, Attempt.Kind.TRY_AGAIN, "refused for now by the SMSC (status 0x" + Integer.toHexString(status) + ")" + p.which());
        } else {
            stop(p, Attempt.Kind.REFUSED, "refused by SMSC: error 0x" + (status < 0 ? "?" : String.format("%02X", status)) + p.which()
                    + (p.next > 0 ? "; " + p.sentSoFar() : ""));
        }
    }

    /**
     * No submit_sm_resp in time: the SMSC may have taken the part. Neither it nor the parts after
     * it are ever sent (they could arrive twice): FAILED, saying so; the part counts as sent (not
     * refunded), the parts after it are refunded.
     */
    public void unanswered(Exchange exchange) {
        Progress p = progress(exchange);
        stop(p, Attempt.Kind.UNANSWERED, p.segments.size() == 1 ? "no answer from the SMSC in time; may have been sent"
                : "no answer from the SMSC in time" + p.which() + "; may have been sent"
                + (p.next > 0 ? " (" + p.sentSoFar() + ")" : ""));
    }

    /** Not sent (no session, connection lost before writing): tried again later, from this part. */
    public void notSent(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        Progress p = progress(exchange);
        stop(p, Attempt.Kind.TRY_AGAIN, (cause == null ? "not sent" : cause.toString()) + p.which());
    }

    private static void stop(Progress p, Attempt.Kind kind, String detail) {
        p.stopped = new Attempt(p.message, kind, List.copyOf(p.taken), detail);
    }

    /**
     * Records the batch's outcomes in one transaction; what must be tried again goes back on its
     * queue, later (1 s doubling to 60 s), in the batch's JMS transaction. When nothing of a batch
     * could be sent (the SMSC is down), this consumer also waits before its next batch, so that a
     * long outage does not spin through the queue.
     */
    public void record(List<Attempt> attempts, Exchange exchange) throws InterruptedException {
        List<Outcome> outcomes = new ArrayList<>(attempts.size());
        List<Submissions.Sent> sent = new ArrayList<>();
        List<Submissions.Failure> failed = new ArrayList<>();
        List<Submissions.Again> againRecords = new ArrayList<>();
        List<Attempt> again = new ArrayList<>();
        for (Attempt a : attempts) {
            Outcome o = outcome(a);
            outcomes.add(o);
            if (o.sent() != null) {
                sent.add(o.sent());
            }
            if (o.failure() != null) {
                failed.add(o.failure());
            }
            if (o.again() != null) {
                againRecords.add(o.again());
                again.add(a);
            }
        }
        try {
            submissions.record(sent, failed, againRecords);
        } catch (RuntimeException e) {
            // The SMSC has answered: from here only the database write may be tried again, never a
            // submit_sm (a batch given back to the broker would find its messages claimed, and leave them so).
            LOG.warn("outcomes of {} message(s) not recorded together ({}): recorded one by one", attempts.size(), e.toString());
            recordEach(outcomes);
        } finally {
            sent.forEach(s -> inFlight.recorded(s.connector(), s.smscIds()));
        }
        count(outcomes);
        for (Submissions.Sent s : sent) {
            if (s.complete()) {
                retries.remove(s.id());
            }
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
            java.time.Instant now = clock.instant();
            health.compute(connector, (k, h) -> {
                Health was = h == null ? Health.NONE : h;
                return new Health(sent.isEmpty() ? was.lastSentAt() : now, again.isEmpty() ? was.lastError() : again.get(0).detail(),
                        again.isEmpty() ? was.lastErrorAt() : now, again.size() == attempts.size() ? was.failingBatches() + 1 : 0);
            });
            if (again.size() == attempts.size()) {
                int n = outages.merge(connector, 1, Integer::sum);
                TimeUnit.MILLISECONDS.sleep(Math.min(30_000, 500L << Math.min(6, n - 1)));
            } else {
                outages.remove(connector);
            }
        }
    }

    /** Recorded outcomes counted: a message whose last part was taken (and how long since it could leave), a message failed. */
    private void count(List<Outcome> outcomes) {
        if (outcomes.isEmpty()) {
            return;
        }
        java.time.Instant now = clock.instant();
        io.colibri.gateway.metrics.Meters.Connector c = meters.connector(outcomes.get(0).attempt().message().connector());
        for (Outcome o : outcomes) {
            if (o.sent() != null && o.sent().complete()) {
                c.submitted(java.time.Duration.between(o.attempt().message().acceptedAt(), now));
            }
            if (o.failure() != null) {
                c.submitFailed();
            }
        }
    }

    /** What one attempt writes: the parts taken (if any), and the message's failure or its next try (if any). */
    private record Outcome(Attempt attempt, Submissions.Sent sent, Submissions.Failure failure, Submissions.Again again) {
    }

    private Outcome outcome(Attempt a) {
        Submissions.Claimed m = a.message();
        boolean complete = a.kind() == Attempt.Kind.SENT;
        Submissions.Sent sent = complete || !a.smscIds().isEmpty() ? new Submissions.Sent(m.id(), m.connector(), a.smscIds(), complete) : null;
        return switch (a.kind()) {
            case SENT -> new Outcome(a, sent, null, null);
            case REFUSED -> new Outcome(a, sent, new Submissions.Failure(m.id(), a.detail(), a.partsSent()), null);
            // The part that got no answer may have left: paid, as the parts before it.
            case UNANSWERED -> new Outcome(a, sent, new Submissions.Failure(m.id(), a.detail(), a.partsSent() + 1), null);
            case TRY_AGAIN -> m.expiredAt(clock.instant())
                    // Refused for now until past its validity: given up, and the credit of the parts not sent back, not held for ever.
                    ? new Outcome(a, sent, new Submissions.Failure(m.id(), "not taken by the SMSC within its validity ("
                            + m.validityMinutes() + " min); last: " + a.detail(), a.partsSent()), null)
                    : new Outcome(a, sent, null, new Submissions.Again(m.id(), a.partsSent()));
        };
    }

    /**
     * Each message's outcome in its own transaction, each tried until it is recorded (1 s doubling
     * to 30 s between attempts: a database outage holds this consumer, which could send nothing
     * anyway). A sent part takes back an SMSC id that the SMSC had given before on this connector.
     */
    private void recordEach(List<Outcome> outcomes) throws InterruptedException {
        for (Outcome o : outcomes) {
            Submissions.Claimed m = o.attempt().message();
            String what = "message=" + m.id() + " " + o.attempt().kind() + (o.sent() == null ? "" : " sent as " + o.sent().smscIds());
            untilRecorded(what, () -> submissions.recordAlone(listOf(o.sent()), listOf(o.failure()), listOf(o.again())));
        }
    }

    private static <T> List<T> listOf(T one) {
        return one == null ? List.of() : List.of(one);
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

    private static Progress progress(Exchange exchange) {
        return exchange.getProperty(PROGRESS, Progress.class);
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
