package io.colibri.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.colibri.domain.PhoneNumber.NumberClass;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** How customers write numbers; the classes of the prefix table are in {@link NumberPlanTest}. */
class PhoneNumberTest {

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {
        "0612345678",
        "06 12 34 56 78",
        "06.12.34.56.78",
        "06-12-34-56-78",
        "06/12/34/56/78",
        "(06) 12 34 56 78",
        "06 12 34 56 78 ",
        " 06 12 34 56 78",
        "06\t12\t34\t56\t78",
        "06\u00A012\u00A034\u00A056\u00A078",
        "06\u202F12\u202F34\u202F56\u202F78",
        "+33612345678",
        "+33 6 12 34 56 78",
        "+33.6.12.34.56.78",
        "+33-6-12-34-56-78",
        "+33 (0)6 12 34 56 78",
        "+33(0)612345678",
        "+33 (0) 6 12 34 56 78",
        "+33 06 12 34 56 78",
        "+330612345678",
        "0033612345678",
        "0033 6 12 34 56 78",
        "0033.6.12.34.56.78",
        "0033 (0)6 12 34 56 78",
        "0033 06 12 34 56 78",
        "00 33 6 12 34 56 78",
    })
    void every_spelling_of_a_french_mobile_is_the_same_e164_number(String raw) {
        assertThat(PhoneNumber.parse(raw)).contains(new PhoneNumber("+33612345678", NumberClass.FRENCH_MOBILE, false));
    }

    @ParameterizedTest(name = "[{0}] -> {1}")
    @CsvSource(delimiter = '|', value = {
        "01 23 45 67 89         | +33123456789",
        "+33 (0)1 23 45 67 89   | +33123456789",
        "0033 1 23 45 67 89     | +33123456789",
        "09.51.23.45.67         | +33951234567",
        "07-81-23-45-67         | +33781234567",
    })
    void other_metropolitan_spellings(String raw, String e164) {
        assertThat(PhoneNumber.parse(raw)).get().extracting(PhoneNumber::e164).isEqualTo(e164);
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {
        // 08: special and premium-rate numbers
        "0812345678", "08 00 12 34 56", "0899123456", "+33812345678", "+33 8 00 12 34 56", "0033 8 99 12 34 56",
        "+33 (0)8 00 12 34 56",
        // wrong lengths
        "061234567", "06123456789", "06 12 34 56 7", "06 12 34 56 789", "+3361234567", "+336123456789", "0033 6 12 34 56 7",
        "+33 06 12 34 56 7", "612345678", "33612345678", "6", "0", "06",
        // letters and other characters
        "06123a5678", "06 12 34 56 7O", "O612345678", "abc", "+33 6 AB CD EF GH", "tel:0612345678", "06,12,34,56,78",
        "06_12_34_56_78", "06 12 34 56 78 x", "+33 6 12 34 56 78 ext 5", "06#12345678", "06*12345678",
        "\uFF10\uFF16\uFF11\uFF12\uFF13\uFF14\uFF15\uFF16\uFF17\uFF18",
        // not a country code, or nothing after it
        "+", "00", "+33", "0033", "+33 (0)", "+0612345678", "++33612345678", "+033612345678", "+33012345678",
        "(0)6 12 34 56 78", "000033612345678",
    })
    void invalid_numbers(String raw) {
        assertThat(PhoneNumber.parse(raw)).isEmpty();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {" ", "  \t "})
    void nothing_is_not_a_number(String raw) {
        assertThat(PhoneNumber.parse(raw)).isEmpty();
    }

    @Test
    void smpp_form_and_log_form() {
        PhoneNumber n = PhoneNumber.parse("0612345678").orElseThrow();
        assertThat(n.international()).isEqualTo("33612345678");
        assertThat(n.masked()).isEqualTo("+3361234****");
        PhoneNumber overseas = PhoneNumber.parse("0690123456").orElseThrow();
        assertThat(overseas.international()).isEqualTo("590690123456");
        assertThat(overseas.masked()).isEqualTo("+59069012****");
    }

    @ParameterizedTest(name = "[{0}] -> {1} / {2}")
    @CsvSource({
        "+33612345678, 33612345678, +3361234****",
        "33612345678, 33612345678, 3361234****",
        "+1234, 1234, +****",
        "abcd, abcd, ****",
        "+12345, 12345, +1****",
    })
    void stored_numbers_are_masked_and_stripped_the_same_way(String e164, String international, String masked) {
        assertThat(PhoneNumber.international(e164)).isEqualTo(international);
        assertThat(PhoneNumber.mask(e164)).isEqualTo(masked);
    }
}
