package io.colibri.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class PhoneNumberTest {

    @ParameterizedTest
    @CsvSource({
        "0612345678, +33612345678",
        "0712345678, +33712345678",
        "+33612345678, +33612345678",
        "0033712345678, +33712345678",
        "06 12 34 56 78, +33612345678",
        "06.12.34.56.78, +33612345678",
        "+33 (0)6 12 34 56 78, ",
        "' 06-12-34-56-78 ', +33612345678",
    })
    void french_mobiles_are_normalised_to_e164(String raw, String expected) {
        if (expected == null) {
            assertThat(PhoneNumber.parse(raw)).isEmpty();
        } else {
            assertThat(PhoneNumber.parse(raw)).get().extracting(PhoneNumber::e164).isEqualTo(expected);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"0112345678", "0812345678", "061234567", "06123456789", "06123a5678",
        "+44712345678", "+3361234567", "abc", "+", "00"})
    void anything_but_a_french_mobile_is_refused_for_now(String raw) {
        assertThat(PhoneNumber.parse(raw)).isEmpty();
    }

    @ParameterizedTest
    @NullAndEmptySource
    void nothing_is_not_a_number(String raw) {
        assertThat(PhoneNumber.parse(raw)).isEmpty();
    }

    @org.junit.jupiter.api.Test
    void smpp_form_and_log_form() {
        PhoneNumber n = PhoneNumber.parse("0612345678").orElseThrow();
        assertThat(n.international()).isEqualTo("33612345678");
        assertThat(n.masked()).isEqualTo("+3361234****");
    }
}
