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
}
