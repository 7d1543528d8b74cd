package io.colibri.domain;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * SMPP 3.4's times (§7.1.1), as {@code schedule_delivery_time} and {@code validity_period} carry
 * them: absolute {@code YYMMDDhhmmsstnnp} (t tenths of a second, nn the offset from UTC in quarter
 * hours, p {@code +} ahead of UTC or {@code -} behind) or relative {@code YYMMDDhhmmss000R} (that much
 * after now). Empty is none.
 */
public final class SmppTime {
    private SmppTime() {
    }

    /**
     * The instant the text names, or empty for an empty text.
     *
     * @throws IllegalArgumentException for anything else than the two forms
     */
    public static Optional<Instant> parse(String text, Instant now) {
        if (text == null || text.isEmpty()) {
            return Optional.empty();
        }
        if (text.length() != 16 || !text.substring(0, 13).chars().allMatch(Character::isDigit) || !Character.isDigit(text.charAt(13))
                || !Character.isDigit(text.charAt(14))) {
            throw new IllegalArgumentException("not an SMPP time (YYMMDDhhmmsstnnp): '" + text + "'");
        }
        int yy = num(text, 0);
        int mo = num(text, 2);
        int dd = num(text, 4);
        int hh = num(text, 6);
        int mi = num(text, 8);
        int ss = num(text, 10);
        int tenths = text.charAt(12) - '0';
        int quarters = num(text, 13);
        char p = text.charAt(15);
        try {
            if (p == 'R') {
                return Optional.of(now.atOffset(ZoneOffset.UTC).plusYears(yy).plusMonths(mo).plusDays(dd).plusHours(hh).plusMinutes(mi)
                        .plusSeconds(ss).toInstant());
            }
            if (p != '+' && p != '-') {
                throw new IllegalArgumentException("an SMPP time ends with +, - or R, not '" + p + "'");
            }
            if (quarters > 48) {
                throw new IllegalArgumentException("an offset of " + quarters + " quarter hours");
            }
            LocalDateTime local = LocalDateTime.of(2000 + yy, mo, dd, hh, mi, ss, tenths * 100_000_000);
            ZoneOffset offset = ZoneOffset.ofTotalSeconds((p == '+' ? 1 : -1) * quarters * 15 * 60);
            return Optional.of(local.toInstant(offset));
        } catch (java.time.DateTimeException e) {
            throw new IllegalArgumentException("not a date: '" + text + "'", e);
        }
    }

    private static int num(String s, int at) {
        return (s.charAt(at) - '0') * 10 + (s.charAt(at + 1) - '0');
    }

    /**
     * A validity_period as the account option {@code validity} takes it (whole hours, 1 to 72, as
     * operators' SMSCs keep a message): what is shorter is kept an hour, what is longer 72 hours.
     */
    public static String validityOption(Instant until, Instant now) {
        long minutes = java.time.Duration.between(now, until).toMinutes();
        long hours = Math.max(1, Math.min(72, (minutes + 59) / 60));
        return hours + "h";
    }
}
