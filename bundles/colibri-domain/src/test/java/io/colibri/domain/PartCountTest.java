package io.colibri.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PartCountTest {

    @Test
    void gsm_basic_table_has_128_positions() {
        assertThat(Gsm7.BASIC).hasSize(128);
        assertThat(Gsm7.BASIC.charAt(0x1B)).isEqualTo('\u001B');
        assertThat(Gsm7.BASIC.charAt(0x40)).isEqualTo('¡');
        assertThat(Gsm7.BASIC.charAt(0x7F)).isEqualTo('à');
    }

    @ParameterizedTest(name = "{0} x ''{1}'' -> {2} {3} units, {4} parts")
    @CsvSource(delimiter = '|', value = {
        // repeat | unit     | encoding | units | parts
        "1   | a  | GSM7 | 1    | 1",
        "160 | a  | GSM7 | 160  | 1",
        "161 | a  | GSM7 | 161  | 2",
        "306 | a  | GSM7 | 306  | 2",
        "307 | a  | GSM7 | 307  | 3",
        "1224| a  | GSM7 | 1224 | 8",
        "1225| a  | GSM7 | 1225 | 9",
        "80  | €  | GSM7 | 160  | 1",
        "81  | €  | GSM7 | 162  | 2",
        "160 | é  | GSM7 | 160  | 1",
        "70  | ê  | UCS2 | 70   | 1",
        "71  | ê  | UCS2 | 71   | 2",
        "134 | ê  | UCS2 | 134  | 2",
        "135 | ê  | UCS2 | 135  | 3",
        "536 | ç  | UCS2 | 536  | 8",
    })
    void parts_are_counted_as_operators_bill_them(int repeat, String unit, Encoding encoding, int units, int parts) {
        PartCount count = PartCount.of(unit.repeat(repeat));
        assertThat(count.encoding()).isEqualTo(encoding);
        assertThat(count.units()).isEqualTo(units);
        assertThat(count.parts()).isEqualTo(parts);
    }

    @Test
    void one_character_outside_gsm_switches_the_whole_text_to_ucs2() {
        PartCount count = PartCount.of("a".repeat(69) + "ê");
        assertThat(count.encoding()).isEqualTo(Encoding.UCS2);
        assertThat(count.parts()).isEqualTo(1);
        assertThat(PartCount.of("a".repeat(70) + "ê").parts()).isEqualTo(2);
    }

    @Test
    void every_extension_character_counts_twice() {
        assertThat(PartCount.of("^{}\\[~]|€").units()).isEqualTo(18);
    }

    @Test
    void an_emoji_takes_two_ucs2_units() {
        assertThat(PartCount.of("ok 👍").units()).isEqualTo(5);
    }

    @Test
    void escape_character_itself_is_not_gsm() {
        assertThat(PartCount.of("\u001B").encoding()).isEqualTo(Encoding.UCS2);
    }

    @Test
    void more_than_eight_parts_is_too_long() {
        assertThat(PartCount.of("a".repeat(1224)).tooLong()).isFalse();
        assertThat(PartCount.of("a".repeat(1225)).tooLong()).isTrue();
    }
}
