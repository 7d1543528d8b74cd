package io.colibri.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InvoiceAmountsTest {

    @ParameterizedTest
    @CsvSource({
            // euros, VAT %, excl. cents, VAT cents, incl. cents
            "50, 20, 5000, 1000, 6000",
            "50.00, 20.0, 5000, 1000, 6000",
            "0.01, 20, 1, 0, 1",           // 0.2 cent rounds down
            "0.03, 20, 3, 1, 4",           // 0.6 cent rounds up
            "0.025, 20, -1, -1, -1",       // three decimals: refused
            "10.05, 5.5, 1005, 55, 1060",  // 55.275 → 55
            "10.10, 5.5, 1010, 56, 1066",  // 55.55 → 56
            "0.10, 5, 10, 1, 11",          // 0.5 cent: half up
            "1000000, 20, 100000000, 20000000, 120000000",
            "1000000.01, 20, -1, -1, -1",
            "0, 20, -1, -1, -1",
            "-5, 20, -1, -1, -1",
            "100, 0, 10000, 0, 10000",
            "100, 100.01, -1, -1, -1",
            "100, 2.125, -1, -1, -1",
    })
    void vat_is_rounded_to_the_cent_half_up_and_nonsense_is_refused(String euros, String vat, long excl, long tax, long incl) {
        if (excl < 0) {
            assertThatThrownBy(() -> InvoiceAmounts.of(new BigDecimal(euros), new BigDecimal(vat))).isInstanceOf(IllegalArgumentException.class);
            return;
        }
        InvoiceAmounts a = InvoiceAmounts.of(new BigDecimal(euros), new BigDecimal(vat));
        assertThat(a.exclTax()).isEqualTo(excl);
        assertThat(a.vat()).isEqualTo(tax);
        assertThat(a.inclTax()).isEqualTo(incl);
    }

    @Test
    void amounts_are_written_the_french_way_and_as_json_decimals() {
        assertThat(InvoiceAmounts.euros(123450)).isEqualTo("1 234,50 €");
        assertThat(InvoiceAmounts.euros(5)).isEqualTo("0,05 €");
        assertThat(InvoiceAmounts.euros(120000000)).isEqualTo("1 200 000,00 €");
        assertThat(InvoiceAmounts.decimal(123450)).isEqualTo("1234.50");
        assertThat(InvoiceAmounts.decimal(5)).isEqualTo("0.05");
        assertThat(InvoiceAmounts.of(new BigDecimal("10"), new BigDecimal("5.5")).rateText()).isEqualTo("5,5 %");
        assertThat(InvoiceAmounts.of(new BigDecimal("10"), new BigDecimal("20")).rateText()).isEqualTo("20 %");
    }

    @Test
    void numbers_carry_the_year_and_the_sequence_on_six_digits() {
        assertThat(InvoiceAmounts.number("F", 2026, 1)).isEqualTo("F2026-000001");
        assertThat(InvoiceAmounts.number("CLB-", 2027, 1234567)).isEqualTo("CLB-2027-1234567");
    }

    @Test
    void the_four_payment_methods_and_no_other() {
        assertThat(InvoiceAmounts.Method.of("direct-debit")).isEqualTo(InvoiceAmounts.Method.DIRECT_DEBIT);
        assertThat(InvoiceAmounts.Method.of("cheque").french).isEqualTo("chèque");
        assertThatThrownBy(() -> InvoiceAmounts.Method.of("cash")).hasMessageContaining("card, cheque, transfer or direct-debit");
    }
}
