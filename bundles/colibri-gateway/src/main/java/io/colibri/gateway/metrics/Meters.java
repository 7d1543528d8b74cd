package io.colibri.gateway.metrics;

import io.colibri.domain.Code;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * The gateway's counters and histograms, counted on the hot path: each is a {@link LongAdder}
 * found by a map lookup on a label that is already a string (a channel, a connector), never made
 * per message, never under a lock. Kept by the metrics flow's component, so that they outlive a
 * restart of the CamelContext; read at scrape time by {@link Exposition}.
 */
public final class Meters {
    /** Seconds: the bounds of both latency histograms (a few fixed buckets, from an instant answer to a day's wait). */
    static final double[] LATENCY_BUCKETS = {0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 3600};

    /** The answers of one channel: by legacy code, and the messages recorded to be sent. */
    public static final class Channel {
        final LongAdder[] byCode = new LongAdder[Code.values().length];
        final LongAdder recorded = new LongAdder();

        Channel() {
            for (int i = 0; i < byCode.length; i++) {
                byCode[i] = new LongAdder();
            }
        }

        /** A request answered with this code, which recorded this many messages to send (a group's members each count). */
        public void answered(Code code, int messages) {
            byCode[code.ordinal()].increment();
            if (messages > 0) {
                recorded.add(messages);
            }
        }
    }

    /** What happened on one connector: messages submitted, failed at submit, delivered, undeliverable, and how long each step took. */
    public static final class Connector {
        final LongAdder submitted = new LongAdder();
        final LongAdder submitFailed = new LongAdder();
        final LongAdder delivered = new LongAdder();
        final LongAdder undeliverable = new LongAdder();
        final Histogram acceptToSubmit = new Histogram(LATENCY_BUCKETS);
        final Histogram submitToReceipt = new Histogram(LATENCY_BUCKETS);

        /** The SMSC took the message's last part; {@code since}: from when it could leave (accepted, or its deferred time). */
        public void submitted(Duration since) {
            submitted.increment();
            acceptToSubmit.observe(since);
        }

        /** The message will not be sent (refused by the SMSC, unanswered, past its validity). */
        public void submitFailed() {
            submitFailed.increment();
        }

        /** A receipt made the message DELIVERED; {@code since}: from its submission. */
        public void delivered(Duration since) {
            delivered.increment();
            submitToReceipt.observe(since);
        }

        /** A receipt made the message UNDELIVERABLE. */
        public void undeliverable(Duration since) {
            undeliverable.increment();
            submitToReceipt.observe(since);
        }
    }

    /** Cumulative-on-read buckets: each observation adds to one bucket, the sum and nothing else. */
    static final class Histogram {
        final double[] bounds;
        final LongAdder[] counts;
        final DoubleAdder sum = new DoubleAdder();

        Histogram(double[] bounds) {
            this.bounds = bounds;
            this.counts = new LongAdder[bounds.length + 1];
            for (int i = 0; i < counts.length; i++) {
                counts[i] = new LongAdder();
            }
        }

        void observe(Duration d) {
            if (d == null) {
                return;
            }
            double seconds = d.isNegative() ? 0 : d.toNanos() / 1e9;
            int i = 0;
            while (i < bounds.length && seconds > bounds[i]) {
                i++;
            }
            counts[i].increment();
            sum.add(seconds);
        }
    }

    private final Map<String, Channel> channels = new ConcurrentHashMap<>();
    private final Map<String, Connector> connectors = new ConcurrentHashMap<>();
    private final LongAdder mailsSetAside = new LongAdder();

    /** The meters of a channel ({@code http}, {@code api}, {@code mail}…): look it up once, or per request (one map read). */
    public Channel channel(String name) {
        Channel c = channels.get(name);
        return c != null ? c : channels.computeIfAbsent(name, k -> new Channel());
    }

    /** The meters of a connector. */
    public Connector connector(String name) {
        String key = name == null ? "" : name;
        Connector c = connectors.get(key);
        return c != null ? c : connectors.computeIfAbsent(key, k -> new Connector());
    }

    /** A received mail filed with the failed mails (unreadable, set aside, or failing again and again). */
    public void mailSetAside() {
        mailsSetAside.increment();
    }

    Map<String, Channel> channels() {
        return new TreeMap<>(channels);
    }

    Map<String, Connector> connectors() {
        return new TreeMap<>(connectors);
    }

    long mailsSetAside() {
        return mailsSetAside.sum();
    }
}
