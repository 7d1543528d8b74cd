package io.colibri.domain;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZonedDateTime;

/**
 * OPT-10: landlines receive messages between 08:00 and 20:00 only, in the recipient's local time:
 * Paris for metropolitan lines, the territory's own time for overseas ones (a line in Réunion
 * is not rung at 05:00 because it is 08:00 in Paris).
 */
public final class LandlineHours {
    public static final LocalTime OPENS = LocalTime.of(8, 0);
    public static final LocalTime CLOSES = LocalTime.of(20, 0);

    private LandlineHours() {
    }

    /** {@code at} itself inside the hours, else the next 08:00 in Paris. */
    public static Instant nextAllowed(Instant at) {
        return nextAllowed(at, Diff.PARIS);
    }

    /** {@code at} itself inside the hours of this number's local time, else its next 08:00. */
    public static Instant nextAllowed(Instant at, PhoneNumber number) {
        return nextAllowed(at, NumberPlan.zone(number));
    }

    /** {@code at} itself inside the hours, else the next 08:00, in this zone. */
    public static Instant nextAllowed(Instant at, java.time.ZoneId zone) {
        ZonedDateTime paris = at.atZone(zone);
        LocalTime t = paris.toLocalTime();
        if (!t.isBefore(OPENS) && t.isBefore(CLOSES)) {
            return at;
        }
        ZonedDateTime day = t.isBefore(OPENS) ? paris : paris.plusDays(1);
        return day.toLocalDate().atTime(OPENS).atZone(zone).toInstant();
    }
}
