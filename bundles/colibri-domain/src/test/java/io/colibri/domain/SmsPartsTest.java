package io.colibri.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The bytes that leave over SMPP: the short_message of each submit_sm ({@link SmsParts#segments})
 * and its data_coding ({@link SmsParts#dataCoding}). Expected bytes are written out by hand from
 * the GSM 03.38 table, ISO-8859-1 and UTF-16BE, never computed with the code under test.
 */
class SmsPartsTest {

    private static final int REF = 0x2A;

    /** Space-separated upper-case hex. */
    private static String hex(byte[] bytes) {
        return HexFormat.ofDelimiter(" ").withUpperCase().formatHex(bytes);
    }

    private static List<String> hex(List<byte[]> segments) {
        return segments.stream().map(SmsPartsTest::hex).toList();
    }

    /** {@code n} times the byte {@code b}, as hex. */
    private static String times(int n, String b) {
        return String.join(" ", java.util.Collections.nCopies(n, b));
    }

    private static String udh(int total, int seq) {
        return String.format("05 00 03 2A %02X %02X", total, seq);
    }

    // ---- the PDUs of the issue ----

    @ParameterizedTest
    @EnumSource(SmscCharset.class)
    void pdu_160_gsm_characters_is_one_segment_without_udh(SmscCharset charset) {
        String text = "@" + "a".repeat(158) + "Z";
        SmsParts parts = SmsParts.of(text, charset);
        assertThat(parts.encoding()).isEqualTo(Encoding.GSM7);
        assertThat(parts.units()).isEqualTo(160);
        assertThat(parts.count()).isEqualTo(1);
        String at = charset == SmscCharset.GSM ? "00" : "40";
        assertThat(hex(parts.segments(REF))).containsExactly(at + " " + times(158, "61") + " 5A");
        assertThat(parts.dataCoding(false)).isEqualTo((byte) 0x00);
        assertThat(parts.dataCoding(true)).isEqualTo((byte) 0x10);
    }

    @Test
    void pdu_161_gsm_characters_is_two_segments_153_and_8() {
        String text = "a".repeat(160) + "b";
        SmsParts parts = SmsParts.of(text, SmscCharset.GSM);
        assertThat(parts.units()).isEqualTo(161);
        assertThat(parts.count()).isEqualTo(2);
        assertThat(hex(parts.segments(REF))).containsExactly(
                udh(2, 1) + " " + times(153, "61"),
                udh(2, 2) + " " + times(7, "61") + " 62");
        assertThat(parts.segments(REF).get(0)).hasSize(159);
        assertThat(parts.segments(REF).get(1)).hasSize(14);
        assertThat(parts.payloads().get(0)).hasSize(153);
        assertThat(parts.dataCoding(false)).isEqualTo((byte) 0x00);
    }

    @Test
    void pdu_153_times_8_characters_is_eight_full_segments() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            text.append(String.valueOf((char) ('a' + i)).repeat(153));
        }
        SmsParts parts = SmsParts.of(text.toString(), SmscCharset.GSM);
        assertThat(parts.units()).isEqualTo(1224);
        assertThat(parts.count()).isEqualTo(8);
        assertThat(parts.tooLong()).isFalse();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            expected.add(udh(8, i + 1) + " " + times(153, String.format("%02X", 0x61 + i)));
        }
        assertThat(hex(parts.segments(REF))).containsExactlyElementsOf(expected);
    }

    @Test
    void pdu_154_times_8_characters_needs_nine_parts_and_is_refused() {
        SmsParts parts = SmsParts.of("a".repeat(154 * 8), SmscCharset.GSM);
        assertThat(parts.units()).isEqualTo(1232);
        assertThat(parts.count()).isEqualTo(9);
        assertThat(parts.tooLong()).isTrue();
        assertThat(parts.partCount()).isEqualTo(new PartCount(Encoding.GSM7, 1232, 9));
        assertThat(parts.partCount().tooLong()).isTrue();
    }

    @Test
    void pdu_euro_on_gsm_is_escape_65() {
        SmsParts parts = SmsParts.of("Prix: 5€", SmscCharset.GSM);
        assertThat(parts.encoding()).isEqualTo(Encoding.GSM7);
        assertThat(parts.units()).isEqualTo(9);
        assertThat(hex(parts.segments(REF))).containsExactly("50 72 69 78 3A 20 35 1B 65");
        assertThat(parts.dataCoding(false)).isEqualTo((byte) 0x00);
    }

    @Test
    void pdu_euro_on_latin1_is_ucs2_because_latin1_has_no_euro() {
        SmsParts parts = SmsParts.of("Prix: 5€", SmscCharset.LATIN1);
        assertThat(parts.encoding()).isEqualTo(Encoding.UCS2);
        assertThat(parts.units()).isEqualTo(8);
        assertThat(hex(parts.segments(REF))).containsExactly("00 50 00 72 00 69 00 78 00 3A 00 20 00 35 20 AC");
        assertThat(parts.dataCoding(false)).isEqualTo((byte) 0x08);
        assertThat(parts.dataCoding(true)).isEqualTo((byte) 0x18);
    }

    @Test
    void pdu_e_acute_is_in_the_gsm_alphabet() {
        SmsParts gsm = SmsParts.of("Café", SmscCharset.GSM);
        assertThat(gsm.encoding()).isEqualTo(Encoding.GSM7);
        assertThat(hex(gsm.segments(REF))).containsExactly("43 61 66 05");
        assertThat(gsm.dataCoding(false)).isEqualTo((byte) 0x00);

        SmsParts latin1 = SmsParts.of("Café", SmscCharset.LATIN1);
        assertThat(latin1.encoding()).isEqualTo(Encoding.GSM7);
        assertThat(hex(latin1.segments(REF))).containsExactly("43 61 66 E9");
        assertThat(latin1.dataCoding(false)).isEqualTo((byte) 0x00);
    }

    @ParameterizedTest
    @EnumSource(SmscCharset.class)
    void pdu_e_circumflex_is_not_gsm_so_the_text_goes_in_ucs2(SmscCharset charset) {
        SmsParts parts = SmsParts.of("Fête", charset);
        assertThat(parts.encoding()).isEqualTo(Encoding.UCS2);
        assertThat(parts.units()).isEqualTo(4);
        assertThat(hex(parts.segments(REF))).containsExactly("00 46 00 EA 00 74 00 65");
        assertThat(parts.dataCoding(false)).isEqualTo((byte) 0x08);
        assertThat(parts.dataCoding(true)).isEqualTo((byte) 0x18);
    }

    @ParameterizedTest
    @EnumSource(SmscCharset.class)
    void pdu_emoji_is_a_surrogate_pair_in_ucs2(SmscCharset charset) {
        SmsParts parts = SmsParts.of("Hi 👍", charset);
        assertThat(parts.encoding()).isEqualTo(Encoding.UCS2);
        assertThat(parts.units()).isEqualTo(5);
        assertThat(hex(parts.segments(REF))).containsExactly("00 48 00 69 00 20 D8 3D DC 4D");
    }

    @Test
    void gsm_sends_septet_codes_and_latin1_sends_latin1_bytes() {
        SmsParts parts = SmsParts.of("@£$¥èéùìòÇØøÅåÆæßÉ¤¡ÄÖÑÜ§¿äöñüà_{€", SmscCharset.GSM);
        assertThat(parts.encoding()).isEqualTo(Encoding.GSM7);
        assertThat(hex(parts.segments(REF))).containsExactly(
                "00 01 02 03 04 05 06 07 08 09 0B 0C 0E 0F 1C 1D 1E 1F 24 40 5B 5C 5D 5E 5F 60 7B 7C 7D 7E 7F 11 1B 28 1B 65");

        SmsParts latin1 = SmsParts.of("@£$¥èéùìòÇØøÅåÆæßÉ¤¡ÄÖÑÜ§¿äöñüà_{[", SmscCharset.LATIN1);
        assertThat(latin1.encoding()).isEqualTo(Encoding.GSM7);
        assertThat(latin1.units()).isEqualTo(36);
        assertThat(hex(latin1.segments(REF))).containsExactly(
                "40 A3 24 A5 E8 E9 F9 EC F2 C7 D8 F8 C5 E5 C6 E6 DF C9 A4 A1 C4 D6 D1 DC A7 BF E4 F6 F1 FC E0 5F 7B 5B");
    }

    @ParameterizedTest(name = "{0} on latin1 is UCS-2")
    @CsvSource({"Δ, 03 94", "€, 20 AC", "Ω, 03 A9"})
    void gsm_characters_missing_from_latin1_force_ucs2_on_latin1(String c, String utf16) {
        assertThat(SmsParts.of("a" + c, SmscCharset.GSM).encoding()).isEqualTo(Encoding.GSM7);
        SmsParts parts = SmsParts.of("a" + c, SmscCharset.LATIN1);
        assertThat(parts.encoding()).isEqualTo(Encoding.UCS2);
        assertThat(hex(parts.segments(REF))).containsExactly("00 61 " + utf16);
    }

    // ---- where the parts are cut ----

    @Test
    void an_extension_character_never_straddles_two_parts() {
        // 152 septets, then '€' (2) would make 154 > 153: the part ends before the escape.
        SmsParts parts = SmsParts.of("a".repeat(152) + "€" + "a".repeat(10), SmscCharset.GSM);
        assertThat(parts.units()).isEqualTo(164);
        assertThat(hex(parts.segments(REF))).containsExactly(
                udh(2, 1) + " " + times(152, "61"),
                udh(2, 2) + " 1B 65 " + times(10, "61"));
    }

    @Test
    void an_extension_character_that_ends_exactly_at_153_stays() {
        SmsParts parts = SmsParts.of("a".repeat(151) + "{" + "a".repeat(10), SmscCharset.GSM);
        assertThat(hex(parts.segments(REF))).containsExactly(
                udh(2, 1) + " " + times(151, "61") + " 1B 28",
                udh(2, 2) + " " + times(10, "61"));
    }

    @Test
    void an_extension_character_at_the_boundary_can_cost_one_part_more() {
        // 306 septets would be 2 parts of 153, but the escape cannot be cut: 152 + 153 + 1.
        SmsParts parts = SmsParts.of("a".repeat(152) + "€" + "a".repeat(152), SmscCharset.GSM);
        assertThat(parts.units()).isEqualTo(306);
        assertThat(parts.count()).isEqualTo(3);
        assertThat(parts.payloads()).extracting(p -> p.length).containsExactly(152, 153, 1);
    }

    @Test
    void an_extension_character_at_a_boundary_can_make_1224_septets_nine_parts() {
        SmsParts parts = SmsParts.of("a".repeat(152) + "€" + "a".repeat(1070), SmscCharset.GSM);
        assertThat(parts.units()).isEqualTo(1224);
        assertThat(parts.count()).isEqualTo(9);
        assertThat(parts.tooLong()).isTrue();
    }

    @Test
    void a_single_message_of_160_septets_may_end_with_an_extension_character() {
        SmsParts parts = SmsParts.of("a".repeat(158) + "€", SmscCharset.GSM);
        assertThat(parts.count()).isEqualTo(1);
        assertThat(hex(parts.segments(REF))).containsExactly(times(158, "61") + " 1B 65");
        assertThat(SmsParts.of("a".repeat(159) + "€", SmscCharset.GSM).count()).isEqualTo(2);
    }

    @Test
    void ucs2_parts_are_70_then_67_units() {
        assertThat(SmsParts.of("ê".repeat(70), SmscCharset.GSM).count()).isEqualTo(1);
        SmsParts parts = SmsParts.of("ê".repeat(71), SmscCharset.GSM);
        assertThat(parts.count()).isEqualTo(2);
        assertThat(hex(parts.segments(REF))).containsExactly(
                udh(2, 1) + " " + times(67, "00 EA"),
                udh(2, 2) + " " + times(4, "00 EA"));
        SmsParts eight = SmsParts.of("ê".repeat(67 * 8), SmscCharset.GSM);
        assertThat(eight.count()).isEqualTo(8);
        assertThat(eight.tooLong()).isFalse();
        assertThat(eight.segments(REF)).allSatisfy(s -> assertThat(s).hasSize(6 + 134));
        SmsParts nine = SmsParts.of("ê".repeat(67 * 8 + 1), SmscCharset.GSM);
        assertThat(nine.count()).isEqualTo(9);
        assertThat(nine.tooLong()).isTrue();
    }

    @Test
    void an_emoji_never_straddles_two_parts() {
        // The emoji's high surrogate would be unit 67: the part ends before it.
        SmsParts parts = SmsParts.of("ê".repeat(66) + "👍" + "ê".repeat(10), SmscCharset.GSM);
        assertThat(parts.units()).isEqualTo(78);
        assertThat(hex(parts.segments(REF))).containsExactly(
                udh(2, 1) + " " + times(66, "00 EA"),
                udh(2, 2) + " D8 3D DC 4D " + times(10, "00 EA"));
    }

    @Test
    void an_emoji_ending_exactly_at_67_stays() {
        SmsParts parts = SmsParts.of("ê".repeat(65) + "👍" + "ê".repeat(10), SmscCharset.GSM);
        assertThat(hex(parts.segments(REF))).containsExactly(
                udh(2, 1) + " " + times(65, "00 EA") + " D8 3D DC 4D",
                udh(2, 2) + " " + times(10, "00 EA"));
    }

    @Test
    void an_emoji_at_a_boundary_can_make_536_units_nine_parts() {
        SmsParts parts = SmsParts.of("ê".repeat(66) + "👍" + "ê".repeat(468), SmscCharset.GSM);
        assertThat(parts.units()).isEqualTo(536);
        assertThat(parts.count()).isEqualTo(9);
        assertThat(parts.tooLong()).isTrue();
    }

    @Test
    void a_single_ucs2_message_may_end_with_an_emoji() {
        SmsParts parts = SmsParts.of("a".repeat(68) + "👍", SmscCharset.GSM);
        assertThat(parts.units()).isEqualTo(70);
        assertThat(parts.count()).isEqualTo(1);
        assertThat(SmsParts.of("a".repeat(69) + "👍", SmscCharset.GSM).count()).isEqualTo(2);
    }

    @Test
    void the_reference_is_one_byte_and_sequences_count_from_one() {
        SmsParts parts = SmsParts.of("a".repeat(161), SmscCharset.GSM);
        assertThat(hex(parts.segments(0x1FF)).get(1)).startsWith("05 00 03 FF 02 02 ");
        assertThat(hex(parts.segments(0)).get(0)).startsWith("05 00 03 00 02 01 ");
    }

    @Test
    void every_part_decodes_back_to_its_slice_of_the_text() {
        String text = "Réunion à 18h: {prix} 5€ ~ [ok] | ^ \\ " + "x".repeat(300) + " ÄÖÜ§";
        SmsParts parts = SmsParts.of(text, SmscCharset.GSM);
        StringBuilder back = new StringBuilder();
        for (byte[] p : parts.payloads()) {
            assertThat(Gsm7.septets(Gsm7.decode(p))).isLessThanOrEqualTo(153);
            back.append(Gsm7.decode(p));
        }
        assertThat(back.toString()).isEqualTo(text);
        assertThat(parts.count()).isEqualTo(3);
    }

    @Test
    void an_empty_text_is_one_empty_part() {
        SmsParts parts = SmsParts.of("", SmscCharset.GSM);
        assertThat(parts.count()).isEqualTo(1);
        assertThat(parts.units()).isZero();
        assertThat(parts.segments(REF)).singleElement().satisfies(s -> assertThat(s).isEmpty());
    }
}
