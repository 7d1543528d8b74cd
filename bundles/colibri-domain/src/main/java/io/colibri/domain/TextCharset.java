package io.colibri.domain;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Which of the two charsets customers' text comes in: UTF-8 (with or without a byte order mark)
 * or Windows-1252 (what Excel and older scripts write in France; a superset of Latin-1 for every
 * printable character). Decided from the bytes, never from a file name: UTF-8 when the bytes are
 * valid UTF-8, else Windows-1252. Pure ASCII is both; it is reported as UTF-8.
 */
public final class TextCharset {
    public static final Charset WINDOWS_1252 = Charset.forName("windows-1252");
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private TextCharset() {
    }

    public static boolean isUtf8(byte[] bytes) {
        return isUtf8(bytes, 0, bytes.length);
    }

    public static boolean isUtf8(byte[] bytes, int from, int to) {
        CharsetDecoder decoder = strictUtf8();
        CoderResult r = decoder.decode(ByteBuffer.wrap(bytes, from, to - from), CharBuffer.allocate(to - from), true);
        return !r.isError() && !decoder.flush(CharBuffer.allocate(1)).isError();
    }

    /** Whether the bytes start with the UTF-8 byte order mark. */
    public static boolean hasBom(byte[] head) {
        return head.length >= 3 && head[0] == BOM[0] && head[1] == BOM[1] && head[2] == BOM[2];
    }

    /**
     * Reads the whole stream once, in constant memory, and says which charset it is in. The
     * caller opens the data again to decode it (a file is read twice; its bytes are never all held).
     */
    public static Charset detect(InputStream in) throws IOException {
        CharsetDecoder decoder = strictUtf8();
        ByteBuffer bytes = ByteBuffer.allocate(64 * 1024);
        CharBuffer chars = CharBuffer.allocate(64 * 1024);
        boolean first = true;
        int n;
        while ((n = in.read(bytes.array(), bytes.position(), bytes.remaining())) >= 0) {
            bytes.position(bytes.position() + n);
            if (first && bytes.position() >= 3) {
                first = false;
                byte[] head = {bytes.get(0), bytes.get(1), bytes.get(2)};
                if (hasBom(head)) {
                    return StandardCharsets.UTF_8;
                }
            }
            bytes.flip();
            CoderResult r = decoder.decode(bytes, chars, false);
            if (r.isError()) {
                return WINDOWS_1252;
            }
            chars.clear();
            bytes.compact();
        }
        bytes.flip();
        CoderResult end = decoder.decode(bytes, chars, true);
        if (end.isError() || decoder.flush(chars).isError()) {
            return WINDOWS_1252;
        }
        return StandardCharsets.UTF_8;
    }

    private static CharsetDecoder strictUtf8() {
        return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
    }
}
