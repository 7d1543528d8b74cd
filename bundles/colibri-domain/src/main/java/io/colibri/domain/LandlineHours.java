package io.colibri.domain;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZonedDateTime;

/** OPT-10: landlines receive messages between 08:00 and 20:00 Paris time only. */
public final class LandlineHours {
    public static final LocalTime OPENS = LocalTime.of(8, 0);
    public static final LocalTime CLOSES = LocalTime.of(20, 0);

    private LandlineHours() {
    }

    /** {@code at} itself inside the hours, else the next 08:00 in Paris. */
    public static Instant nextAllowed(Instant at) {
        ZonedDateTime paris = at.atZone(Diff.PARIS);
        LocalTime t = paris.toLocalTime();
        if (!t.isBefore(OPENS) && t.isBefore(CLOSES)) {
            return at;
        }
        ZonedDateTime day = t.isBefore(OPENS) ? paris : paris.plusDays(1);
        return day.toLocalDate().atTime(OPENS).atZone(Diff.PARIS).toInstant();
    }
}
