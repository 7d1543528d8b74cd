package io.colibri.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PasswordRuleTest {

    @ParameterizedTest
    @ValueSource(strings = {"abcdefghi1", "A1b2C3d4E5f6", "1234567890abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ12"})
    void letters_and_digits_from_ten_to_sixty_four_will_do(String password) {
        assertThat(PasswordRule.problem(password)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
        "NULL | at least 10",
        "abcdefgh1 | at least 10",
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ1234567890123 | at most 64",
        "abcdefghijk | one letter and one digit",
        "12345678901 | one letter and one digit",
        "abcde.12345 | letters (a-z, A-Z) and digits only",
        "abcde 12345 | letters (a-z, A-Z) and digits only",
        "abcdé123456 | letters (a-z, A-Z) and digits only",
        "abcde:12345 | letters (a-z, A-Z) and digits only",
    })
    void anything_else_is_refused_with_its_reason(String password, String reason) {
        assertThat(PasswordRule.problem(password)).hasValueSatisfying(p -> assertThat(p).contains(reason));
    }
}
