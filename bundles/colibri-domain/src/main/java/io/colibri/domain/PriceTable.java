package io.colibri.domain;

import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * Credits a part costs, by destination (OPT-7, OPT-11): metropolitan France (mobiles and
 * landlines) 1, French overseas 4, international by country code from {@code etc/io.colibri.prices.cfg}.
 * A country the table does not list cannot be sent to.
 *
 * @param international credits a part by country code (digits, no '+'); the longest matching code wins
 */
public record PriceTable(int metropolitan, int domTom, Map<String, Integer> international) {

    public static final PriceTable DEFAULT = new PriceTable(1, 4, Map.of());

    public PriceTable {
        international = Map.copyOf(international);
    }

    /**
     * From configuration keys {@code metropolitan}, {@code domtom} and {@code international.<country
     * code>} (e.g. {@code international.32 = 2} for Belgium). Missing keys keep the defaults.
     */
    public static PriceTable from(Map<String, ?> cfg) {
        Map<String, Integer> international = new TreeMap<>();
        cfg.forEach((k, v) -> {
            if (k.startsWith("international.")) {
                String code = k.substring("international.".length());
                if (!code.matches("[1-9]\\d{0,3}")) {
                    throw new IllegalArgumentException("price key " + k + ": a country code is 1 to 4 digits");
                }
                international.put(code, credits(k, v));
            }
        });
        return new PriceTable(
                cfg.containsKey("metropolitan") ? credits("metropolitan", cfg.get("metropolitan")) : DEFAULT.metropolitan,
                cfg.containsKey("domtom") ? credits("domtom", cfg.get("domtom")) : DEFAULT.domTom,
                international);
    }

    private static int credits(String key, Object value) {
        try {
            int n = Integer.parseInt(String.valueOf(value).trim());
            if (n < 1) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("price " + key + " must be a whole number of credits, at least 1: '" + value + "'");
        }
    }

    /** Credits a part to this number, or empty for an international destination with no price. */
    public OptionalInt perPart(PhoneNumber number) {
        return switch (number.numberClass()) {
            case FRENCH_MOBILE, FRENCH_LANDLINE -> OptionalInt.of(metropolitan);
            case DOM_TOM -> OptionalInt.of(domTom);
            case INTERNATIONAL -> {
                String digits = number.international();
                for (int len = Math.min(4, digits.length()); len >= 1; len--) {
                    Integer price = international.get(digits.substring(0, len));
                    if (price != null) {
                        yield OptionalInt.of(price);
                    }
                }
                yield OptionalInt.empty();
            }
        };
    }
}
