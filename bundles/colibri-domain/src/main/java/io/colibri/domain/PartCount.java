package io.colibri.domain;

/**
 * How many parts an operator bills for a text (OPT-7), as {@link SmsParts} cuts it.
 *
 * @param encoding the alphabet the text is sent in
 * @param units    septets (GSM7) or UTF-16 code units (UCS2) the text takes
 * @param parts    parts billed, which are the parts sent
 */
public record PartCount(Encoding encoding, int units, int parts) {

    /** The most parts a message may have. */
    public static final int MAX_PARTS = SmsParts.MAX_PARTS;

    /** The count on an SMSC that reads data_coding 0 as GSM 03.38 (the SMPP default). */
    public static PartCount of(String text) {
        return of(text, SmscCharset.GSM);
    }

    public static PartCount of(String text, SmscCharset charset) {
        return SmsParts.of(text, charset).partCount();
    }

    public boolean tooLong() {
        return parts > MAX_PARTS;
    }
}
