package io.colibri.domain;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The options of one account (ACC-7), with the seed's defaults for a new account. Stored as
 * key/value text; {@link #with} validates a value given by an operator and says what is wrong.
 *
 * <pre>
 *   key              values                      default  catalogue
 *   long-sms         on, off                     off      OPT-7: off refuses a text over one part (97)
 *   format           normal, flash, normal+flash normal   OPT-2: flash is SMS class 0
 *   validity         1h … 72h (or 1d … 3d)       48h      OPT-3: SMPP validity_period
 *   duplicate-guard  on, off                     on       OPT-6: same text, same number, 24 h (91)
 *   landline         on, off                     off      OPT-10: French landlines (else 84)
 *   domtom           on, off                     off      OPT-11: French overseas (else 93)
 *   international    on, off                     off      other countries, priced by etc/io.colibri.prices.cfg (else 84)
 *   allowed-ips      addresses and CIDR networks, comma-separated; empty = any   HTTP-8 (else 96)
 *   channels         http, api, mail, drop (comma-separated), or none; empty = all   ACC-4
 *   mail-…           what is told by mail, and the mail cut-off: see {@link MailOptions}
 *   reply-…          what replies (MO) get: see {@link ReplyOptions}
 *   alert-…          the low-balance alert: see {@link AlertOptions}
 * </pre>
 */
public record AccountOptions(boolean longSms, Format format, Duration validity, boolean duplicateGuard,
                             boolean landline, boolean domTom, boolean international, List<IpRange> allowedIps,
                             MailOptions mail, ReplyOptions replies, AlertOptions alert, Set<Channel> channels) {

    public enum Format {
        NORMAL("normal"), FLASH("flash"), NORMAL_FLASH("normal+flash");

        public final String key;

        Format(String key) {
            this.key = key;
        }

        static Format of(String value) {
            return Arrays.stream(values()).filter(f -> f.key.equals(value)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("format must be normal, flash or normal+flash, not '" + value + "'"));
        }
    }

    /** The option keys, in the order they are shown. */
    public static final List<String> KEYS = java.util.stream.Stream.concat(java.util.stream.Stream.of("long-sms", "format",
            "validity", "duplicate-guard", "landline", "domtom", "international", "allowed-ips", "channels"), java.util.stream.Stream.of(MailOptions.KEYS, ReplyOptions.KEYS, AlertOptions.KEYS).flatMap(List::stream)).toList();

    public static final AccountOptions DEFAULTS = new AccountOptions(false, Format.NORMAL, Duration.ofHours(48), true,
            false, false, false, List.of(), MailOptions.DEFAULTS, ReplyOptions.DEFAULTS, AlertOptions.DEFAULTS,
            java.util.EnumSet.allOf(Channel.class));

    /** The options before mail options existed: mail options at their defaults. */
    public AccountOptions(boolean longSms, Format format, Duration validity, boolean duplicateGuard, boolean landline,
                          boolean domTom, boolean international, List<IpRange> allowedIps) {
        this(longSms, format, validity, duplicateGuard, landline, domTom, international, allowedIps, MailOptions.DEFAULTS,
                ReplyOptions.DEFAULTS, AlertOptions.DEFAULTS, java.util.EnumSet.allOf(Channel.class));
    }

    /** The options before channels existed: every channel. */
    public AccountOptions(boolean longSms, Format format, Duration validity, boolean duplicateGuard, boolean landline,
                          boolean domTom, boolean international, List<IpRange> allowedIps, MailOptions mail, ReplyOptions replies,
                          AlertOptions alert) {
        this(longSms, format, validity, duplicateGuard, landline, domTom, international, allowedIps, mail, replies, alert,
                java.util.EnumSet.allOf(Channel.class));
    }

    public AccountOptions {
        allowedIps = List.copyOf(allowedIps);
        mail = mail == null ? MailOptions.DEFAULTS : mail;
        replies = replies == null ? ReplyOptions.DEFAULTS : replies;
        alert = alert == null ? AlertOptions.DEFAULTS : alert;
        channels = channels == null ? java.util.EnumSet.allOf(Channel.class)
                : java.util.Collections.unmodifiableSet(channels.isEmpty() ? java.util.EnumSet.noneOf(Channel.class) : java.util.EnumSet.copyOf(channels));
    }

    /** The options as stored: missing keys keep their defaults. */
    public static AccountOptions of(Map<String, String> stored) {
        AccountOptions options = DEFAULTS;
        for (var e : stored.entrySet()) {
            if (KEYS.contains(e.getKey())) {
                options = options.with(e.getKey(), e.getValue());
            }
        }
        return options;
    }

    /**
     * This account with one option changed.
     *
     * @throws IllegalArgumentException for an unknown key or a bad value, with a message for the operator
     */
    public AccountOptions with(String key, String value) {
        String v = value == null ? "" : value.trim();
        return switch (key) {
            case "long-sms" -> new AccountOptions(onOff(key, v), format, validity, duplicateGuard, landline, domTom, international, allowedIps, mail, replies, alert, channels);
            case "format" -> new AccountOptions(longSms, Format.of(v.toLowerCase(Locale.ROOT)), validity, duplicateGuard, landline, domTom, international, allowedIps, mail, replies, alert, channels);
            case "validity" -> new AccountOptions(longSms, format, validity(v), duplicateGuard, landline, domTom, international, allowedIps, mail, replies, alert, channels);
            case "duplicate-guard" -> new AccountOptions(longSms, format, validity, onOff(key, v), landline, domTom, international, allowedIps, mail, replies, alert, channels);
            case "landline" -> new AccountOptions(longSms, format, validity, duplicateGuard, onOff(key, v), domTom, international, allowedIps, mail, replies, alert, channels);
            case "domtom" -> new AccountOptions(longSms, format, validity, duplicateGuard, landline, onOff(key, v), international, allowedIps, mail, replies, alert, channels);
            case "international" -> new AccountOptions(longSms, format, validity, duplicateGuard, landline, domTom, onOff(key, v), allowedIps, mail, replies, alert, channels);
            case "allowed-ips" -> new AccountOptions(longSms, format, validity, duplicateGuard, landline, domTom, international, ips(v), mail, replies, alert, channels);
            case "channels" -> new AccountOptions(longSms, format, validity, duplicateGuard, landline, domTom, international, allowedIps, mail, replies, alert, Channel.parse(v));
            case "mail-registered", "mail-refused", "mail-finished", "mail-delivered", "mail-cutoff" ->
                    new AccountOptions(longSms, format, validity, duplicateGuard, landline, domTom, international, allowedIps,
                            mail.with(key, v, AccountOptions::onOff), replies, alert, channels);
            case "reply-stop-text", "reply-ack-text", "reply-forward-email", "reply-forward-mobile" ->
                    new AccountOptions(longSms, format, validity, duplicateGuard, landline, domTom, international, allowedIps, mail,
                            replies.with(key, value == null ? "" : value.strip(), AccountOptions::onOff), alert, channels);
            case "alert-threshold", "alert-email", "alert-mobile" ->
                    new AccountOptions(longSms, format, validity, duplicateGuard, landline, domTom, international, allowedIps, mail,
                            replies, alert.with(key, v), channels);
            default -> throw new IllegalArgumentException("unknown option '" + key + "'; options are " + String.join(", ", KEYS));
        };
    }

    /** Every option as text, in {@link #KEYS} order: what is stored and shown. */
    public Map<String, String> asMap() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("long-sms", onOff(longSms));
        m.put("format", format.key);
        m.put("validity", validity.toHours() + "h");
        m.put("duplicate-guard", onOff(duplicateGuard));
        m.put("landline", onOff(landline));
        m.put("domtom", onOff(domTom));
        m.put("international", onOff(international));
        m.put("allowed-ips", allowedIps.stream().map(IpRange::toString).collect(Collectors.joining(",")));
        m.put("channels", Channel.text(channels));
        mail.putInto(m, AccountOptions::onOff);
        replies.putInto(m, AccountOptions::onOff);
        alert.putInto(m);
        return m;
    }

    /** Addresses no caller has: what allowed-ips holds when a sub-account's list and its parent's have nothing in common. */
    static final List<IpRange> NO_CALLER = List.of(IpRange.parse("0.0.0.0"), IpRange.parse("::"));

    /**
     * A sub-account's options as they apply (ACC-4): a sub-account never does what its parent
     * forbids. The kinds of numbers and long messages need both to allow them; the callers allowed
     * are those both lists allow (a sub-account's range outside its parent's is dropped; nothing in
     * common allows no caller). The rest (format, validity, guard, mail, replies, alerts) is its own.
     */
    public AccountOptions within(AccountOptions parent) {
        // The channels too: only those both allow.
        List<IpRange> ips;
        if (parent.allowedIps.isEmpty()) {
            ips = allowedIps;
        } else if (allowedIps.isEmpty()) {
            ips = parent.allowedIps;
        } else {
            ips = allowedIps.stream().filter(r -> parent.allowedIps.stream().anyMatch(r::within)).toList();
            ips = ips.isEmpty() ? NO_CALLER : ips;
        }
        java.util.Set<Channel> both = java.util.EnumSet.noneOf(Channel.class);
        both.addAll(channels);
        both.retainAll(parent.channels);
        return new AccountOptions(longSms && parent.longSms, format, validity, duplicateGuard, landline && parent.landline,
                domTom && parent.domTom, international && parent.international, ips, mail, replies, alert, both);
    }

    /** Whether requests may come to the account this way (ACC-4; none for a disabled account). */
    public boolean allows(Channel channel) {
        return channels.contains(channel);
    }

    /** These options with no channel at all: a disabled account's. */
    public AccountOptions disabled() {
        return new AccountOptions(longSms, format, validity, duplicateGuard, landline, domTom, international, allowedIps, mail, replies, alert,
                java.util.EnumSet.noneOf(Channel.class));
    }

    /** HTTP-8: an empty list allows any caller. */
    public boolean ipAllowed(String callerAddress) {
        return allowedIps.isEmpty() || allowedIps.stream().anyMatch(r -> r.contains(callerAddress));
    }

    private static boolean onOff(String key, String v) {
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "on", "yes", "true", "1" -> true;
            case "off", "no", "false", "0" -> false;
            default -> throw new IllegalArgumentException(key + " must be on or off, not '" + v + "'");
        };
    }

    private static String onOff(boolean b) {
        return b ? "on" : "off";
    }

    private static Duration validity(String v) {
        String s = v.toLowerCase(Locale.ROOT);
        try {
            Duration d;
            if (s.endsWith("h")) {
                d = Duration.ofHours(Long.parseLong(s.substring(0, s.length() - 1)));
            } else if (s.endsWith("d")) {
                d = Duration.ofDays(Long.parseLong(s.substring(0, s.length() - 1)));
            } else {
                throw new NumberFormatException();
            }
            if (d.compareTo(Duration.ofHours(1)) < 0 || d.compareTo(Duration.ofHours(72)) > 0) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("validity must be 1h to 72h (or 1d to 3d), not '" + v + "'");
        }
    }

    private static List<IpRange> ips(String v) {
        List<IpRange> ranges = new ArrayList<>();
        for (String part : v.split(",")) {
            if (!part.isBlank()) {
                ranges.add(IpRange.parse(part));
            }
        }
        return ranges;
    }
}
