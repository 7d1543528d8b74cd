package io.colibri.domain;

/**
 * How an SMSC reads the bytes of a message sent with data_coding 0 (connector key {@code charset}).
 * The SMPP 3.4 default is the GSM 03.38 alphabet, one unpacked septet a byte; some SMSCs read
 * Latin-1 instead (Kannel's {@code alt-charset} serves the same SMSCs).
 */
public enum SmscCharset {
    /** GSM 03.38 default alphabet, extension characters as ESC + code. */
    GSM,
    /** ISO-8859-1: a text goes with data_coding 0 only when all of it is both GSM and Latin-1. */
    LATIN1;

    public static SmscCharset of(String value) {
        if (value == null || value.isBlank()) {
            return GSM;
        }
        return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "gsm" -> GSM;
            case "latin1", "iso-8859-1" -> LATIN1;
            default -> throw new IllegalArgumentException("charset must be gsm or latin1, not '" + value + "'");
        };
    }

    /** Whether this character can go with data_coding 0 on such an SMSC. */
    boolean sendable(int codePoint) {
        return Gsm7.septets(codePoint) > 0 && (this == GSM || codePoint <= 0xFF);
    }
}
