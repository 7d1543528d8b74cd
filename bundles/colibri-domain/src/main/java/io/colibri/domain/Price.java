package io.colibri.domain;

/** Credits a message costs: its parts times the price of a part to its destination (OPT-7, OPT-11). */
public final class Price {
    private Price() {
    }

    /** @throws IllegalArgumentException when the destination has no price */
    public static int credits(PriceTable table, PhoneNumber number, PartCount parts) {
        int perPart = table.perPart(number).orElseThrow(() -> new IllegalArgumentException("no price for " + number.masked()));
        return Math.multiplyExact(perPart, parts.parts());
    }

    /**
     * What is given back of a message's price when only some of its parts left (a long message
     * whose later part the SMSC refused, or did not answer): the parts that left, or may have,
     * are paid, the others refunded. Every part of a message costs the same ({@link #credits});
     * should the price not divide evenly (a price table changed by hand), the sender pays the
     * parts kept rounded down, never more than was debited.
     *
     * @param credits   what the message was debited
     * @param parts     its parts
     * @param partsKept the parts that left or may have left (0: refunded whole; {@code parts} or more: nothing back)
     */
    public static int refund(int credits, int parts, int partsKept) {
        if (credits <= 0 || parts <= 0) {
            return Math.max(0, credits);
        }
        int kept = Math.max(0, Math.min(parts, partsKept));
        return credits - (int) ((long) credits * kept / parts);
    }
}
