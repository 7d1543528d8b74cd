package io.colibri.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** The connector key {@code charset}: how the SMSC reads data_coding 0. */
class SmscCharsetTest {

    @ParameterizedTest(name = "[{0}] -> {1}")
    @CsvSource(delimiter = '|', value = {
        "gsm         | GSM",
        "GSM         | GSM",
        "' gsm '     | GSM",
        "latin1      | LATIN1",
        "LATIN1      | LATIN1",
        "iso-8859-1  | LATIN1",
        "ISO-8859-1  | LATIN1",
    })
    void of(String value, SmscCharset charset) {
        assertThat(SmscCharset.of(value)).isEqualTo(charset);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"  "})
    void unset_is_the_smpp_default_gsm(String value) {
        assertThat(SmscCharset.of(value)).isEqualTo(SmscCharset.GSM);
    }

    @ParameterizedTest
    @ValueSource(strings = {"utf-8", "ucs2", "ascii", "latin-1", "latin9", "cp1252", "gsm7"})
    void other_charsets_are_refused(String value) {
        assertThatThrownBy(() -> SmscCharset.of(value)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(value);
    }

    @ParameterizedTest(name = "U+{0}: gsm {1}, latin1 {2}")
    @CsvSource({
        "0041, true, true",    // A
        "00E9, true, true",    // é
        "00E0, true, true",    // à
        "00A4, true, true",    // ¤
        "005B, true, true",    // [ (extension table, and ASCII)
        "000C, true, true",    // form feed (extension table)
        "20AC, true, false",   // € (extension table, not Latin-1)
        "0394, true, false",   // Δ
        "03A9, true, false",   // Ω
        "00EA, false, false",  // ê
        "0060, false, false",  // `
        "001B, false, false",  // escape
        "1F44D, false, false", // emoji
    })
    void sendable_with_data_coding_0(String unicode, boolean gsm, boolean latin1) {
        int cp = Integer.parseInt(unicode, 16);
        assertThat(SmscCharset.GSM.sendable(cp)).isEqualTo(gsm);
        assertThat(SmscCharset.LATIN1.sendable(cp)).isEqualTo(latin1);
    }
}
