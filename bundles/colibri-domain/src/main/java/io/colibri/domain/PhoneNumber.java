package io.colibri.domain;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A recipient's number, normalised to E.164 ({@code +33612345678}), with its class (see
 * {@link NumberPlan} for the table of prefixes).
 *
 * <p>Accepted spellings: national French ({@code 0612345678}), {@code +33…} and {@code 0033…}
 * (with or without the national {@code (0)}), any {@code +<country code>…} or {@code 00<country
 * code>…}, with spaces, dots, dashes, slashes or parentheses between digits.
 *
 * @param landline a fixed line (metropolitan or overseas): SMS only in landline hours (OPT-10)
 */
public record PhoneNumber(String e164, NumberClass numberClass, boolean landline) {

    public enum NumberClass {
        FRENCH_MOBILE, FRENCH_LANDLINE, DOM_TOM, INTERNATIONAL
    }

    private static final Pattern SEPARATORS = Pattern.compile("[\\s\\u00A0\\u2007\\u202F.\\-()/]");

    private static final Pattern NUMBER_LIKE = Pattern.compile("[+\\d\\s\\u00A0\\u2007\\u202F.\\-()/]*\\d[+\\d\\s\\u00A0\\u2007\\u202F.\\-()/]*");

    /**
     * Whether a {@code numero} is meant as a phone number (digits, {@code +} and the separators
     * people type), right or wrong, rather than as a group name (HTTP-3).
     */
    public static boolean looksLikeNumber(String raw) {
        return raw != null && NUMBER_LIKE.matcher(raw.strip()).matches();
    }

    public static Optional<PhoneNumber> parse(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        String n = raw.trim().replace("(0)", "");
        n = SEPARATORS.matcher(n).replaceAll("");
        if (n.startsWith("00")) {
            n = "+" + n.substring(2);
        } else if (n.matches("0\\d{9}")) {
            n = NumberPlan.fromNational(n);
        }
        if (n.matches("\\+330\\d{9}")) {
            n = "+33" + n.substring(4); // +33 0 6…: the national 0 kept by mistake
        }
        return Optional.ofNullable(NumberPlan.classify(n));
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
