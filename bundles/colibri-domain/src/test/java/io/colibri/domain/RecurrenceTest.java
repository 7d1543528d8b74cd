package io.colibri.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.colibri.domain.Recurrence.Every;
import io.colibri.domain.Recurrence.Throttle;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** OPT-9 and OPT-8: a recurrence over a year and more (month ends, leap day, summer time in Paris), and throttled batches. */
class RecurrenceTest {
    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

    private static Recurrence every(Every every, String first) {
        return new Recurrence(every, LocalDateTime.parse(first), PARIS, null);
    }

    @Test
    void daily_at_nine_over_a_year_is_nine_oclock_in_paris_every_day_through_both_clock_changes() {
        Recurrence r = every(Every.DAY, "2027-01-01T09:00");
        List<Instant> year = r.between(Instant.parse("2027-01-01T00:00:00Z"), Instant.parse("2028-01-01T00:00:00Z"));
        assertThat(year).hasSize(365).isSorted().doesNotHaveDuplicates();
        for (int i = 0; i < year.size(); i++) {
            ZonedDateTime z = year.get(i).atZone(PARIS);
            assertThat(z.toLocalTime()).isEqualTo(LocalTime.of(9, 0));
            assertThat(z.toLocalDate()).isEqualTo(LocalDate.of(2027, 1, 1).plusDays(i));
        }
        // Winter: UTC+1; summer (from 28 March to 30 October 2027): UTC+2.
        assertThat(r.next(Instant.parse("2027-03-27T12:00:00Z"))).contains(Instant.parse("2027-03-28T07:00:00Z"));
        assertThat(r.next(Instant.parse("2027-03-26T12:00:00Z"))).contains(Instant.parse("2027-03-27T08:00:00Z"));
        assertThat(r.next(Instant.parse("2027-10-30T12:00:00Z"))).contains(Instant.parse("2027-10-31T08:00:00Z"));
    }

    @ParameterizedTest
    @CsvSource({
            // the night the clocks go forward, 02:30 does not exist: sent at 03:30 summer time
            "2027-03-27T02:30, 2027-03-27T12:00:00Z, 2027-03-28T01:30:00Z",
            "2027-03-27T02:30, 2027-03-28T01:30:00Z, 2027-03-29T00:30:00Z",
            // the night they go back, 02:30 happens twice: sent the first time (summer time)
            "2027-10-30T02:30, 2027-10-30T12:00:00Z, 2027-10-31T00:30:00Z",
            "2027-10-30T02:30, 2027-10-31T00:30:00Z, 2027-11-01T01:30:00Z",
    })
    void a_time_the_clocks_skip_is_sent_when_they_have_moved_on_and_a_doubled_one_the_first_time(String first, String after, String next) {
        assertThat(every(Every.DAY, first).next(Instant.parse(after))).contains(Instant.parse(next));
    }

    @Test
    void monthly_on_the_31st_goes_on_the_last_day_of_shorter_months_and_back_to_the_31st() {
        Recurrence r = every(Every.MONTH, "2027-01-31T18:00");
        List<LocalDate> days = r.between(Instant.parse("2027-01-01T00:00:00Z"), Instant.parse("2028-04-01T00:00:00Z")).stream()
                .map(t -> t.atZone(PARIS).toLocalDate()).toList();
        assertThat(days).containsExactly(
                LocalDate.of(2027, 1, 31), LocalDate.of(2027, 2, 28), LocalDate.of(2027, 3, 31), LocalDate.of(2027, 4, 30),
                LocalDate.of(2027, 5, 31), LocalDate.of(2027, 6, 30), LocalDate.of(2027, 7, 31), LocalDate.of(2027, 8, 31),
                LocalDate.of(2027, 9, 30), LocalDate.of(2027, 10, 31), LocalDate.of(2027, 11, 30), LocalDate.of(2027, 12, 31),
                LocalDate.of(2028, 1, 31), LocalDate.of(2028, 2, 29), LocalDate.of(2028, 3, 31));
        assertThat(r.local(1)).isEqualTo(LocalDateTime.parse("2027-02-28T18:00"));
        assertThat(r.local(2)).as("counted from the first, not from 28 February").isEqualTo(LocalDateTime.parse("2027-03-31T18:00"));
    }

    @Test
    void a_birthday_on_29_february_goes_on_28_february_in_common_years() {
        Recurrence r = every(Every.YEAR, "2028-02-29T08:00");
        List<LocalDate> days = r.between(Instant.parse("2028-01-01T00:00:00Z"), Instant.parse("2037-01-01T00:00:00Z")).stream()
                .map(t -> t.atZone(PARIS).toLocalDate()).toList();
        assertThat(days).containsExactly(LocalDate.of(2028, 2, 29), LocalDate.of(2029, 2, 28), LocalDate.of(2030, 2, 28),
                LocalDate.of(2031, 2, 28), LocalDate.of(2032, 2, 29), LocalDate.of(2033, 2, 28), LocalDate.of(2034, 2, 28),
                LocalDate.of(2035, 2, 28), LocalDate.of(2036, 2, 29));
    }

    @Test
    void weekly_keeps_its_weekday_and_its_wall_clock_time() {
        Recurrence r = every(Every.WEEK, "2027-01-04T07:45"); // a Monday
        List<Instant> year = r.between(Instant.parse("2027-01-01T00:00:00Z"), Instant.parse("2028-01-01T00:00:00Z"));
        assertThat(year).hasSize(52).allSatisfy(t -> {
            assertThat(t.atZone(PARIS).getDayOfWeek()).isEqualTo(java.time.DayOfWeek.MONDAY);
            assertThat(t.atZone(PARIS).toLocalTime()).isEqualTo(LocalTime.of(7, 45));
        });
    }

    @Test
    void nothing_before_the_first_time_and_nothing_after_the_last_day() {
        Recurrence r = new Recurrence(Every.DAY, LocalDateTime.parse("2027-06-10T12:00"), PARIS, LocalDate.parse("2027-06-12"));
        assertThat(r.next(Instant.parse("2020-01-01T00:00:00Z"))).contains(Instant.parse("2027-06-10T10:00:00Z"));
        assertThat(r.between(Instant.parse("2027-01-01T00:00:00Z"), Instant.parse("2028-01-01T00:00:00Z")))
                .containsExactly(Instant.parse("2027-06-10T10:00:00Z"), Instant.parse("2027-06-11T10:00:00Z"),
                        Instant.parse("2027-06-12T10:00:00Z"));
        assertThat(r.next(Instant.parse("2027-06-12T10:00:00Z"))).isEmpty();
        // Exactly at an occurrence: the next one, never the same twice.
        assertThat(r.next(Instant.parse("2027-06-10T10:00:00Z"))).contains(Instant.parse("2027-06-11T10:00:00Z"));
        assertThatThrownBy(() -> new Recurrence(Every.DAY, LocalDateTime.parse("2027-06-10T12:00"), PARIS, LocalDate.parse("2027-06-09")))
                .hasMessageContaining("before the first time");
        assertThatThrownBy(() -> r.local(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void next_agrees_with_counting_from_the_first_for_every_kind_over_years() {
        for (Every e : Every.values()) {
            Recurrence r = every(e, "2027-01-31T02:30");
            Instant t = Instant.parse("2026-12-31T00:00:00Z");
            for (int n = 0; n < (e == Every.DAY ? 800 : e == Every.WEEK ? 200 : 40); n++) {
                Instant next = r.next(t).orElseThrow();
                assertThat(next).as(e + " #" + n).isEqualTo(r.at(n));
                t = next;
            }
        }
    }

    @ParameterizedTest
    @CsvSource({
            "100, 10, 0, 0", "100, 10, 99, 0", "100, 10, 100, 10", "100, 10, 250, 20", "1, 1, 5, 5", "500, 60, 1999, 180",
    })
    void a_throttled_bulk_leaves_in_batches_one_batch_every_so_many_minutes(int size, int minutes, long index, long minutesAfter) {
        Instant start = Instant.parse("2027-01-15T08:30:00Z");
        Throttle t = new Throttle(size, Duration.ofMinutes(minutes));
        assertThat(t.sendAt(start, index)).isEqualTo(start.plus(Duration.ofMinutes(minutesAfter)));
    }

    @Test
    void batches_are_counted_and_a_throttle_out_of_bounds_is_refused() {
        Throttle t = new Throttle(100, Duration.ofMinutes(10));
        assertThat(t.batches(0)).isZero();
        assertThat(t.batches(1)).isEqualTo(1);
        assertThat(t.batches(100)).isEqualTo(1);
        assertThat(t.batches(101)).isEqualTo(2);
        assertThat(t.batches(20_000)).isEqualTo(200);
        assertThatThrownBy(() -> new Throttle(0, Duration.ofMinutes(10))).hasMessageContaining("at least one");
        assertThatThrownBy(() -> new Throttle(10, Duration.ofSeconds(59))).hasMessageContaining("between one minute and one day");
        assertThatThrownBy(() -> new Throttle(10, Duration.ofHours(25))).hasMessageContaining("between one minute and one day");
    }

    @org.junit.jupiter.api.Test
    void an_occurrence_is_included_up_to_its_last_day() {
        Recurrence r = new Recurrence(Recurrence.Every.MONTH, java.time.LocalDateTime.parse("2027-01-31T09:00"), PARIS,
                java.time.LocalDate.parse("2027-03-31"));
        org.assertj.core.api.Assertions.assertThat(r.includes(0)).isTrue();
        org.assertj.core.api.Assertions.assertThat(r.includes(2)).as("31 March, the last day").isTrue();
        org.assertj.core.api.Assertions.assertThat(r.includes(3)).isFalse();
        org.assertj.core.api.Assertions.assertThat(new Recurrence(Recurrence.Every.DAY, java.time.LocalDateTime.parse("2027-01-31T09:00"),
                PARIS, null).includes(100_000)).isTrue();
    }
}
