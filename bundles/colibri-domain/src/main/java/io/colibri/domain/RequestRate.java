package io.colibri.domain;

import java.time.Duration;
import java.time.Instant;

/**
 * A limit on requests per API key: a token bucket of {@code burst} requests, refilled at
 * {@code perSecond}. {@link #take} answers either "go" or how long to wait before the next request
 * would be let through (the {@code Retry-After} of a 429). One per key; its methods are
 * synchronized, and only that key's requests meet on its lock.
 */
public final class RequestRate {
    private final double perSecond;
    private final int burst;
    private double tokens;
    private Instant last;

    /** @param perSecond requests added back each second (more than 0); @param burst the most taken at once (at least 1) */
    public RequestRate(double perSecond, int burst, Instant now) {
        if (!(perSecond > 0) || burst < 1) {
            throw new IllegalArgumentException("a rate needs more than 0 requests per second and a burst of at least 1");
        }
        this.perSecond = perSecond;
        this.burst = burst;
        this.tokens = burst;
        this.last = now;
    }

    /** Zero when this request may go (and is counted); otherwise the wait, in whole seconds (at least 1), before one may. */
    public synchronized long take(Instant now) {
        if (now.isAfter(last)) {
            double elapsed = Duration.between(last, now).toNanos() / 1e9;
            tokens = Math.min(burst, tokens + elapsed * perSecond);
            last = now;
        }
        if (tokens >= 1) {
            tokens -= 1;
            return 0;
        }
        return Math.max(1, (long) Math.ceil((1 - tokens) / perSecond));
    }
}
