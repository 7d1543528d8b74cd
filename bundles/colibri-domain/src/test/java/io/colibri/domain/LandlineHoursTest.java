package io.colibri.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** OPT-10: landlines between 08:00 and 20:00 local time (Paris, or the territory overseas), else the next 08:00. */
class LandlineHoursTest {

    @ParameterizedTest(name = "{0} ({1} Paris) -> {2}")
    @CsvSource(delimiter = '|', value = {
        // at (UTC)               | Paris                  | next allowed (UTC)
        // winter, UTC+1
        "2024-01-15T06:59:00Z     | Mon 07:59              | 2024-01-15T07:00:00Z",
        "2024-01-15T06:59:59Z     | Mon 07:59:59           | 2024-01-15T07:00:00Z",
        "2024-01-15T07:00:00Z     | Mon 08:00              | 2024-01-15T07:00:00Z",
        "2024-01-15T07:30:00Z     | Mon 08:30              | 2024-01-15T07:30:00Z",
        "2024-01-15T11:00:00Z     | Mon 12:00              | 2024-01-15T11:00:00Z",
        "2024-01-15T18:59:00Z     | Mon 19:59              | 2024-01-15T18:59:00Z",
        "2024-01-15T18:59:59Z     | Mon 19:59:59           | 2024-01-15T18:59:59Z",
        "2024-01-15T19:00:00Z     | Mon 20:00              | 2024-01-16T07:00:00Z",
        "2024-01-15T22:30:00Z     | Mon 23:30              | 2024-01-16T07:00:00Z",
        "2024-01-15T23:00:00Z     | Tue 00:00              | 2024-01-16T07:00:00Z",
        "2024-01-15T02:00:00Z     | Mon 03:00              | 2024-01-15T07:00:00Z",
        "2024-12-31T22:30:00Z     | 31 Dec 23:30           | 2025-01-01T07:00:00Z",
        "2024-02-28T20:00:00Z     | 28 Feb 21:00, leap     | 2024-02-29T07:00:00Z",
        // summer, UTC+2
        "2024-07-15T05:59:00Z     | 07:59                  | 2024-07-15T06:00:00Z",
        "2024-07-15T06:00:00Z     | 08:00                  | 2024-07-15T06:00:00Z",
        "2024-07-15T17:59:00Z     | 19:59                  | 2024-07-15T17:59:00Z",
        "2024-07-15T18:00:00Z     | 20:00                  | 2024-07-16T06:00:00Z",
        "2024-07-15T19:00:00Z     | 21:00                  | 2024-07-16T06:00:00Z",
        "2024-07-15T21:30:00Z     | 23:30                  | 2024-07-16T06:00:00Z",
        // spring forward on Sunday 31 March 2024
        "2024-03-30T22:30:00Z     | Sat 23:30 CET          | 2024-03-31T06:00:00Z",
        "2024-03-31T00:30:00Z     | Sun 01:30 CET          | 2024-03-31T06:00:00Z",
        "2024-03-31T01:30:00Z     | Sun 03:30 CEST         | 2024-03-31T06:00:00Z",
        "2024-03-31T06:00:00Z     | Sun 08:00 CEST         | 2024-03-31T06:00:00Z",
        "2024-03-31T18:00:00Z     | Sun 20:00 CEST         | 2024-04-01T06:00:00Z",
        // fall back on Sunday 27 October 2024
        "2024-10-26T19:00:00Z     | Sat 21:00 CEST         | 2024-10-27T07:00:00Z",
        "2024-10-27T00:30:00Z     | Sun 02:30 CEST         | 2024-10-27T07:00:00Z",
        "2024-10-27T01:30:00Z     | Sun 02:30 CET          | 2024-10-27T07:00:00Z",
        "2024-10-27T07:00:00Z     | Sun 08:00 CET          | 2024-10-27T07:00:00Z",
        "2024-10-27T19:00:00Z     | Sun 20:00 CET          | 2024-10-28T07:00:00Z",
    })
    void next_allowed(String at, String paris, String expected) {
        assertThat(LandlineHours.nextAllowed(Instant.parse(at))).isEqualTo(Instant.parse(expected));
    }

    @ParameterizedTest(name = "{0} at {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
        // number          | at (UTC)               | next allowed (UTC)       | local time
        "0145678901        | 2024-01-15T05:00:00Z   | 2024-01-15T07:00:00Z",  // Paris 06:00 -> 08:00 Paris
        "0262123456        | 2024-01-15T05:00:00Z   | 2024-01-15T05:00:00Z",  // Réunion (UTC+4) 09:00: now
        "0262123456        | 2024-01-15T16:30:00Z   | 2024-01-16T04:00:00Z",  // Réunion 20:30 -> 08:00 = 04:00Z
        "0590123456        | 2024-01-15T11:00:00Z   | 2024-01-15T12:00:00Z",  // Guadeloupe (UTC-4) 07:00 -> 08:00
        "0269123456        | 2024-01-15T04:30:00Z   | 2024-01-15T05:00:00Z",  // Mayotte (UTC+3) 07:30 -> 08:00
        "+687 45 12 34     | 2024-01-15T20:00:00Z   | 2024-01-15T21:00:00Z",  // Nouméa (UTC+11) 07:00 -> 08:00
        "+689 40 12 34 56  | 2024-01-15T18:00:00Z   | 2024-01-15T18:00:00Z",  // Tahiti (UTC-10) 08:00: now
        "+508 41 23 45     | 2024-01-15T10:00:00Z   | 2024-01-15T11:00:00Z",  // Miquelon (UTC-3) 07:00 -> 08:00
    })
    void overseas_landlines_keep_their_own_hours(String number, String at, String expected) {
        PhoneNumber n = PhoneNumber.parse(number).orElseThrow();
        assertThat(n.landline()).isTrue();
        assertThat(LandlineHours.nextAllowed(Instant.parse(at), n)).isEqualTo(Instant.parse(expected));
    }

    @Test
    void the_hours() {
        assertThat(LandlineHours.OPENS).isEqualTo(LocalTime.of(8, 0));
        assertThat(LandlineHours.CLOSES).isEqualTo(LocalTime.of(20, 0));
    }
}
