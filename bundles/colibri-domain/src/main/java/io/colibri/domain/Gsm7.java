package io.colibri.domain;

import java.io.ByteArrayOutputStream;

/**
 * The GSM 03.38 default alphabet and its extension table. A character of the extension table
 * is sent as ESC (0x1B) + its code, so it takes two septets.
 */
public final class Gsm7 {
    /** Basic table, in code order 0x00..0x7F (0x1B, the escape, is not a character). */
    static final String BASIC =
            "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001BÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
          + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    /** Extension table characters (each costs two septets) … */
    static final String EXTENSION = "\f^{}\\[~]|€";
    /** … and their codes after the escape, in the same order. */
    private static final byte[] EXTENSION_CODES = {0x0A, 0x14, 0x28, 0x29, 0x2F, 0x3C, 0x3D, 0x3E, 0x40, 0x65};
    public static final byte ESCAPE = 0x1B;

    private Gsm7() {
    }

    /** Septets this character takes, or -1 when it is outside the GSM alphabet. */
    public static int septets(int codePoint) {
        if (codePoint == ESCAPE || codePoint >= 0x10000) {
            return -1;
        }
        if (BASIC.indexOf((char) codePoint) >= 0) {
            return 1;
        }
        if (EXTENSION.indexOf((char) codePoint) >= 0) {
            return 2;
        }
        return -1;
    }

    /** Septets of the whole text, or -1 as soon as one character is outside the alphabet. */
    public static int septets(CharSequence text) {
        int total = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = Character.codePointAt(text, i);
            int s = septets(cp);
            if (s < 0) {
                return -1;
            }
            total += s;
            i += Character.charCount(cp);
        }
        return total;
    }

    /**
     * The text as unpacked GSM 03.38 septets, one byte each (what SMPP carries with data_coding 0;
     * the SMSC packs them for the air). Every character must be in the alphabet.
     */
    public static byte[] encode(CharSequence text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            int basic = c == ESCAPE ? -1 : BASIC.indexOf(c);
            if (basic >= 0) {
                out.write(basic);
                continue;
            }
            int ext = EXTENSION.indexOf(c);
            if (ext < 0) {
                throw new IllegalArgumentException("not in the GSM 03.38 alphabet: U+" + Integer.toHexString(c));
            }
            out.write(ESCAPE);
            out.write(EXTENSION_CODES[ext]);
        }
        return out.toByteArray();
    }

    /** The reverse of {@link #encode}: what a phone shows for these septets. */
    public static String decode(byte[] septets) {
        StringBuilder text = new StringBuilder(septets.length);
        for (int i = 0; i < septets.length; i++) {
            int b = septets[i] & 0x7F;
            if (b == ESCAPE && i + 1 < septets.length) {
                int code = septets[++i];
                int ext = -1;
                for (int e = 0; e < EXTENSION_CODES.length; e++) {
                    if (EXTENSION_CODES[e] == code) {
                        ext = e;
                    }
                }
                // TS 23.038: a code the extension table lacks is shown as the basic table's character.
                text.append(ext >= 0 ? EXTENSION.charAt(ext) : code == ESCAPE ? ' ' : BASIC.charAt(code & 0x7F));
            } else {
                text.append(BASIC.charAt(b));
            }
        }
        return text.toString();
    }
}
