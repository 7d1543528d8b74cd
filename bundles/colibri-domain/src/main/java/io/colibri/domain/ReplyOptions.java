package io.colibri.domain;

import java.util.List;
import java.util.Map;

/**
 * What the gateway does with the replies (MO) an account's messages get (OPT-12..14). Part of
 * the account's options ({@link AccountOptions}):
 * <pre>
 *   key                   values               default                      catalogue
 *   reply-stop-text       text                 {@link #STOP_TEXT}           OPT-14: the confirmation a STOP gets (free)
 *   reply-ack-text        text, empty = off    empty                        OPT-13: the answer any other reply gets (debited, when the credit allows)
 *   reply-forward-email   on, off              on                           OPT-12: each reply forwarded to the account's address (free)
 *   reply-forward-mobile  a number, empty      empty                        OPT-12: each reply forwarded to that mobile (1 credit each)
 * </pre>
 */
public record ReplyOptions(String stopText, String ackText, boolean forwardEmail, String forwardMobile) {
    /** The STOP confirmation until the account writes its own. */
    public static final String STOP_TEXT = "STOP enregistré : vous ne recevrez plus de SMS de notre part.";
    /** Longest text an option holds: 8 parts of UCS-2 at most are sent anyway. */
    static final int MAX_TEXT = 1000;

    public static final List<String> KEYS = List.of("reply-stop-text", "reply-ack-text", "reply-forward-email", "reply-forward-mobile");

    public static final ReplyOptions DEFAULTS = new ReplyOptions(STOP_TEXT, "", true, "");

    ReplyOptions with(String key, String v, java.util.function.BiFunction<String, String, Boolean> onOff) {
        return switch (key) {
            case "reply-stop-text" -> new ReplyOptions(text(key, v.isEmpty() ? STOP_TEXT : v), ackText, forwardEmail, forwardMobile);
            case "reply-ack-text" -> new ReplyOptions(stopText, text(key, v), forwardEmail, forwardMobile);
            case "reply-forward-email" -> new ReplyOptions(stopText, ackText, onOff.apply(key, v), forwardMobile);
            case "reply-forward-mobile" -> new ReplyOptions(stopText, ackText, forwardEmail, mobile(v));
            default -> throw new IllegalArgumentException("unknown option '" + key + "'");
        };
    }

    void putInto(Map<String, String> m, java.util.function.Function<Boolean, String> onOff) {
        m.put("reply-stop-text", stopText);
        m.put("reply-ack-text", ackText);
        m.put("reply-forward-email", onOff.apply(forwardEmail));
        m.put("reply-forward-mobile", forwardMobile);
    }

    private static String text(String key, String v) {
        if (v.length() > MAX_TEXT) {
            throw new IllegalArgumentException(key + " holds at most " + MAX_TEXT + " characters");
        }
        return v;
    }

    /** Empty, or a number the gateway can send to, stored in E.164. */
    private static String mobile(String v) {
        if (v.isEmpty()) {
            return "";
        }
        return PhoneNumber.parse(v).map(PhoneNumber::e164)
                .orElseThrow(() -> new IllegalArgumentException("reply-forward-mobile must be a phone number, not '" + v + "'"));
    }
}
