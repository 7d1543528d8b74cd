package io.colibri.domain;

/**
 * How many parts an operator bills for a text (OPT-7): GSM 7-bit when every character is in the
 * GSM 03.38 alphabet (extension characters count twice), UCS-2 otherwise; 160/153 and 70/67.
 *
 * @param encoding the alphabet the text is sent in
 * @param units    septets (GSM7) or UTF-16 code units (UCS2) the text takes
 * @param parts    parts billed: 1 up to the single-message size, then ceil(units / perPart)
 */
public record PartCount(Encoding encoding, int units, int parts) {

    /** The most parts a message may have. */
    public static final int MAX_PARTS = 8;

    public static PartCount of(String text) {
        int septets = Gsm7.septets(text);
        if (septets >= 0) {
            return new PartCount(Encoding.GSM7, septets, parts(Encoding.GSM7, septets));
        }
        // UCS-2 counts UTF-16 code units: a character outside the BMP (emoji) takes two.
        int units = text.length();
        return new PartCount(Encoding.UCS2, units, parts(Encoding.UCS2, units));
    }

    private static int parts(Encoding encoding, int units) {
        if (units <= encoding.single) {
            return 1;
        }
        return (units + encoding.perPart - 1) / encoding.perPart;
    }

    public boolean tooLong() {
        return parts > MAX_PARTS;
    }
}
