package io.colibri.domain;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The low-balance alert of an account (ACC-6): every morning, while its balance is below the
 * threshold, one alert by mail and/or SMS. Part of the account's options ({@link AccountOptions}):
 * <pre>
 *   key              values                             default  catalogue
 *   alert-threshold  empty (off), or credits            empty    ACC-6: alert while the balance is below it
 *   alert-email      empty (the account's address), an address, or off    empty
 *   alert-mobile     empty (none), or a number          empty    the SMS alert, 1 credit like any SMS
 * </pre>
 *
 * @param threshold null when the alert is off
 */
public record AlertOptions(Integer threshold, String email, String mobile) {
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

    public static final List<String> KEYS = List.of("alert-threshold", "alert-email", "alert-mobile");

    public static final AlertOptions DEFAULTS = new AlertOptions(null, "", "");

    /** Whether the account wants the alert at all. */
    public boolean on() {
        return threshold != null;
    }

    /** Whether an alert is due for this balance. */
    public boolean below(long balance) {
        return threshold != null && balance < threshold;
    }

    /** Where the mail goes: the given address, the account's own, or nowhere (empty). */
    public String mailTo(String accountEmail) {
        return "off".equals(email) ? "" : email.isEmpty() ? accountEmail : email;
    }

    AlertOptions with(String key, String v) {
        return switch (key) {
            case "alert-threshold" -> new AlertOptions(threshold(v), email, mobile);
            case "alert-email" -> new AlertOptions(threshold, email(v), mobile);
            case "alert-mobile" -> new AlertOptions(threshold, email, v.isEmpty() ? "" : PhoneNumber.parse(v).map(PhoneNumber::e164)
                    .orElseThrow(() -> new IllegalArgumentException("alert-mobile must be a phone number, not '" + v + "'")));
            default -> throw new IllegalArgumentException("unknown option '" + key + "'");
        };
    }

    void putInto(Map<String, String> m) {
        m.put("alert-threshold", threshold == null ? "" : threshold.toString());
        m.put("alert-email", email);
        m.put("alert-mobile", mobile);
    }

    private static Integer threshold(String v) {
        if (v.isEmpty() || v.equalsIgnoreCase("off")) {
            return null;
        }
        try {
            int t = Integer.parseInt(v);
            if (t > 0) {
                return t;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalArgumentException("alert-threshold must be empty (off) or a number of credits above 0, not '" + v + "'");
    }

    private static String email(String v) {
        if (v.isEmpty() || v.equalsIgnoreCase("off")) {
            return v.toLowerCase(java.util.Locale.ROOT);
        }
        if (!EMAIL.matcher(v).matches()) {
            throw new IllegalArgumentException("alert-email must be empty (the account's address), an address, or off, not '" + v + "'");
        }
        return v;
    }
}
