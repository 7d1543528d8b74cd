package io.colibri.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SmppTimeTest {
    private static final Instant NOW = Instant.parse("2026-12-02T09:00:00Z");

    @ParameterizedTest
    @CsvSource({
            // SMPP time, the instant
            "261202103000004+, 2026-12-02T09:30:00Z",   // Paris in winter, one hour ahead (4 quarters)
            "261202093000000+, 2026-12-02T09:30:00Z",
            "261202093000500-, 2026-12-02T09:30:00.5Z", // five tenths, UTC written with '-'
            "261202043000020-, 2026-12-02T09:30:00Z",   // New York in winter, five hours behind (20 quarters)
            "270615120000508+, 2027-06-15T10:00:00.5Z", // Paris in summer, tenths of a second
            "000001020304000R, 2026-12-03T11:03:04Z",   // relative: a day, 2 h 3 min 4 s
            "000100000000000R, 2027-01-02T09:00:00Z",   // a month
    })
    void both_forms_give_their_instant(String text, String instant) {
        assertThat(SmppTime.parse(text, NOW)).contains(Instant.parse(instant));
    }

    @Test
    void empty_is_none() {
        assertThat(SmppTime.parse("", NOW)).isEmpty();
        assertThat(SmppTime.parse(null, NOW)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"2612021030000", "261202103000004X", "261302103000004+", "261202253000004+", "26120210300a004+", "261202103000060+",
            "2612021030000041"})
    void anything_else_is_refused(String text) {
        assertThatThrownBy(() -> SmppTime.parse(text, NOW)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @CsvSource({"PT30M, 1h", "PT1H, 1h", "PT1H1M, 2h", "PT48H, 48h", "PT200H, 72h", "PT0S, 1h"})
    void validity_becomes_whole_hours_within_the_option(String after, String option) {
        assertThat(SmppTime.validityOption(NOW.plus(java.time.Duration.parse(after)), NOW)).isEqualTo(option);
    }
}
