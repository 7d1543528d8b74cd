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
    public record Attempt(Submissions.Claimed message, Kind kind, List<String> smscIds, String detail, boolean smscRefused,
                          long notSentAt) {
        public enum Kind { SENT, REFUSED, TRY_AGAIN, UNANSWERED }

        /**
         * {@code smscRefused}: a TRY_AGAIN the SMSC answered (a temporary status); {@code notSentAt}:
         * for a part that found no session, when (the bean's event counter), else 0.
         */
        public Attempt(Submissions.Claimed message, Kind kind, List<String> smscIds, String detail) {
            this(message, kind, smscIds, detail, false, 0);
        }

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
    /** Connector → its fallback (key {@code fallback}, issue 17). */
    private final Map<String, String> fallbacks;
    /** Counts the SMSC's answers and the parts that found no session, so that each can be said to come before or after another. */
    private final java.util.concurrent.atomic.AtomicLong events = new java.util.concurrent.atomic.AtomicLong();
    /** Connector → the event of its SMSC's latest answer (a part taken or refused): after it, a part without session means the connector is down. */
    private final Map<String, Long> lastAnswer = new ConcurrentHashMap<>();
    /** Message id → the connectors it was handed on from, with why, in order: its history's step once it leaves; in memory. */
    private final Map<Long, Map<String, String>> detours = new ConcurrentHashMap<>();

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
        this(submissions, charsets, inFlight, clock, Map.of(), new io.colibri.gateway.metrics.Meters());
    }

    /**
     * @param fallbacks each connector's fallback, by name ({@link io.colibri.gateway.Connector#fallbacks})
     * @param meters    where messages submitted and failed are counted, by the connector they left by (the metrics flow's)
     */
    public Outbound(Submissions submissions, Map<String, SmscCharset> charsets, SubmitRecords inFlight, java.time.Clock clock,
                    Map<String, String> fallbacks, io.colibri.gateway.metrics.Meters meters) {
        this.fallbacks = Map.copyOf(fallbacks);
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
        return claim(batch, null);
    }

    /** {@link #claim(List)} by the route of connector {@code via}, which submits them (a fallback's route takes others' messages). */
    public List<Submissions.Claimed> claim(List<Queued> batch, String via) {
        List<Long> ids = new ArrayList<>(batch.size());
        for (Queued q : batch) {
            ids.add(Long.parseLong(q.text().trim()));
        }
        return submissions.claim(ids, via);
    }

    /**
     * The submit_sm of one claimed message: the parts billed, as bytes, and the SMPP headers every
     * part carries; the parts the SMSC took in an earlier attempt are skipped.
     */
    public void prepare(Exchange exchange) {
        Submissions.Claimed m = exchange.getMessage().getBody(Submissions.Claimed.class);
        if (m.partsSent() > 0 && !m.via().equals(m.connector())) {
            // Its first parts left by another connector (a queue entry left over): the others follow them there, never split.
            Progress elsewhere = new Progress(m, List.of());
            stop(elsewhere, Attempt.Kind.TRY_AGAIN, "parts 1-" + m.partsSent() + " left by connector " + m.connector() + ": the others too");
            exchange.setProperty(PROGRESS, elsewhere);
            return;
        }
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
        SmsParts parts = SmsParts.of(m.text(), charsets.getOrDefault(m.via(), SmscCharset.GSM));
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
        inFlight.sent(p.message.via(), smscIds);
        answered(p.message.via());
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
        answered(p.message.via());
        if (TEMPORARY.contains(status)) {
            p.stopped = new Attempt(p.message, Attempt.Kind.TRY_AGAIN, List.copyOf(p.taken),
                    "refused for now by the SMSC (status 0x" + Integer.toHexString(status) + ")" + p.which(), true, 0);
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
        p.stopped = new Attempt(p.message, Attempt.Kind.TRY_AGAIN, List.copyOf(p.taken), (cause == null ? "not sent" : cause.toString())
                + p.which(), false, events.incrementAndGet());
    }

    private void answered(String connector) {
        lastAnswer.merge(connector, events.incrementAndGet(), Math::max);
    }

    private static void stop(Progress p, Attempt.Kind kind, String detail) {
        p.stopped = new Attempt(p.message, kind, List.copyOf(p.taken), detail);
    }

    /**
     * Records the batch's outcomes in one transaction; what must be tried again goes back on its
     * queue, later (1 s doubling to 60 s), in the batch's JMS transaction. When nothing of a batch
     * could be sent (the SMSC is down), this consumer also waits before its next batch, so that a
     * long outage does not spin through the queue.
     *
     * <p>Connector failover (issue 17): a message none of whose parts has left yet, refused for now
     * by the SMSC ({@link #TEMPORARY}) or not sent for want of a session with no answer of that SMSC
     * since (the connector is unbound; a part that lost the race to make a fresh session, while
     * another part made it and was answered, is tried again on the same connector), goes at once
     * to the queue of the connector's {@code fallback}, whose route claims and submits it; past the last fallback it goes back to its own connector's
     * queue, later, as without fallback, and the chain starts again: it waits, never lost. A
     * message one of whose parts has left stays with the connector it left by, so that a long
     * message never leaves by two. The outbox row's claim keeps guarding against a second submit.
     */
    public void record(List<Attempt> attempts, Exchange exchange) throws InterruptedException {
        List<Outcome> outcomes = new ArrayList<>(attempts.size());
        List<Submissions.Sent> sent = new ArrayList<>();
        List<Submissions.Failure> failed = new ArrayList<>();
        List<Submissions.Again> againRecords = new ArrayList<>();
        List<Outcome> again = new ArrayList<>();
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
                again.add(o);
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
                detours.remove(s.id());
            }
        }
        for (Submissions.Failure f : failed) {
            retries.remove(f.id());
            detours.remove(f.id());
        }
        // Only a consumer whose messages all wait on its own queue pauses: one that handed them to another
        // connector's (a fallback, or back to their own past the last fallback) would hold them, uncommitted, meanwhile.
        boolean allStay = again.stream().allMatch(o -> o.queue().equals(o.attempt().message().via()));
        if (!again.isEmpty()) {
            BrokerBatch batch = BrokerBatch.of(exchange);
            int toFallback = 0;
            for (Outcome o : again) {
                Attempt a = o.attempt();
                long delay;
                if (o.handedOn()) {
                    // The next connector at once: its route claims it as soon as it is queued.
                    delay = 0;
                    toFallback++;
                    // What the customer's history says: the SMSC's status, never the session's address (logged, not shown).
                    detours.computeIfAbsent(a.message().id(), k -> new java.util.LinkedHashMap<>())
                            .put(a.message().via(), a.smscRefused() ? a.detail() : "not bound");
                } else {
                    int n = retries.merge(a.message().id(), 1, Integer::sum);
                    delay = Math.min(60_000, 1000L << Math.min(6, n - 1));
                }
                batch.send(Dispatch.QUEUE_PREFIX + o.queue(), Long.toString(a.message().id()), delay);
            }
            String via = again.get(0).attempt().message().via();
            if (toFallback > 0) {
                LOG.warn("{} message(s) of {} not sent by connector {}, handed to {}: {}", toFallback, attempts.size(), via,
                        fallbacks.get(via), again.get(0).attempt().detail());
            }
            if (toFallback < again.size()) {
                LOG.warn("{} message(s) of {} not sent, tried again later: {}", again.size() - toFallback, attempts.size(),
                        again.get(0).attempt().detail());
            }
        }
        if (!attempts.isEmpty()) {
            String connector = attempts.get(0).message().via();
            java.time.Instant now = clock.instant();
            health.compute(connector, (k, h) -> {
                Health was = h == null ? Health.NONE : h;
                return new Health(sent.isEmpty() ? was.lastSentAt() : now, again.isEmpty() ? was.lastError() : again.get(0).attempt().detail(),
                        again.isEmpty() ? was.lastErrorAt() : now, again.size() == attempts.size() ? was.failingBatches() + 1 : 0);
            });
            if (again.size() == attempts.size() && allStay) {
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
        io.colibri.gateway.metrics.Meters.Connector c = meters.connector(outcomes.get(0).attempt().message().via());
        for (Outcome o : outcomes) {
            if (o.sent() != null && o.sent().complete()) {
                c.submitted(java.time.Duration.between(o.attempt().message().acceptedAt(), now));
            }
            if (o.failure() != null) {
                c.submitFailed();
            }
        }
    }


    /**
     * What one attempt writes: the parts taken (if any), and the message's failure or its next try
     * (if any); a next try goes to {@code queue}'s connector, {@code handedOn} when that is the fallback.
     */
    private record Outcome(Attempt attempt, Submissions.Sent sent, Submissions.Failure failure, Submissions.Again again, String queue,
                           boolean handedOn) {
        Outcome(Attempt attempt, Submissions.Sent sent, Submissions.Failure failure) {
            this(attempt, sent, failure, null, null, false);
        }
    }

    private Outcome outcome(Attempt a) {
        Submissions.Claimed m = a.message();
        boolean complete = a.kind() == Attempt.Kind.SENT;
        Submissions.Sent sent = complete || !a.smscIds().isEmpty()
                ? new Submissions.Sent(m.id(), m.via(), a.smscIds(), complete, m.partsSent() == 0 ? fallbackStep(m) : null) : null;
        return switch (a.kind()) {
            case SENT -> new Outcome(a, sent, null);
            case REFUSED -> new Outcome(a, sent, new Submissions.Failure(m.id(), a.detail(), a.partsSent()));
            // The part that got no answer may have left: paid, as the parts before it.
            case UNANSWERED -> new Outcome(a, sent, new Submissions.Failure(m.id(), a.detail(), a.partsSent() + 1));
            case TRY_AGAIN -> m.expiredAt(clock.instant())
                    // Refused for now until past its validity: given up, and the credit of the parts not sent back, not held for ever.
                    ? new Outcome(a, sent, new Submissions.Failure(m.id(), "not taken by the SMSC within its validity ("
                            + m.validityMinutes() + " min); last: " + a.detail(), a.partsSent()))
                    : again(a, sent);
        };
    }

    /** Where a message tried again waits: its fallback's queue, its own connector's, or this one's. */
    private Outcome again(Attempt a, Submissions.Sent sent) {
        Submissions.Claimed m = a.message();
        String queue;
        boolean handedOn = false;
        String next = fallbacks.get(m.via());
        boolean unavailable = a.smscRefused() || a.notSentAt() > lastAnswer.getOrDefault(m.via(), 0L);
        if (a.partsSent() > 0) {
            // A part has left: the others leave by the same connector.
            queue = a.smscIds().isEmpty() ? m.connector() : m.via();
        } else if (unavailable && next != null) {
            queue = next;
            handedOn = true;
        } else if (unavailable && !m.via().equals(m.connector())) {
            // Past the last fallback: from its own connector again, later.
            queue = m.connector();
        } else {
            queue = m.via();
        }
        return new Outcome(a, sent, null, new Submissions.Again(m.id(), a.partsSent(), queue.equals(m.via()) ? null : queue), queue,
                handedOn);
    }

    /** The history's step of a message leaving by another connector than its own: which were unavailable, and why. */
    private String fallbackStep(Submissions.Claimed m) {
        if (m.via().equals(m.connector())) {
            return null;
        }
        Map<String, String> why = detours.getOrDefault(m.id(), Map.of());
        List<String> from = why.isEmpty() ? List.of(m.connector()) : List.copyOf(why.keySet());
        StringBuilder step = new StringBuilder(from.size() == 1 ? "connector " : "connectors ").append(String.join(", ", from))
                .append(" unavailable → sent via ").append(m.via());
        why.forEach((connector, detail) -> step.append("; ").append(connector).append(": ").append(detail));
        return step.toString();
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
