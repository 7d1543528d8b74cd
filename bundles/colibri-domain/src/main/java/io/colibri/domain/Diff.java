package io.colibri.domain;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Optional;

/**
 * The {@code diff} parameter (HTTP-1, HTTP-2): {@code hhmmddmmyyyy} in Paris time, the date of a
 * deferred send; with a trailing {@code s}, the cancellation of the deferred send registered for
 * that date.
 *
 * @param at     the minute, as an instant
 * @param cancel true for {@code …s}
 */
public record Diff(Instant at, boolean cancel) {

    public static final ZoneId PARIS = ZoneId.of("Europe/Paris");

    /** Empty when the text is not a real date in that format (code 85). */
    public static Optional<Diff> parse(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        String s = raw.trim();
        boolean cancel = s.endsWith("s") || s.endsWith("S");
        if (cancel) {
            s = s.substring(0, s.length() - 1);
        }
        if (!s.matches("\\d{12}")) {
            return Optional.empty();
        }
        try {
            LocalDateTime local = LocalDateTime.of(
                    Integer.parseInt(s.substring(8, 12)), Integer.parseInt(s.substring(6, 8)), Integer.parseInt(s.substring(4, 6)),
                    Integer.parseInt(s.substring(0, 2)), Integer.parseInt(s.substring(2, 4)));
            // A time that does not exist (the spring-forward hour) moves forward; a repeated one takes the first.
            return Optional.of(new Diff(local.atZone(PARIS).toInstant(), cancel));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }

    /** The same date, written back the way customers write it. */
    public String text() {
        LocalDateTime l = LocalDateTime.ofInstant(at, PARIS);
        return String.format("%02d%02d%02d%02d%04d", l.getHour(), l.getMinute(), l.getDayOfMonth(), l.getMonthValue(), l.getYear())
                + (cancel ? "s" : "");
    }
}
