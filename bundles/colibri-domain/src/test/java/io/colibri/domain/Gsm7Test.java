package io.colibri.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The GSM 03.38 default alphabet, checked against the standard's table (3GPP TS 23.038, and the
 * Unicode consortium's GSM0338.TXT mapping), written here independently of {@link Gsm7}.
 */
class Gsm7Test {

    /** Every basic-table position whose character is not the ASCII character of the same code. */
    @ParameterizedTest(name = "U+{0} is GSM 0x{1}")
    @CsvSource(delimiter = '|', value = {
        // unicode | gsm
        "0040 | 00", // @
        "00A3 | 01", // £
        "0024 | 02", // $
        "00A5 | 03", // ¥
        "00E8 | 04", // è
        "00E9 | 05", // é
        "00F9 | 06", // ù
        "00EC | 07", // ì
        "00F2 | 08", // ò
        "00C7 | 09", // Ç
        "000A | 0A", // LF
        "00D8 | 0B", // Ø
        "00F8 | 0C", // ø
        "000D | 0D", // CR
        "00C5 | 0E", // Å
        "00E5 | 0F", // å
        "0394 | 10", // Δ
        "005F | 11", // _
        "03A6 | 12", // Φ
        "0393 | 13", // Γ
        "039B | 14", // Λ
        "03A9 | 15", // Ω
        "03A0 | 16", // Π
        "03A8 | 17", // Ψ
        "03A3 | 18", // Σ
        "0398 | 19", // Θ
        "039E | 1A", // Ξ
        "00C6 | 1C", // Æ
        "00E6 | 1D", // æ
        "00DF | 1E", // ß
        "00C9 | 1F", // É
        "00A4 | 24", // ¤
        "00A1 | 40", // ¡
        "00C4 | 5B", // Ä
        "00D6 | 5C", // Ö
        "00D1 | 5D", // Ñ
        "00DC | 5E", // Ü
        "00A7 | 5F", // §
        "00BF | 60", // ¿
        "00E4 | 7B", // ä
        "00F6 | 7C", // ö
        "00F1 | 7D", // ñ
        "00FC | 7E", // ü
        "00E0 | 7F", // à
    })
    void basic_table_codes_are_the_standard_ones(String unicode, String gsm) {
        char c = (char) Integer.parseInt(unicode, 16);
        int code = Integer.parseInt(gsm, 16);
        assertThat(Gsm7.septets(c)).isEqualTo(1);
        assertThat(Gsm7.encode(String.valueOf(c))).containsExactly((byte) code);
        assertThat(Gsm7.decode(new byte[] {(byte) code})).isEqualTo(String.valueOf(c));
    }

    /** Where GSM and ASCII agree: space ! " #, % … ?, A … Z, a … z. */
    @Test
    void ascii_ranges_keep_their_codes() {
        String same = " !\"#%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        for (char c : same.toCharArray()) {
            assertThat(Gsm7.encode(String.valueOf(c))).as("'%s'", c).containsExactly((byte) c);
        }
        assertThat(same).hasSize(4 + 27 + 26 + 26);
    }

    @ParameterizedTest(name = "U+{0} is ESC 0x{1}")
    @CsvSource(delimiter = '|', value = {
        "000C | 0A", // form feed
        "005E | 14", // ^
        "007B | 28", // {
        "007D | 29", // }
        "005C | 2F", // \
        "005B | 3C", // [
        "007E | 3D", // ~
        "005D | 3E", // ]
        "007C | 40", // |
        "20AC | 65", // €
    })
    void extension_characters_are_escape_then_their_code_and_cost_two_septets(String unicode, String gsm) {
        char c = (char) Integer.parseInt(unicode, 16);
        byte code = (byte) Integer.parseInt(gsm, 16);
        assertThat(Gsm7.septets(c)).isEqualTo(2);
        assertThat(Gsm7.encode(String.valueOf(c))).containsExactly(0x1B, code);
        assertThat(Gsm7.decode(new byte[] {0x1B, code})).isEqualTo(String.valueOf(c));
    }

    @ParameterizedTest(name = "U+{0} is not GSM")
    @ValueSource(strings = {"001B", "0060", "007F", "00EA", "00E7", "00E2", "00EB", "00EE", "00F4", "00FB", "0153", "00A0",
        "2019", "00B0", "03B1", "0009", "0000", "D83D"})
    void characters_outside_the_alphabet(String unicode) {
        char c = (char) Integer.parseInt(unicode, 16);
        assertThat(Gsm7.septets(c)).isEqualTo(-1);
        assertThatThrownBy(() -> Gsm7.encode(String.valueOf(c))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void an_emoji_is_not_gsm() {
        assertThat(Gsm7.septets("👍".codePointAt(0))).isEqualTo(-1);
        assertThat(Gsm7.septets("ok 👍")).isEqualTo(-1);
    }

    @Test
    void text_septets_count_extension_characters_twice() {
        assertThat(Gsm7.septets("")).isZero();
        assertThat(Gsm7.septets("@é€{")).isEqualTo(6);
        assertThat(Gsm7.septets("ê")).isEqualTo(-1);
    }

    @Test
    void the_whole_alphabet_goes_through_encode_and_decode_unchanged() {
        StringBuilder all = new StringBuilder();
        for (int code = 0; code < 128; code++) {
            if (code != 0x1B) {
                all.append(Gsm7.decode(new byte[] {(byte) code}));
            }
        }
        all.append("\f^{}\\[~]|€");
        String text = all.toString();
        assertThat(text).hasSize(127 + 10);
        byte[] septets = Gsm7.encode(text);
        assertThat(septets).hasSize(127 + 20);
        assertThat(Gsm7.decode(septets)).isEqualTo(text);
        assertThat(Gsm7.septets(text)).isEqualTo(147);
    }

    @Test
    void an_unknown_extension_code_shows_the_basic_character_as_the_standard_says() {
        // TS 23.038: a code missing from the extension table is shown as the basic table's character.
        assertThat(Gsm7.decode(new byte[] {0x1B, 0x41, 0x62})).isEqualTo("Ab");
    }
}
