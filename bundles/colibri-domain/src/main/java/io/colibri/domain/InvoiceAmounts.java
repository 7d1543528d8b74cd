package io.colibri.domain;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Arrays;
import java.util.Locale;

/**
 * The money of a top-up's invoice (ACC-2), in cents: the amount before tax as the operator gives
 * it, the VAT at the configured rate rounded to the cent (half up, as French invoices do), and the
 * total. Amounts are written the French way ({@code 1 234,50 €}).
 *
 * @param exclTax cents before tax, more than 0
 * @param vatRate the rate in basis points (20 % = 2000)
 */
public record InvoiceAmounts(long exclTax, int vatRate, long vat, long inclTax) {
    /** The largest top-up one invoice may carry: a million euros. */
    public static final long MAX_CENTS = 100_000_000L;

    /** How the customer paid: the catalogue's four ways. */
    public enum Method {
        CARD("card", "carte bancaire"), CHEQUE("cheque", "chèque"), TRANSFER("transfer", "virement"),
        DIRECT_DEBIT("direct-debit", "prélèvement");

        public final String key;
        public final String french;

        Method(String key, String french) {
            this.key = key;
            this.french = french;
        }

        public static Method of(String key) {
            return Arrays.stream(values()).filter(m -> m.key.equals(key)).findFirst().orElseThrow(() ->
                    new IllegalArgumentException("the payment method is card, cheque, transfer or direct-debit, not '" + key + "'"));
        }
    }

    public InvoiceAmounts {
        if (exclTax <= 0 || exclTax > MAX_CENTS || vatRate < 0 || vatRate > 10_000 || vat < 0 || inclTax != exclTax + vat) {
            throw new IllegalArgumentException("inconsistent invoice amounts");
        }
    }

    /**
     * From the amount before tax in euros (at most two decimals, more than 0, at most a million) and
     * the VAT rate in percent (0 to 100, at most two decimals).
     */
    public static InvoiceAmounts of(BigDecimal euros, BigDecimal vatPercent) {
        if (euros == null || euros.signum() <= 0 || euros.stripTrailingZeros().scale() > 2
                || euros.compareTo(BigDecimal.valueOf(MAX_CENTS / 100)) > 0) {
            throw new IllegalArgumentException("the amount is in euros before tax, more than 0, at most 1000000, with at most two decimals");
        }
        if (vatPercent == null || vatPercent.signum() < 0 || vatPercent.compareTo(BigDecimal.valueOf(100)) > 0
                || vatPercent.stripTrailingZeros().scale() > 2) {
            throw new IllegalArgumentException("the VAT rate is a percentage from 0 to 100 with at most two decimals");
        }
        long cents = euros.movePointRight(2).longValueExact();
        int rate = vatPercent.movePointRight(2).intValueExact();
        long vat = BigDecimal.valueOf(cents).multiply(BigDecimal.valueOf(rate)).divide(BigDecimal.valueOf(10_000), 0, RoundingMode.HALF_UP)
                .longValueExact();
        return new InvoiceAmounts(cents, rate, vat, cents + vat);
    }

    /** Cents as euros with a dot, for JSON: {@code 1234.50}. */
    public static String decimal(long cents) {
        return BigDecimal.valueOf(cents, 2).toPlainString();
    }

    /** Cents as French euros: {@code 1 234,50 €}. */
    public static String euros(long cents) {
        String digits = Long.toString(cents / 100);
        StringBuilder grouped = new StringBuilder();
        for (int i = 0; i < digits.length(); i++) {
            if (i > 0 && (digits.length() - i) % 3 == 0) {
                grouped.append(' ');
            }
            grouped.append(digits.charAt(i));
        }
        return grouped + "," + String.format(Locale.ROOT, "%02d", cents % 100) + " €";
    }

    /** The rate as French text: {@code 20 %}, {@code 5,5 %}. */
    public String rateText() {
        return BigDecimal.valueOf(vatRate, 2).stripTrailingZeros().toPlainString().replace('.', ',') + " %";
    }

    /** An invoice's number: the prefix, the year, and its place in the one gapless sequence. */
    public static String number(String prefix, int year, long sequence) {
        return prefix + year + "-" + String.format(Locale.ROOT, "%06d", sequence);
    }
}
