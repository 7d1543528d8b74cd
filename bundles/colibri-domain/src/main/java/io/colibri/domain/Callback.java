package io.colibri.domain;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HTTP callbacks (HTTP-6): what is POSTed to an account's URL, how it is signed, and when a failed
 * POST is tried again. The body is JSON:
 * <pre>
 *   {"event":"status","messageId":12,"recipient":"+33612345678","status":"DELIVERED","time":"2026-11-26T10:15:00Z","error":null}
 *   {"event":"reply","replyId":3,"messageId":12,"from":"+33612345678","text":"Oui","time":"2026-11-26T10:16:00Z"}
 * </pre>
 * and the header {@value #SIGNATURE_HEADER} carries {@code sha256=<hex HMAC-SHA256 of the body
 * with the account's secret>}, so the customer can check that the gateway sent it.
 */
public final class Callback {
    public static final String SIGNATURE_HEADER = "X-Colibri-Signature";
    /** A POST failing for longer than this is given up (and logged). */
    public static final Duration GIVE_UP_AFTER = Duration.ofHours(24);
    private static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    private static final Duration LONGEST_WAIT = Duration.ofMinutes(30);

    private Callback() {
    }

    /** A message's status changed. */
    public static String status(long messageId, String recipient, String status, Instant time, String error) {
        return "{\"event\":\"status\",\"messageId\":" + messageId + ",\"recipient\":" + string(recipient) + ",\"status\":"
                + string(status) + ",\"time\":" + string(time.toString()) + ",\"error\":" + string(error) + "}";
    }

    /** A reply came. */
    public static String reply(long replyId, Long messageId, String from, String text, Instant time) {
        return "{\"event\":\"reply\",\"replyId\":" + replyId + ",\"messageId\":" + (messageId == null ? "null" : messageId)
                + ",\"from\":" + string(from) + ",\"text\":" + string(text) + ",\"time\":" + string(time.toString()) + "}";
    }

    /** The value of {@value #SIGNATURE_HEADER}. */
    /** One Mac per thread (getInstance looks the provider up each time); keyed anew for each signature. */
    private static final ThreadLocal<Mac> MACS = ThreadLocal.withInitial(() -> {
        try {
            return Mac.getInstance("HmacSHA256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("HMAC-SHA256 unavailable", e);
        }
    });

    public static String signature(String secret, String body) {
        try {
            Mac mac = MACS.get();
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 unavailable", e);
        }
    }

    /**
     * When to try again after {@code attempts} failed POSTs of an event created at {@code created}:
     * 1 s, 2 s, 4 s… doubling up to 30 min between tries; empty once 24 h have passed.
     */
    public static Optional<Instant> retryAt(Instant created, int attempts, Instant now) {
        if (!now.isBefore(created.plus(GIVE_UP_AFTER))) {
            return Optional.empty();
        }
        long seconds = FIRST_RETRY.getSeconds() << Math.min(Math.max(attempts - 1, 0), 20);
        Duration wait = Duration.ofSeconds(Math.min(seconds, LONGEST_WAIT.getSeconds()));
        return Optional.of(now.plus(wait));
    }

    /** A JSON string, or null. */
    static String string(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
