package io.colibri.domain;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an account is told by mail about what it sends by mail (MAIL-10), and its cut-off hour
 * (MAIL-11). Part of the account's options ({@link AccountOptions}):
 * <pre>
 *   key              values               default  catalogue
 *   mail-registered  on, off              on       MAIL-10: the request was registered (and what each recipient got)
 *   mail-refused     on, off              on       MAIL-10: the message is not sent, and why
 *   mail-finished    on, off              on       MAIL-10: a deferred or group send is over (how many sent, how many failed)
 *   mail-delivered   on, off              off      MAIL-10: a message reached the phone (from its receipt)
 *   mail-cutoff      empty, 19:00 … 00:00 empty    MAIL-11: a mail received from then until 09:00 is sent at 09:00 (Paris)
 * </pre>
 *
 * @param cutoff null when the account has no cut-off
 */
public record MailOptions(boolean registered, boolean refused, boolean finished, boolean delivered, LocalTime cutoff) {
    /** Mails received in the cut-off window leave at this hour, Paris time. */
    public static final LocalTime MORNING = LocalTime.of(9, 0);
    private static final LocalTime EARLIEST_CUTOFF = LocalTime.of(19, 0);
    private static final Pattern HOUR = Pattern.compile("(\\d{1,2})(?:[:hH](\\d{2})?)?");

    public static final List<String> KEYS = List.of("mail-registered", "mail-refused", "mail-finished", "mail-delivered", "mail-cutoff");

    public static final MailOptions DEFAULTS = new MailOptions(true, true, true, false, null);

    /** This set with one option changed; the value is validated as {@link AccountOptions#with} does. */
    MailOptions with(String key, String v, java.util.function.BiFunction<String, String, Boolean> onOff) {
        return switch (key) {
            case "mail-registered" -> new MailOptions(onOff.apply(key, v), refused, finished, delivered, cutoff);
            case "mail-refused" -> new MailOptions(registered, onOff.apply(key, v), finished, delivered, cutoff);
            case "mail-finished" -> new MailOptions(registered, refused, onOff.apply(key, v), delivered, cutoff);
            case "mail-delivered" -> new MailOptions(registered, refused, finished, onOff.apply(key, v), cutoff);
            case "mail-cutoff" -> new MailOptions(registered, refused, finished, delivered, cutoff(v));
            default -> throw new IllegalArgumentException("unknown option '" + key + "'");
        };
    }

    void putInto(Map<String, String> m, java.util.function.Function<Boolean, String> onOff) {
        m.put("mail-registered", onOff.apply(registered));
        m.put("mail-refused", onOff.apply(refused));
        m.put("mail-finished", onOff.apply(finished));
        m.put("mail-delivered", onOff.apply(delivered));
        m.put("mail-cutoff", cutoff == null ? "" : cutoff.toString());
    }

    /**
     * When a mail received at {@code received} may be sent, if the cut-off holds it back: 09:00
     * Paris time the next morning for a mail received at or after the cut-off, and 09:00 the same
     * morning for one received after midnight and before 09:00. Empty when the mail may go at once.
     */
    public Optional<Instant> heldUntil(Instant received, ZoneId zone) {
        if (cutoff == null) {
            return Optional.empty();
        }
        ZonedDateTime local = received.atZone(zone);
        LocalTime t = local.toLocalTime();
        if (t.isBefore(MORNING)) {
            return Optional.of(local.toLocalDate().atTime(MORNING).atZone(zone).toInstant());
        }
        if (!cutoff.equals(LocalTime.MIDNIGHT) && !t.isBefore(cutoff)) {
            return Optional.of(local.toLocalDate().plusDays(1).atTime(MORNING).atZone(zone).toInstant());
        }
        return Optional.empty();
    }

    /** An empty value (no cut-off), or an hour from 19:00 to 23:59, or 00:00 (midnight); "21h", "21" and "21:30" are read. */
    static LocalTime cutoff(String v) {
        String s = v.trim().toLowerCase(Locale.ROOT);
        if (s.isEmpty() || s.equals("off") || s.equals("none")) {
            return null;
        }
        Matcher m = HOUR.matcher(s);
        if (m.matches()) {
            int h = Integer.parseInt(m.group(1));
            int min = m.group(2) == null ? 0 : Integer.parseInt(m.group(2));
            if (h == 24 && min == 0) {
                return LocalTime.MIDNIGHT;
            }
            if (h < 24 && min < 60) {
                LocalTime t = LocalTime.of(h, min);
                if (t.equals(LocalTime.MIDNIGHT) || !t.isBefore(EARLIEST_CUTOFF)) {
                    return t;
                }
            }
        }
        throw new IllegalArgumentException("mail-cutoff must be empty or an hour from 19:00 to 00:00, not '" + v + "'");
    }
}
