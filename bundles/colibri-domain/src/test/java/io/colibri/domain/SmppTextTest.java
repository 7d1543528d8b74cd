package io.colibri.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SmppTextTest {

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            // data coding; text
            "0;Réunion à 18h, 5 €",
            "240;Bonjour [Pierre] {ok}",
            "3;Été à Noël, ça coûte 5 £",
            "8;Ελλάδα 🎉 ê",
            "1;plain ascii",
    })
    void each_data_coding_gives_back_its_text(int dataCoding, String text) throws Exception {
        byte[] bytes = switch (dataCoding) {
            case 0, 240 -> Gsm7.encode(text);
            case 3 -> text.getBytes(StandardCharsets.ISO_8859_1);
            case 8 -> text.getBytes(StandardCharsets.UTF_16BE);
            default -> text.getBytes(StandardCharsets.US_ASCII);
        };
        SmppText.Decoded d = SmppText.decode(dataCoding, false, bytes);
        assertThat(d.text()).isEqualTo(text);
        assertThat(d.concat()).isEmpty();
    }

    @Test
    void an_8_bit_concatenation_header_says_which_part() throws Exception {
        byte[] udh = {0x05, 0x00, 0x03, (byte) 0xA7, 0x03, 0x02};
        byte[] body = Gsm7.encode("second part");
        SmppText.Decoded d = SmppText.decode(0, true, concat(udh, body));
        assertThat(d.text()).isEqualTo("second part");
        assertThat(d.concat()).contains(new SmppText.Concat(0xA7, 3, 2));
    }

    @Test
    void a_16_bit_reference_and_other_elements_before_it() throws Exception {
        // a port element (IEI 0x05, 4 bytes) then the 16-bit concatenation element
        byte[] udh = {0x0C, 0x05, 0x04, 0x0B, (byte) 0x84, 0x23, (byte) 0xF0, 0x08, 0x04, 0x12, 0x34, 0x02, 0x01};
        SmppText.Decoded d = SmppText.decode(8, true, concat(udh, "é".getBytes(StandardCharsets.UTF_16BE)));
        assertThat(d.text()).isEqualTo("é");
        assertThat(d.concat()).contains(new SmppText.Concat(0x1234, 2, 1));
    }

    @Test
    void a_header_with_no_concatenation_is_a_whole_message() throws Exception {
        byte[] udh = {0x06, 0x05, 0x04, 0x0B, (byte) 0x84, 0x23, (byte) 0xF0};
        assertThat(SmppText.decode(0, true, concat(udh, Gsm7.encode("hi"))).concat()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            // data coding; udhi; hex bytes; status
            "4;false;4142;69",          // 8-bit binary: ESME_RSUBMITFAIL
            "2;false;4142;69",
            "0;true;0A0003;67",         // header longer than the message: ESME_RINVESMCLASS
            "0;true;0500030103044142;67", // part 4 of 3
            "0;true;0500030100014142;67", // part 1 of 0
            "0;true;0400050102;67",     // element runs past the header
            "0;false;41C2;1",           // a byte above 0x7F in septets: ESME_RINVMSGLEN
            "8;false;004100;1",         // odd UCS-2
            "8;false;D800;1",           // a lone surrogate
            "1;false;41E9;1",           // not ASCII
            "0;true;050003012A014142;1", // 42 parts
    })
    void what_is_refused_and_with_which_status(int dataCoding, boolean udhi, String hex, int status) {
        byte[] bytes = java.util.HexFormat.of().parseHex(hex);
        assertThatThrownBy(() -> SmppText.decode(dataCoding, udhi, bytes))
                .isInstanceOfSatisfying(SmppText.Refused.class, r -> assertThat(r.status()).isEqualTo(status));
    }

    @Test
    void receipts_read_as_smscs_write_them() {
        ZonedDateTime submitted = ZonedDateTime.of(2026, 12, 2, 9, 5, 0, 0, ZoneOffset.UTC);
        assertThat(SmppText.receipt("1234", true, "DELIVRD", null, submitted, submitted.plusMinutes(1), "Bonjour à tous, la réunion"))
                .isEqualTo("id:1234 sub:001 dlvrd:001 submit date:2612020905 done date:2612020906 stat:DELIVRD err:000 text:Bonjour à tous, la r");
        assertThat(SmppText.receipt("9", false, "UNDELIV", "0C1", submitted, submitted, ""))
                .isEqualTo("id:9 sub:001 dlvrd:000 submit date:2612020905 done date:2612020905 stat:UNDELIV err:0C1 text:");
    }

    @ParameterizedTest
    @CsvSource({"DELIVERED, DELIVRD", "UNDELIVERABLE, UNDELIV", "FAILED, REJECTD", "CANCELLED, DELETED"})
    void final_statuses_become_receipt_states(String status, String stat) {
        assertThat(SmppText.stat(status)).isEqualTo(stat);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
