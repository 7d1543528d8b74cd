package io.colibri.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AlertOptionsTest {

    @Test
    void off_until_a_threshold_is_set() {
        AlertOptions off = AccountOptions.DEFAULTS.alert();
        assertThat(off.on()).isFalse();
        assertThat(off.below(0)).isFalse();
        AlertOptions on = AccountOptions.DEFAULTS.with("alert-threshold", "50").alert();
        assertThat(on.below(49)).isTrue();
        assertThat(on.below(50)).isFalse();
        assertThat(AccountOptions.DEFAULTS.with("alert-threshold", "50").with("alert-threshold", "off").alert().on()).isFalse();
    }

    @Test
    void the_mail_goes_to_the_account_unless_told_otherwise() {
        assertThat(AccountOptions.DEFAULTS.alert().mailTo("a@b.fr")).isEqualTo("a@b.fr");
        assertThat(AccountOptions.DEFAULTS.with("alert-email", "compta@b.fr").alert().mailTo("a@b.fr")).isEqualTo("compta@b.fr");
        assertThat(AccountOptions.DEFAULTS.with("alert-email", "OFF").alert().mailTo("a@b.fr")).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"alert-threshold|0", "alert-threshold|-3", "alert-threshold|beaucoup", "alert-email|compta",
            "alert-mobile|0899123456"})
    void bad_values_are_refused_naming_the_key(String key, String value) {
        assertThatThrownBy(() -> AccountOptions.DEFAULTS.with(key, value)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(key);
    }
}
