package io.colibri.gateway.http;

import io.colibri.domain.TextCharset;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Parameters of a legacy HTTP request, decoded from the raw bytes so that the charset is ours to
 * choose. Old customers' scripts send Latin-1 (PHP's default before UTF-8 won), new ones UTF-8,
 * and few say which. The rule, per request:
 * <ol>
 *   <li>a {@code charset} in the Content-Type is used when Java knows it;</li>
 *   <li>else UTF-8 when every value's bytes are valid UTF-8;</li>
 *   <li>else Windows-1252 (Latin-1 plus the characters Windows puts in 0x80–0x9F, € among them).</li>
 * </ol>
 * Values are percent-decoded ({@code +} is a space); raw bytes above 0x7F, which some clients send
 * unencoded, are kept as they are. A key given in the query and in the body takes the body's value.
 */
public final class FormParameters {
    static final Charset WINDOWS_1252 = TextCharset.WINDOWS_1252;

    private FormParameters() {
    }

    public static Map<String, String> parse(String rawQuery, byte[] body, String contentType) {
        Map<String, byte[]> raw = new LinkedHashMap<>();
        if (rawQuery != null) {
            split(rawQuery.getBytes(StandardCharsets.ISO_8859_1), raw);
        }
        if (body != null) {
            split(body, raw);
        }
        Charset charset = declared(contentType);
        if (charset == null) {
            charset = raw.values().stream().allMatch(TextCharset::isUtf8) ? StandardCharsets.UTF_8 : WINDOWS_1252;
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (var e : raw.entrySet()) {
            out.put(e.getKey(), new String(e.getValue(), charset));
        }
        return out;
    }

    private static void split(byte[] bytes, Map<String, byte[]> into) {
        int start = 0;
        for (int i = 0; i <= bytes.length; i++) {
            if (i == bytes.length || bytes[i] == '&') {
                if (i > start) {
                    int eq = start;
                    while (eq < i && bytes[eq] != '=') {
                        eq++;
                    }
                    String key = new String(decode(bytes, start, eq), StandardCharsets.UTF_8).trim();
                    byte[] value = eq < i ? decode(bytes, eq + 1, i) : new byte[0];
                    if (!key.isEmpty()) {
                        into.put(key, value);
                    }
                }
                start = i + 1;
            }
        }
    }

    private static byte[] decode(byte[] b, int from, int to) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(to - from);
        for (int i = from; i < to; i++) {
            if (b[i] == '+') {
                out.write(' ');
            } else if (b[i] == '%' && i + 2 < to && hex(b, i + 1) >= 0 && hex(b, i + 2) >= 0) {
                out.write(hex(b, i + 1) * 16 + hex(b, i + 2));
                i += 2;
            } else {
                out.write(b[i]);
            }
        }
        return out.toByteArray();
    }

    private static int hex(byte[] b, int i) {
        if (i >= b.length) {
            return -1;
        }
        return Character.digit(b[i], 16);
    }

    private static Charset declared(String contentType) {
        if (contentType == null) {
            return null;
        }
        for (String part : contentType.split(";")) {
            String p = part.trim();
            if (p.toLowerCase(Locale.ROOT).startsWith("charset=")) {
                String name = p.substring(8).trim().replace("\"", "");
                try {
                    return Charset.isSupported(name) ? Charset.forName(name) : null;
                } catch (IllegalArgumentException e) {
                    return null;
                }
            }
        }
        return null;
    }
}
