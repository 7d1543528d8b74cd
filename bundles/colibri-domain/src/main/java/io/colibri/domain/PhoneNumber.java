package io.colibri.domain;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A recipient's number, normalised to E.164 ({@code +33612345678}).
 *
 * <p>Accepted spellings of a French number: national ({@code 0612345678}), {@code +33…} and
 * {@code 0033…}, with spaces, dots, dashes or parentheses between digits. Only French mobiles
 * (06, 07) are sendable for now; the other classes (landline, DOM-TOM, international) come with
 * their options.
 */
public record PhoneNumber(String e164, NumberClass numberClass) {

    public enum NumberClass { FRENCH_MOBILE }

    private static final Pattern SEPARATORS = Pattern.compile("[\\s.\\-()/]");
    private static final Pattern FRENCH_MOBILE = Pattern.compile("\\+33[67]\\d{8}");

    public static Optional<PhoneNumber> parse(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        String n = SEPARATORS.matcher(raw.trim()).replaceAll("");
        if (n.startsWith("00")) {
            n = "+" + n.substring(2);
        } else if (n.startsWith("0") && n.length() == 10) {
            n = "+33" + n.substring(1);
        }
        if (FRENCH_MOBILE.matcher(n).matches()) {
            return Optional.of(new PhoneNumber(n, NumberClass.FRENCH_MOBILE));
        }
        return Optional.empty();
    }

    /** The number as SMPP wants it with TON international: digits only, no '+'. */
    public String international() {
        return international(e164);
    }

    /** For logs: the last four digits hidden. */
    public String masked() {
        return mask(e164);
    }

    /** {@link #international()} of a stored E.164 number. */
    public static String international(String e164) {
        return e164.startsWith("+") ? e164.substring(1) : e164;
    }

    /** {@link #masked()} of a stored E.164 number. */
    public static String mask(String e164) {
        return e164.length() <= 4 ? "****" : e164.substring(0, e164.length() - 4) + "****";
    }
}
