package io.colibri.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;
import org.junit.jupiter.params.provider.CsvSource;

class PartCountTest {

    @Test
    void gsm_basic_table_has_128_positions() {
        assertThat(Gsm7.BASIC).hasSize(128);
        assertThat(Gsm7.BASIC.charAt(0x1B)).isEqualTo('\u001B');
        assertThat(Gsm7.BASIC.charAt(0x40)).isEqualTo('¡');
        assertThat(Gsm7.BASIC.charAt(0x7F)).isEqualTo('à');
    }

    @ParameterizedTest(name = "{0} -> {1} {2} units, {3} parts")
    @CsvFileSource(resources = "part-counts.tsv", delimiterString = "\t", quoteCharacter = '\u0000', ignoreLeadingAndTrailingWhitespace = false)
    void parts_are_counted_as_operators_bill_them(String spec, Encoding encoding, int units, int parts) {
        PartCount count = PartCount.of(text(spec));
        assertThat(count).isEqualTo(new PartCount(encoding, units, parts));
        assertThat(count.tooLong()).isEqualTo(parts > 8);
    }

    /** A text of the table: segments "N*unit" joined by " + ". */
    static String text(String spec) {
        StringBuilder text = new StringBuilder();
        for (String segment : spec.split(" \\+ ")) {
            int star = segment.indexOf('*');
            text.append(segment.substring(star + 1).repeat(Integer.parseInt(segment.substring(0, star))));
        }
        return text.toString();
    }

    @ParameterizedTest(name = "{0} x ''{1}'' on latin1 -> {2} {3} units, {4} parts")
    @CsvSource(delimiter = '|', value = {
        "160 | a  | GSM7 | 160  | 1",
        "161 | é  | GSM7 | 161  | 2",
        "80  | [  | GSM7 | 160  | 1",
        "80  | €  | UCS2 | 80   | 2",
        "70  | €  | UCS2 | 70   | 1",
        "70  | Δ  | UCS2 | 70   | 1",
        "71  | Δ  | UCS2 | 71   | 2",
        "71  | ê  | UCS2 | 71   | 2",
    })
    void a_latin1_smsc_counts_the_same_unless_a_character_is_missing_from_latin1(int repeat, String unit, Encoding encoding,
            int units, int parts) {
        assertThat(PartCount.of(unit.repeat(repeat), SmscCharset.LATIN1)).isEqualTo(new PartCount(encoding, units, parts));
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
        assertThat(PartCount.of("\f").units()).isEqualTo(2);
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
        assertThat(PartCount.MAX_PARTS).isEqualTo(8);
        assertThat(PartCount.of("a".repeat(1224)).tooLong()).isFalse();
        assertThat(PartCount.of("a".repeat(1225)).tooLong()).isTrue();
    }

    @Test
    void the_count_is_the_number_of_parts_sent() {
        String text = "a".repeat(152) + "€" + "a".repeat(152);
        assertThat(PartCount.of(text).parts()).isEqualTo(SmsParts.of(text, SmscCharset.GSM).segments(1).size()).isEqualTo(3);
    }
}
