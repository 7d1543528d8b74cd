package io.colibri.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class MailOptionsTest {
    static final ZoneId PARIS = ZoneId.of("Europe/Paris");

    @Test
    void defaults_as_the_seed_sells_them() {
        Map<String, String> m = AccountOptions.DEFAULTS.asMap();
        assertThat(m).containsEntry("mail-registered", "on").containsEntry("mail-refused", "on")
                .containsEntry("mail-finished", "on").containsEntry("mail-delivered", "off").containsEntry("mail-cutoff", "");
        assertThat(AccountOptions.KEYS).containsSequence("mail-registered", "mail-refused", "mail-finished", "mail-delivered", "mail-cutoff");
    }

    @Test
    void each_switch_changes_only_itself() {
        AccountOptions o = AccountOptions.DEFAULTS.with("mail-delivered", "on").with("mail-registered", "off").with("long-sms", "on");
        assertThat(o.mail()).isEqualTo(new MailOptions(false, true, true, true, null));
        assertThat(o.longSms()).isTrue();
        assertThat(AccountOptions.of(o.asMap())).isEqualTo(o);
    }

    @ParameterizedTest
    @CsvSource({"19:00,19:00", "19h,19:00", "21,21:00", "21:30,21:30", "23:59,23:59", "00:00,00:00", "0,00:00", "24:00,00:00", "24h,00:00"})
    void cutoff_hours_from19_to_midnight(String typed, String stored) {
        AccountOptions o = AccountOptions.DEFAULTS.with("mail-cutoff", typed);
        assertThat(o.asMap().get("mail-cutoff")).isEqualTo(stored);
        assertThat(AccountOptions.of(o.asMap()).mail().cutoff()).isEqualTo(LocalTime.parse(stored));
    }

    @ParameterizedTest
    @CsvSource({"18:59", "12:00", "01:00", "25:00", "21:60", "soir", "-1"})
    void other_hours_are_refused_with_the_range(String typed) {
        assertThatThrownBy(() -> AccountOptions.DEFAULTS.with("mail-cutoff", typed))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("19:00 to 00:00");
    }

    @Test
    void empty_or_off_removes_the_cutoff() {
        AccountOptions o = AccountOptions.DEFAULTS.with("mail-cutoff", "20:00");
        assertThat(o.with("mail-cutoff", "").mail().cutoff()).isNull();
        assertThat(o.with("mail-cutoff", "off").mail().cutoff()).isNull();
    }

    @ParameterizedTest(name = "cut-off {0}, received {1} -> {2}")
    @CsvSource({
            // received at or after the cut-off: the next morning at 09:00
            "20:00, 2026-11-26T20:00, 2026-11-27T09:00",
            "20:00, 2026-11-26T23:59, 2026-11-27T09:00",
            "19:00, 2026-12-31T22:00, 2027-01-01T09:00",
            // after midnight and before 09:00: the same morning
            "20:00, 2026-11-27T00:30, 2026-11-27T09:00",
            "00:00, 2026-11-27T08:59, 2026-11-27T09:00",
            // in the day, or before the cut-off: at once
            "20:00, 2026-11-26T19:59, ''",
            "20:00, 2026-11-27T09:00, ''",
            "00:00, 2026-11-26T23:30, ''",
            // the spring-forward night (Paris): 09:00 exists, the gap is not in the way
            "22:00, 2027-03-27T23:00, 2027-03-28T09:00"})
    void held_until_nine_paris_time(String cutoff, String received, String expected) {
        MailOptions m = AccountOptions.DEFAULTS.with("mail-cutoff", cutoff).mail();
        Optional<Instant> held = m.heldUntil(LocalDateTime.parse(received).atZone(PARIS).toInstant(), PARIS);
        if (expected.isEmpty()) {
            assertThat(held).isEmpty();
        } else {
            assertThat(held).contains(LocalDateTime.parse(expected).atZone(PARIS).toInstant());
        }
    }

    @Test
    void no_cutoff_never_holds() {
        assertThat(MailOptions.DEFAULTS.heldUntil(LocalDateTime.parse("2026-11-27T02:00").atZone(PARIS).toInstant(), PARIS)).isEmpty();
    }
}
