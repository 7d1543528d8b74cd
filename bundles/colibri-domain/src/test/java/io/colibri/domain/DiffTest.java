package io.colibri.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code diff=hhmmddmmyyyy} in Paris time, with a trailing {@code s} to cancel (HTTP-1, HTTP-2). */
class DiffTest {

    @ParameterizedTest(name = "[{0}] -> {1} cancel={2}")
    @CsvSource(delimiter = '|', value = {
        // the requirement's example: 12 Sept 2011 15:30, summer time (UTC+2)
        "153012092011       | 2011-09-12T13:30:00Z | false",
        "153012092011s      | 2011-09-12T13:30:00Z | true",
        "153012092011S      | 2011-09-12T13:30:00Z | true",
        "' 153012092011 '   | 2011-09-12T13:30:00Z | false",
        "' 153012092011s '  | 2011-09-12T13:30:00Z | true",
        // winter time (UTC+1)
        "120015012024       | 2024-01-15T11:00:00Z | false",
        "000101012024       | 2023-12-31T23:01:00Z | false",
        "235931122024       | 2024-12-31T22:59:00Z | false",
        "000001032024       | 2024-02-29T23:00:00Z | false",
        // summer time (UTC+2)
        "120015072024       | 2024-07-15T10:00:00Z | false",
        "120029022024       | 2024-02-29T11:00:00Z | false",
        // spring forward, 31 March 2024: 02:00 CET becomes 03:00 CEST
        "015931032024       | 2024-03-31T00:59:00Z | false",
        "023031032024       | 2024-03-31T01:30:00Z | false",
        "030031032024       | 2024-03-31T01:00:00Z | false",
        "080031032024       | 2024-03-31T06:00:00Z | false",
        // fall back, 27 October 2024: 03:00 CEST becomes 02:00 CET; the repeated hour takes its first time
        "013027102024       | 2024-10-26T23:30:00Z | false",
        "023027102024       | 2024-10-27T00:30:00Z | false",
        "033027102024       | 2024-10-27T02:30:00Z | false",
        "080027102024       | 2024-10-27T07:00:00Z | false",
    })
    void a_deferred_date_is_a_paris_minute(String raw, String instant, boolean cancel) {
        assertThat(Diff.parse(raw)).contains(new Diff(Instant.parse(instant), cancel));
    }

    @ParameterizedTest(name = "[{0}]")
    @NullAndEmptySource
    @ValueSource(strings = {
        "120031022024",   // 31 February
        "120030022024",   // 30 February
        "120029022023",   // 29 February of a common year
        "120031042024",   // 31 April
        "250012092011",   // 25:00
        "240012092011",   // 24:00
        "156012092011",   // minute 60
        "153000092011",   // day 0
        "153032012024",   // day 32
        "153012002011",   // month 0
        "153012132011",   // month 13
        "15301209201",    // 11 digits
        "1530120920111",  // 13 digits
        "15301209201s",   // 11 digits and s
        "1530120920a1",
        "15:3012092011",
        "15301209 2011",
        "-53012092011",
        "+53012092011",
        "s", "S", " ",
        "153012092011ss",
        "153012092011 s",
        "s153012092011",
        "153012092011x",
        "2011-09-12T15:30",
        "\uFF11\uFF15\uFF13\uFF10\uFF11\uFF12\uFF10\uFF19\uFF12\uFF10\uFF11\uFF11", // full-width digits
    })
    void anything_else_is_not_a_date(String raw) {
        assertThat(Diff.parse(raw)).isEmpty();
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"153012092011", "153012092011s", "000101012024", "023027102024", "033027102024s"})
    void text_writes_the_date_back_as_customers_write_it(String raw) {
        assertThat(Diff.parse(raw).orElseThrow().text()).isEqualTo(raw);
    }

    @Test
    void text_of_a_time_skipped_by_the_clock_change_is_the_time_it_will_go() {
        assertThat(Diff.parse("023031032024").orElseThrow().text()).isEqualTo("033031032024");
        assertThat(Diff.parse("153012092011S").orElseThrow().text()).isEqualTo("153012092011s");
    }

    @Test
    void paris_is_the_zone() {
        assertThat(Diff.PARIS.getId()).isEqualTo("Europe/Paris");
    }
}
