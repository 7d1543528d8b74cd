package io.colibri.domain;

import io.colibri.domain.PhoneNumber.NumberClass;
import java.util.List;

/**
 * The one table of number prefixes the gateway knows (catalogue: numbers, OPT-10, OPT-11). Every
 * decision about a destination (class, price, connector, landline hours) starts from here.
 *
 * <p>French metropolitan numbers are {@code +33} followed by nine digits, written nationally as
 * {@code 0} followed by the same nine digits:
 * <pre>
 *   national   E.164        class
 *   06, 07     +336, +337   French mobile
 *   01 … 05    +331 … +335  French landline (geographic)
 *   09         +339         French landline (non-geographic, "box" lines)
 *   08         +338         invalid: special and premium-rate services never receive SMS
 * </pre>
 * French overseas ranges use their own country code but are also dialled nationally with a
 * leading 0, so {@code 0690 12 34 56} is {@code +590 690 12 34 56}:
 * <pre>
 *   national        E.164 prefix   where                                       kind
 *   0590            +590 590       Guadeloupe, Saint-Barthélemy, Saint-Martin  landline
 *   0690, 0691      +590 690/691   Guadeloupe, Saint-Barthélemy, Saint-Martin  mobile
 *   0596            +596 596       Martinique                                  landline
 *   0696, 0697      +596 696/697   Martinique                                  mobile
 *   0594            +594 594       Guyane                                      landline
 *   0694            +594 694       Guyane                                      mobile
 *   0262, 0263      +262 262/263   Réunion                                     landline
 *   0692, 0693      +262 692/693   Réunion                                     mobile
 *   0269            +262 269       Mayotte                                     landline
 *   0639            +262 639       Mayotte                                     mobile
 *   —               +508 + 6 dig.  Saint-Pierre-et-Miquelon (4x landline, 5x mobile)
 *   —               +687 + 6 dig.  Nouvelle-Calédonie (7x, 8x, 9x mobile; others landline)
 *   —               +689 + 8 dig.  Polynésie française (87, 88, 89 mobile; others landline)
 *   —               +681 + 6 dig.  Wallis-et-Futuna (8x mobile; others landline)
 * </pre>
 * Every other country code is international: {@code +} or {@code 00}, then 8 to 15 digits in
 * all (E.164), the first not 0. Which international destinations can be sent to, and at what
 * price, is the price table's business ({@code etc/io.colibri.prices.cfg}).
 */
public final class NumberPlan {

    /** A range of French overseas numbers: the E.164 prefix, the total length in digits, its kind. */
    record Overseas(String e164Prefix, int digits, boolean landline, String national) {
    }

    /** The overseas table above, as data. {@code national} is the 0-prefix dialled from France, or null. */
    static final List<Overseas> OVERSEAS = List.of(
            new Overseas("+590590", 12, true, "0590"),
            new Overseas("+590690", 12, false, "0690"),
            new Overseas("+590691", 12, false, "0691"),
            new Overseas("+596596", 12, true, "0596"),
            new Overseas("+596696", 12, false, "0696"),
            new Overseas("+596697", 12, false, "0697"),
            new Overseas("+594594", 12, true, "0594"),
            new Overseas("+594694", 12, false, "0694"),
            new Overseas("+262262", 12, true, "0262"),
            new Overseas("+262263", 12, true, "0263"),
            new Overseas("+262692", 12, false, "0692"),
            new Overseas("+262693", 12, false, "0693"),
            new Overseas("+262269", 12, true, "0269"),
            new Overseas("+262639", 12, false, "0639"),
            new Overseas("+5084", 9, true, null),
            new Overseas("+5085", 9, false, null),
            new Overseas("+6877", 9, false, null),
            new Overseas("+6878", 9, false, null),
            new Overseas("+6879", 9, false, null),
            new Overseas("+687", 9, true, null),
            new Overseas("+68987", 11, false, null),
            new Overseas("+68988", 11, false, null),
            new Overseas("+68989", 11, false, null),
            new Overseas("+689", 11, true, null),
            new Overseas("+6818", 9, false, null),
            new Overseas("+681", 9, true, null));

    /** Country codes that belong to the French overseas table: never "international". */
    static final List<String> OVERSEAS_CODES = List.of("+590", "+596", "+594", "+262", "+508", "+687", "+689", "+681");

    /** The local time of each overseas country code (Mayotte's +262 269/639 ranges apart). */
    static final java.util.Map<String, java.time.ZoneId> ZONES = java.util.Map.of(
            "+590", java.time.ZoneId.of("America/Guadeloupe"),
            "+596", java.time.ZoneId.of("America/Martinique"),
            "+594", java.time.ZoneId.of("America/Cayenne"),
            "+262", java.time.ZoneId.of("Indian/Reunion"),
            "+508", java.time.ZoneId.of("America/Miquelon"),
            "+687", java.time.ZoneId.of("Pacific/Noumea"),
            "+689", java.time.ZoneId.of("Pacific/Tahiti"),
            "+681", java.time.ZoneId.of("Pacific/Wallis"));

    private NumberPlan() {
    }

    /**
     * The recipient's local time: the territory's for a French overseas number, Paris for every
     * other (international numbers have no landline class, so this is only asked of French ones).
     */
    public static java.time.ZoneId zone(PhoneNumber number) {
        if (number.numberClass() != PhoneNumber.NumberClass.DOM_TOM) {
            return Diff.PARIS;
        }
        String e164 = number.e164();
        if (e164.startsWith("+262269") || e164.startsWith("+262639")) {
            return java.time.ZoneId.of("Indian/Mayotte");
        }
        return ZONES.getOrDefault(e164.substring(0, 4), Diff.PARIS);
    }

    /** National French spelling ({@code 0} + nine digits) to E.164, overseas ranges included. */
    static String fromNational(String tenDigits) {
        for (Overseas o : OVERSEAS) {
            if (o.national() != null && tenDigits.startsWith(o.national())) {
                return o.e164Prefix().substring(0, 4) + tenDigits.substring(1);
            }
        }
        return "+33" + tenDigits.substring(1);
    }

    /**
     * Classifies an E.164 candidate ({@code +} and digits only).
     *
     * @return the number, or null when it is not a number SMS can be sent to
     */
    static PhoneNumber classify(String e164) {
        if (!e164.matches("\\+[1-9]\\d{6,14}")) {
            return null;
        }
        if (e164.startsWith("+33")) {
            return metropolitan(e164);
        }
        for (Overseas o : OVERSEAS) {
            if (e164.startsWith(o.e164Prefix())) {
                return e164.length() - 1 == o.digits() ? new PhoneNumber(e164, NumberClass.DOM_TOM, o.landline()) : null;
            }
        }
        if (OVERSEAS_CODES.stream().anyMatch(e164::startsWith)) {
            return null; // an overseas country code outside every known range
        }
        int digits = e164.length() - 1;
        return digits >= 8 ? new PhoneNumber(e164, NumberClass.INTERNATIONAL, false) : null;
    }

    private static PhoneNumber metropolitan(String e164) {
        if (e164.length() != 12) {
            return null;
        }
        // +33 6 90 … written with the metropolitan code still reaches the overseas range.
        String national = "0" + e164.substring(3);
        String overseas = fromNational(national);
        if (!overseas.startsWith("+33")) {
            return classify(overseas);
        }
        return switch (e164.charAt(3)) {
            case '6', '7' -> new PhoneNumber(e164, NumberClass.FRENCH_MOBILE, false);
            case '1', '2', '3', '4', '5', '9' -> new PhoneNumber(e164, NumberClass.FRENCH_LANDLINE, true);
            default -> null; // 08: special and premium-rate services
        };
    }
}
