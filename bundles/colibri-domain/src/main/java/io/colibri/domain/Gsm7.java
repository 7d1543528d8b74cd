package io.colibri.domain;

/**
 * The GSM 03.38 default alphabet and its extension table. A character of the extension table
 * is sent as ESC + character, so it takes two septets.
 */
public final class Gsm7 {
    /** Basic table, in code-point order 0x00..0x7F (0x1B, the escape, is not a character). */
    static final String BASIC =
            "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001BÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
          + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    /** Extension table characters (each costs two septets). */
    static final String EXTENSION = "\f^{}\\[~]|€";

    private Gsm7() {
    }

    /** Septets this character takes, or -1 when it is outside the GSM alphabet. */
    public static int septets(int codePoint) {
        if (codePoint == 0x1B) {
            return -1;
        }
        if (codePoint < 0x10000 && BASIC.indexOf((char) codePoint) >= 0) {
            return 1;
        }
        if (codePoint < 0x10000 && EXTENSION.indexOf((char) codePoint) >= 0) {
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
}
