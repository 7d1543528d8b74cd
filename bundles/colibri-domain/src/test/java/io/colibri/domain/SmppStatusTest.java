package io.colibri.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SmppStatusTest {

    @ParameterizedTest
    @CsvSource({
            "ACCEPTED, 0x00000000", "DEFERRED, 0x00000000", "BAD_LOGIN, 0x0000000D", "NOT_ENOUGH_CREDIT, 0x00000453",
            "INVALID_NUMBER, 0x0000000B", "EMPTY_NUMBER, 0x0000000B", "BAD_DEFERRED_DATE, 0x00000061",
            "EMPTY_MESSAGE, 0x00000001", "TOO_LONG, 0x00000001", "DUPLICATE, 0x0000045B", "DOM_TOM_NOT_ALLOWED, 0x0000045D",
            "IP_NOT_ALLOWED, 0x00000460",
    })
    void each_legacy_code_has_its_status(Code code, String hex) {
        assertThat(String.format("0x%08X", SmppStatus.of(code))).isEqualTo(hex);
    }

    @Test
    void every_code_has_a_row_and_vendor_statuses_carry_the_code() {
        assertThat(SmppStatus.table()).hasSize(Code.values().length);
        for (SmppStatus.Row r : SmppStatus.table()) {
            if (r.status() >= SmppStatus.VENDOR) {
                assertThat(r.status() - SmppStatus.VENDOR).isEqualTo(r.code().value());
                assertThat(r.name()).contains(String.valueOf(r.code().value()));
            } else {
                assertThat(r.name()).startsWith("ESME_R");
            }
        }
    }

    /** The README's table is this class's: a row per code, with the same status. */
    @Test
    void the_readme_table_says_the_same() throws Exception {
        Path readme = Path.of("../../README.md");
        String text = Files.readString(readme);
        for (SmppStatus.Row r : SmppStatus.table()) {
            assertThat(text).as("README row for %s", r.code())
                    .contains("| " + r.code().value() + " | " + r.hex() + " | " + r.name() + " |");
        }
    }
}
