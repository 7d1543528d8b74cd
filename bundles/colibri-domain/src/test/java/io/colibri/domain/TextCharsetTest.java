package io.colibri.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TextCharsetTest {

    private static Charset detect(byte[] bytes) throws IOException {
        return TextCharset.detect(new ByteArrayInputStream(bytes));
    }

    @Test
    void utf8_with_and_without_bom_and_plain_ascii_are_utf8() throws IOException {
        assertThat(detect("numéro;nom\n0612345678;Hélène\n".getBytes(StandardCharsets.UTF_8))).isEqualTo(StandardCharsets.UTF_8);
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, 'a'};
        assertThat(detect(bom)).isEqualTo(StandardCharsets.UTF_8);
        assertThat(detect("0612345678;Bob\n".getBytes(StandardCharsets.US_ASCII))).isEqualTo(StandardCharsets.UTF_8);
        assertThat(detect(new byte[0])).isEqualTo(StandardCharsets.UTF_8);
    }

    @Test
    void windows_1252_is_recognised_from_its_bytes() throws IOException {
        assertThat(detect("0612345678;Hélène;€ 5\n".getBytes(TextCharset.WINDOWS_1252))).isEqualTo(TextCharset.WINDOWS_1252);
    }

    @Test
    void the_whole_stream_decides_not_its_beginning() throws IOException {
        // 200 KB of ASCII, then one Latin-1 byte: read in chunks, never all held.
        byte[] bytes = new byte[200_000];
        java.util.Arrays.fill(bytes, (byte) 'a');
        bytes[199_990] = (byte) 0xE9;
        assertThat(detect(bytes)).isEqualTo(TextCharset.WINDOWS_1252);
    }

    @Test
    void a_multibyte_character_split_across_reads_is_still_utf8() throws IOException {
        byte[] text = "é".repeat(100_000).getBytes(StandardCharsets.UTF_8);
        InputStream oddChunks = new ByteArrayInputStream(text) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 7777)); // odd: splits pairs
            }
        };
        assertThat(TextCharset.detect(oddChunks)).isEqualTo(StandardCharsets.UTF_8);
    }

    @Test
    void a_truncated_sequence_at_the_end_is_not_utf8() throws IOException {
        assertThat(detect(new byte[] {'a', (byte) 0xC3})).isEqualTo(TextCharset.WINDOWS_1252);
        assertThat(TextCharset.isUtf8(new byte[] {'a', (byte) 0xC3})).isFalse();
        assertThat(TextCharset.isUtf8("é".getBytes(StandardCharsets.UTF_8))).isTrue();
    }
}
