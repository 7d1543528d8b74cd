package io.colibri.domain;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A recurring message's times (OPT-9): every day, week, month or year from a first local date and
 * time in a time zone, optionally until a last day (inclusive).
 * <ul>
 * <li>Every occurrence is counted from the first, never from the one before: a message of the
 * 31st goes on the last day of shorter months and on the 31st again after them (31 Jan, 28 Feb,
 * 31 Mar); a birthday on 29 February goes on 28 February in common years, on the 29th in leap
 * years.</li>
 * <li>The time is the zone's wall-clock time, so 09:00 stays 09:00 across summer time. A time
 * the clocks skip (02:30 on the night they go forward) is sent when the clocks have moved on,
 * at 03:30; a time that happens twice (the night they go back) is sent the first time.</li>
 * </ul>
 */
public final class Recurrence {
    /** The most occurrences {@link #between} lists at once. */
    public static final int MAX_LISTED = 10_000;

    public enum Every {
        DAY(ChronoUnit.DAYS), WEEK(ChronoUnit.WEEKS), MONTH(ChronoUnit.MONTHS), YEAR(ChronoUnit.YEARS);

        private final ChronoUnit unit;

        Every(ChronoUnit unit) {
            this.unit = unit;
        }
    }

    private final Every every;
    private final LocalDateTime first;
    private final ZoneId zone;
    private final LocalDate until;

    /**
     * @param until the last day an occurrence may fall on (the zone's date), or null for no end
     * @throws IllegalArgumentException when {@code until} is before the first occurrence's day
     */
    public Recurrence(Every every, LocalDateTime first, ZoneId zone, LocalDate until) {
        this.every = Objects.requireNonNull(every);
        this.first = Objects.requireNonNull(first);
        this.zone = Objects.requireNonNull(zone);
        if (until != null && until.isBefore(first.toLocalDate())) {
            throw new IllegalArgumentException("the end (" + until + ") is before the first time (" + first.toLocalDate() + ")");
        }
        this.until = until;
    }

    /** The n-th occurrence (0 is the first) as the zone's wall-clock time. */
    public LocalDateTime local(long n) {
        if (n < 0) {
            throw new IllegalArgumentException("n < 0");
        }
        return first.plus(n, every.unit);
    }

    /** Whether the n-th occurrence falls on or before the last day (always, without one). */
    public boolean includes(long n) {
        return until == null || !local(n).toLocalDate().isAfter(until);
    }

    /** When the n-th occurrence is sent. */
    public Instant at(long n) {
        return instant(local(n));
    }

    /** The first occurrence strictly after this instant; empty once past the end. */
    public Optional<Instant> next(Instant after) {
        LocalDateTime there = LocalDateTime.ofInstant(after, zone);
        // An estimate from the units between, two below to stay under what wall-clock shifts and
        // shorter months can do; then forward, a few steps at most.
        long n = Math.max(0, every.unit.between(first, there) - 2);
        while (!instant(local(n)).isAfter(after)) {
            n++;
        }
        LocalDateTime found = local(n);
        if (until != null && found.toLocalDate().isAfter(until)) {
            return Optional.empty();
        }
        return Optional.of(instant(found));
    }

    /** The occurrences in [from, to), at most {@value #MAX_LISTED}. */
    public List<Instant> between(Instant from, Instant to) {
        List<Instant> out = new ArrayList<>();
        Optional<Instant> t = next(from.minusNanos(1));
        while (t.isPresent() && t.get().isBefore(to) && out.size() < MAX_LISTED) {
            out.add(t.get());
            t = next(t.get());
        }
        return out;
    }

    private Instant instant(LocalDateTime local) {
        // ZonedDateTime.of: a skipped time moves on by the gap's length, a doubled one takes the earlier offset.
        return ZonedDateTime.of(local, zone).toInstant();
    }

    /**
     * A throttled bulk (OPT-8): its members leave in batches of {@code size}, one batch every
     * {@code every}, the first batch at the start.
     */
    public record Throttle(int size, Duration every) {
        public Throttle {
            if (size < 1) {
                throw new IllegalArgumentException("a batch holds at least one recipient");
            }
            if (every.compareTo(Duration.ofMinutes(1)) < 0 || every.compareTo(Duration.ofDays(1)) > 0) {
                throw new IllegalArgumentException("batches leave between one minute and one day apart");
            }
        }

        /** When the member at this index (0-based, in the bulk's order) leaves. */
        public Instant sendAt(Instant start, long index) {
            return start.plus(every.multipliedBy(index / size));
        }

        /** How many batches that many members make. */
        public long batches(long members) {
            return (members + size - 1) / size;
        }
    }
}
