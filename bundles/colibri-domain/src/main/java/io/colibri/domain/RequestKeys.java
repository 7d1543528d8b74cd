package io.colibri.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The keys that make a request count once (the {@code request_key} table), one namespace per
 * channel: {@code mail:}, {@code reply:}, {@code alert:}. A key that comes from outside (a mail's
 * {@code Message-ID}) is never stored as it came: it is hashed with its sender, so that no mail
 * can write a key of another channel ({@code reply:1234:stop}) or of another sender.
 */
public final class RequestKeys {
    private static final HexFormat HEX = HexFormat.of();

    private RequestKeys() {
    }

    /**
     * A received mail: its sender (compared without case) and its {@code Message-ID}, or a digest
     * of the whole mail when it has none. Always 69 characters.
     */
    public static String mail(String sender, String messageId) {
        if (sender == null || sender.isBlank() || messageId == null || messageId.isEmpty()) {
            throw new IllegalArgumentException("a mail key needs a sender and an id");
        }
        return "mail:" + digest(sender.strip().toLowerCase(Locale.ROOT) + "\n" + messageId);
    }

    /** The n-th recipient (from 1) of a mail whose key is {@code mailKey}. */
    public static String mailRecipient(String mailKey, int n) {
        if (!mailKey.startsWith("mail:") || n < 1) {
            throw new IllegalArgumentException("not a mail key, or a recipient before the first: " + n);
        }
        return mailKey + "#" + n;
    }

    /** An action taken for a received reply (MO): {@code stop}, or the rule that answered it. */
    public static String reply(long replyId, String action) {
        if (action == null || action.isEmpty() || action.length() > 200) {
            throw new IllegalArgumentException("a reply action is 1 to 200 characters");
        }
        return "reply:" + replyId + ":" + action;
    }

    /** The low-balance alert SMS of an account, once a day. */
    public static String alert(long accountId, LocalDate day) {
        return "alert:" + accountId + ":" + day;
    }

    /** Hex SHA-256 of the text in UTF-8. */
    public static String digest(String text) {
        try {
            return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
