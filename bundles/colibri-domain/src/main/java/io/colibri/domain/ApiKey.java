package io.colibri.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An API key (issue 15): {@code clb_} and 43 characters of base64url, 256 random bits. Shown once
 * when it is made; only its SHA-256 is stored (a key has the entropy a password lacks, so a fast
 * hash found by index is as safe as PBKDF2 and costs nothing per request), with its first
 * characters to tell keys apart in lists. Sent as {@code Authorization: Bearer <key>}.
 */
public final class ApiKey {
    public static final String PREFIX = "clb_";
    /** Characters of a key: the prefix and 32 random bytes in base64url without padding. */
    public static final int LENGTH = PREFIX.length() + 43;
    /** How much of a key lists show: the prefix and six characters. */
    public static final int SHOWN = PREFIX.length() + 6;
    /** The longest Authorization header read; anything longer is no key. */
    public static final int MAX_HEADER = 200;

    private static final Pattern FORM = Pattern.compile("clb_[A-Za-z0-9_-]{43}");

    private ApiKey() {
    }

    /** A new key from this source of randomness (a {@link SecureRandom} outside tests). */
    public static String generate(java.util.Random random) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static String generate() {
        return generate(new SecureRandom());
    }

    /** Whether the text has a key's form (checked before anything is looked up). */
    public static boolean wellFormed(String key) {
        return key != null && key.length() == LENGTH && FORM.matcher(key).matches();
    }

    /** What is stored: the SHA-256 of the key, in lower-case hex. */
    public static String hash(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What lists show of a key: its first characters and an ellipsis. */
    public static String shown(String key) {
        return key.substring(0, SHOWN) + "…";
    }

    /**
     * The key an {@code Authorization} header carries: {@code Bearer <key>}, the scheme in any
     * case, surrounding spaces ignored; empty when the header is missing, too long, of another
     * scheme, or carries something that is not a key's form.
     */
    public static Optional<String> fromAuthorization(String header) {
        if (header == null || header.length() > MAX_HEADER) {
            return Optional.empty();
        }
        String h = header.strip();
        int space = h.indexOf(' ');
        if (space < 0 || !h.substring(0, space).toLowerCase(Locale.ROOT).equals("bearer")) {
            return Optional.empty();
        }
        String key = h.substring(space + 1).strip();
        return wellFormed(key) ? Optional.of(key) : Optional.empty();
    }
}
