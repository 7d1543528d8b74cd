package io.colibri.gateway.mail;

import io.colibri.domain.MailText;
import io.colibri.domain.RequestKeys;
import io.colibri.domain.TextCharset;
import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Part;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimePart;
import jakarta.mail.internet.MimePartDataSource;
import jakarta.mail.internet.MimeUtility;
import jakarta.mail.internet.ParseException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UnsupportedEncodingException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads what the gateway needs of one received mail: its key, sender, recipients, subject and
 * SMS text. Bodies are decoded without JAF content handlers (the mailcap lookup may fail inside
 * OSGi): parts are read as bytes and decoded with their declared charset, multiparts are parsed
 * directly from their source.
 */
public final class MailDecoder {
    /** Longest key kept as is; a longer Message-ID is replaced by its digest. */
    static final int MAX_KEY = 250;
    /** Deepest MIME nesting walked; deeper parts are ignored. */
    private static final int MAX_DEPTH = 16;
    /** Headers the recipients are read from, in this order. */
    private static final List<String> RECIPIENT_HEADERS = List.of("X-Original-To", "Delivered-To", "To", "Cc");
    /** Bytes of a text part read: enough for {@link MailText#MAX_BODY} characters in any charset. */
    static final int MAX_PART_BYTES = 4 * MailText.MAX_BODY;
    private static final Pattern FOLD = Pattern.compile("\\r?\\n[ \\t]");
    /** Charset of an RFC 2047 encoded word that real clients use for Windows-1252. */
    private static final Pattern LATIN1_WORD = Pattern.compile("=\\?(?:iso-8859-1|iso_8859-1|latin1|us-ascii)(\\*[^?]*)?\\?",
            Pattern.CASE_INSENSITIVE);

    /** What the gateway needs of one received mail. */
    public record Decoded(String key, String from, List<String> recipients, String subject, String text, boolean hasMessageId) {
    }

    /** The plain and HTML bodies found in a MIME tree; either may be null. */
    private record Body(String plain, String html) {
        static final Body NONE = new Body(null, null);

        boolean isEmpty() {
            return plain == null && html == null;
        }
    }

    private MailDecoder() {
    }

    /**
     * Decodes a mail as the mailbox gave it. Never throws for a malformed body: a part that cannot
     * be read counts as empty. Throws MessagingException only when the headers themselves cannot be read.
     */
    public static Decoded decode(Message message) throws MessagingException {
        String messageId = first(message, "Message-ID");
        messageId = messageId == null ? null : MimeUtility.unfold(messageId).trim();
        boolean hasMessageId = messageId != null && !messageId.isEmpty();
        String key;
        if (!hasMessageId) {
            key = "sha256:" + digest(message);
        } else if (messageId.length() > MAX_KEY) {
            key = "sha256:" + RequestKeys.digest(messageId);
        } else {
            key = messageId;
        }
        return new Decoded(key, from(message), recipients(message), subject(message), text(message), hasMessageId);
    }

    /** Parses raw RFC 5322 bytes (tests, and mail read from files). */
    public static Decoded decode(byte[] raw) throws MessagingException {
        return decode(new MimeMessage(null, new ByteArrayInputStream(raw)));
    }

    // ---------------------------------------------------------------- headers

    /** The first value of a header, 8-bit bytes read as UTF-8 where they are; null when absent. */
    private static String first(Part part, String name) throws MessagingException {
        String[] values = part.getHeader(name);
        return values == null || values.length == 0 ? null : raw8bit(values[0]);
    }

    /**
     * Headers are read byte per char (ISO-8859-1) unless the session allows UTF-8; a client that
     * put raw UTF-8 (or Windows-1252) into a header meant those characters.
     */
    private static String raw8bit(String value) {
        boolean high = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c > 0xFF) {
                return value;
            }
            high |= c >= 0x80;
        }
        if (!high) {
            return value;
        }
        byte[] bytes = value.getBytes(StandardCharsets.ISO_8859_1);
        return new String(bytes, TextCharset.isUtf8(bytes) ? StandardCharsets.UTF_8 : TextCharset.WINDOWS_1252);
    }

    /** The bare address of the first From address, lower-cased; null when there is none. */
    private static String from(Message message) throws MessagingException {
        String value = first(message, "From");
        if (value == null) {
            return null;
        }
        List<String> addresses = addresses(value);
        return addresses.isEmpty() ? null : addresses.get(0).toLowerCase(Locale.ROOT);
    }

    /**
     * The bare recipient addresses in {@link #RECIPIENT_HEADERS} order, deduplicated ignoring case:
     * an address keeps the place it was first seen at, and the first spelling that has capitals.
     */
    private static List<String> recipients(Message message) throws MessagingException {
        Map<String, String> seen = new LinkedHashMap<>();
        for (String name : RECIPIENT_HEADERS) {
            String[] values = message.getHeader(name);
            if (values == null) {
                continue;
            }
            for (String value : values) {
                for (String address : addresses(raw8bit(value))) {
                    // A mail server may have lower-cased its own headers: a later spelling with
                    // capitals is the one the sender typed (passwords are case-sensitive).
                    seen.merge(address.toLowerCase(Locale.ROOT), address,
                            (kept, again) -> isLowerCase(kept) && !isLowerCase(again) ? again : kept);
                }
            }
        }
        return List.copyOf(seen.values());
    }

    private static boolean isLowerCase(String s) {
        return s.equals(s.toLowerCase(Locale.ROOT));
    }

    /**
     * The bare addresses of one address header, group members included; empty when the header
     * cannot be parsed. Only addresses with an {@code @} are kept.
     */
    private static List<String> addresses(String value) {
        String unfolded = MimeUtility.unfold(value).trim();
        List<String> found = parse(unfolded);
        if (found.isEmpty() && unfolded.contains("=?")) {
            // Some senders encode the whole header, address included, as one encoded word.
            try {
                found = parse(MimeUtility.decodeText(unfolded));
            } catch (UnsupportedEncodingException e) {
                return List.of();
            }
        }
        return found;
    }

    private static List<String> parse(String value) {
        List<String> out = new ArrayList<>();
        try {
            for (InternetAddress address : InternetAddress.parseHeader(value, false)) {
                if (address.isGroup()) {
                    InternetAddress[] members = address.getGroup(false);
                    for (InternetAddress member : members == null ? new InternetAddress[0] : members) {
                        add(out, member);
                    }
                } else {
                    add(out, address);
                }
            }
        } catch (AddressException e) {
            return List.of();
        }
        return out;
    }

    private static void add(List<String> out, Address address) {
        if (address instanceof InternetAddress ia && ia.getAddress() != null) {
            String bare = ia.getAddress().trim();
            int at = bare.lastIndexOf('@');
            if (at > 0 && at < bare.length() - 1 && bare.chars().noneMatch(c -> c == '<' || c == '>' || Character.isWhitespace(c))) {
                out.add(bare);
            }
        }
    }

    /**
     * The decoded, unfolded subject; empty when there is none. A fold's tab counts as a space:
     * Outlook folds a subject by turning one of its spaces into a line break and a tab.
     */
    private static String subject(Message message) throws MessagingException {
        String value = first(message, "Subject");
        if (value == null) {
            return "";
        }
        String unfolded = MimeUtility.unfold(FOLD.matcher(value).replaceAll(" "));
        try {
            return MimeUtility.decodeText(LATIN1_WORD.matcher(unfolded).replaceAll("=?windows-1252$1?")).strip();
        } catch (UnsupportedEncodingException e) {
            return unfolded.strip();
        }
    }

    // ---------------------------------------------------------------- key

    /** Hex SHA-256 of the message as {@link Message#writeTo} gives it. */
    private static String digest(Message message) throws MessagingException {
        MessageDigest sha = sha256();
        try (OutputStream out = new DigestOutputStream(OutputStream.nullOutputStream(), sha)) {
            message.writeTo(out);
        } catch (IOException e) {
            throw new MessagingException("Cannot read the message to digest it", e);
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    // ---------------------------------------------------------------- body

    /**
     * The SMS text: the plain body, or the HTML one when there is no plain body, the plain body
     * is blank, or only the HTML keeps {@code <SMS>} markup (clients drop unknown tags from the
     * plain alternative).
     */
    private static String text(Message message) throws MessagingException {
        Body body = find(mimePart(message), 0);
        String plain = body.plain();
        String html = body.html();
        if (plain != null && !plain.isBlank() && (html == null || MailText.hasSms(plain) || !MailText.hasSms(html))) {
            return MailText.fromPlain(plain);
        }
        if (html != null) {
            return MailText.fromHtml(html);
        }
        return plain == null ? "" : MailText.fromPlain(plain);
    }

    /** The message as a MIME part; a message of another kind is parsed again from its bytes. */
    private static MimePart mimePart(Message message) throws MessagingException {
        if (message instanceof MimePart part) {
            return part;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            message.writeTo(bytes);
        } catch (IOException e) {
            throw new MessagingException("Cannot read the message", e);
        }
        return new MimeMessage(null, new ByteArrayInputStream(bytes.toByteArray()));
    }

    /** The bodies of a part: its own text, or those found in a multipart; attachments have none. */
    private static Body find(MimePart part, int depth) {
        try {
            if (depth > MAX_DEPTH || (depth > 0 && isAttachment(part))) {
                return Body.NONE;
            }
            ContentType type = contentType(part);
            if (type.match("text/plain")) {
                String text = read(part, type);
                return new Body(isFlowed(type) ? unflow(text, "yes".equalsIgnoreCase(type.getParameter("delsp"))) : text, null);
            }
            if (type.match("text/html")) {
                return new Body(null, read(part, type));
            }
            if (!type.getPrimaryType().equalsIgnoreCase("multipart")) {
                return Body.NONE;
            }
            MimeMultipart multipart = new MimeMultipart(new MimePartDataSource(part));
            int count = multipart.getCount();
            if (type.getSubType().equalsIgnoreCase("alternative")) {
                String plain = null;
                String html = null;
                for (int i = 0; i < count; i++) {
                    Body alternative = child(multipart.getBodyPart(i), depth);
                    plain = plain == null ? alternative.plain() : plain;
                    html = html == null ? alternative.html() : html;
                }
                return new Body(plain, html);
            }
            // mixed, related, signed, report...: the first part that has a body is the body;
            // text parts after it (signatures, inline attachments) are not.
            for (int i = 0; i < count; i++) {
                Body body = child(multipart.getBodyPart(i), depth);
                if (!body.isEmpty()) {
                    return body;
                }
            }
            return Body.NONE;
        } catch (MessagingException | RuntimeException e) {
            // a part whose structure cannot be read has no body; the mail is still decoded
            return Body.NONE;
        }
    }

    private static Body child(BodyPart part, int depth) {
        return part instanceof MimePart mime ? find(mime, depth + 1) : Body.NONE;
    }

    private static boolean isAttachment(MimePart part) throws MessagingException {
        String disposition = part.getHeader("Content-Disposition", null);
        return disposition != null && disposition.trim().toLowerCase(Locale.ROOT).startsWith("attachment");
    }

    /**
     * The part's content type; a malformed one loses its parameters, and one that cannot be read
     * at all is taken as opaque data (ignored) rather than text.
     */
    private static ContentType contentType(MimePart part) throws MessagingException {
        String value = part.getHeader("Content-Type", null);
        if (value == null) {
            return new ContentType("text", "plain", null);
        }
        try {
            return new ContentType(value);
        } catch (ParseException e) {
            try {
                int semicolon = value.indexOf(';');
                return new ContentType(semicolon < 0 ? value : value.substring(0, semicolon));
            } catch (ParseException again) {
                return new ContentType("application", "octet-stream", null);
            }
        }
    }

    private static boolean isFlowed(ContentType type) {
        return "flowed".equalsIgnoreCase(type.getParameter("format"));
    }

    /** The part's text: transfer encoding undone, bytes decoded by {@link #charset}; empty when unreadable. */
    private static String read(MimePart part, ContentType type) {
        byte[] bytes;
        try (InputStream in = open(part)) {
            bytes = in.readNBytes(MAX_PART_BYTES);
        } catch (IOException | MessagingException e) {
            return "";
        }
        String text = new String(bytes, charset(type.getParameter("charset"), bytes));
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    /** The decoded content; the raw content when the transfer encoding is unknown. */
    private static InputStream open(MimePart part) throws IOException, MessagingException {
        try {
            return part.getInputStream();
        } catch (IOException | MessagingException e) {
            if (part instanceof MimeBodyPart body) {
                return body.getRawInputStream();
            }
            if (part instanceof MimeMessage message) {
                return message.getRawInputStream();
            }
            throw e;
        }
    }

    /**
     * The charset to decode a text part with. ISO-8859-1 means Windows-1252 (a superset, what
     * clients mean); US-ASCII, a missing or an unknown charset mean UTF-8 when the bytes are valid
     * UTF-8, else Windows-1252 (pure ASCII decodes the same either way).
     */
    static Charset charset(String declared, byte[] bytes) {
        Charset guess = TextCharset.isUtf8(bytes) ? StandardCharsets.UTF_8 : TextCharset.WINDOWS_1252;
        if (declared == null || declared.isBlank()) {
            return guess;
        }
        Charset charset;
        try {
            charset = Charset.forName(MimeUtility.javaCharset(declared.trim()));
        } catch (IllegalArgumentException e) {
            return guess;
        }
        if (charset.equals(StandardCharsets.ISO_8859_1)) {
            return TextCharset.WINDOWS_1252;
        }
        return charset.equals(StandardCharsets.US_ASCII) ? guess : charset;
    }

    /**
     * Undoes RFC 3676 {@code format=flowed}: a line ending with a space goes on with the next one
     * (the space removed when {@code delsp=yes}), a space-stuffed line loses its first space.
     * Quoted lines ({@code >}) and the signature separator {@code "-- "} are left as they are.
     */
    static String unflow(String text, boolean delSp) {
        List<String> lines = new ArrayList<>();
        StringBuilder current = null;
        for (String line : text.split("\r\n|\r|\n", -1)) {
            if (line.startsWith(">")) {
                if (current != null) {
                    lines.add(current.toString());
                    current = null;
                }
                lines.add(line);
                continue;
            }
            String content = line.startsWith(" ") ? line.substring(1) : line;
            boolean flowed = content.endsWith(" ") && !content.equals("-- ");
            if (flowed && delSp) {
                content = content.substring(0, content.length() - 1);
            }
            current = current == null ? new StringBuilder(content) : current.append(content);
            if (!flowed) {
                lines.add(current.toString());
                current = null;
            }
        }
        if (current != null) {
            lines.add(current.toString());
        }
        return String.join("\n", lines);
    }
}
