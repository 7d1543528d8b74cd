package io.colibri.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class RequestRateTest {
    private static final Instant T0 = Instant.parse("2027-01-15T08:00:00Z");

    @Test
    void a_burst_goes_then_the_next_waits_for_one_refill() {
        RequestRate rate = new RequestRate(2, 3, T0);
        assertThat(rate.take(T0)).isZero();
        assertThat(rate.take(T0)).isZero();
        assertThat(rate.take(T0)).isZero();
        // 2 per second: one more in half a second, said as a whole second.
        assertThat(rate.take(T0)).isEqualTo(1);
        assertThat(rate.take(T0.plusMillis(499))).isEqualTo(1);
        assertThat(rate.take(T0.plusMillis(500))).isZero();
        assertThat(rate.take(T0.plusMillis(500))).isEqualTo(1);
    }

    @Test
    void a_slow_rate_says_how_many_seconds_to_wait() {
        RequestRate rate = new RequestRate(0.1, 1, T0);
        assertThat(rate.take(T0)).isZero();
        assertThat(rate.take(T0)).isEqualTo(10);
        assertThat(rate.take(T0.plusSeconds(4))).isEqualTo(6);
        assertThat(rate.take(T0.plusSeconds(10))).isZero();
    }

    @Test
    void refused_requests_are_not_counted_and_an_idle_key_refills_to_its_burst_only() {
        RequestRate rate = new RequestRate(1, 2, T0);
        rate.take(T0);
        rate.take(T0);
        for (int i = 0; i < 100; i++) {
            assertThat(rate.take(T0)).isEqualTo(1);
        }
        assertThat(rate.take(T0.plusSeconds(3600))).isZero();
        assertThat(rate.take(T0.plusSeconds(3600))).isZero();
        assertThat(rate.take(T0.plusSeconds(3600))).isEqualTo(1);
    }

    @Test
    void a_clock_going_back_gives_nothing_back() {
        RequestRate rate = new RequestRate(1, 1, T0);
        rate.take(T0);
        assertThat(rate.take(T0.minusSeconds(30))).isEqualTo(1);
        assertThat(rate.take(T0.plusSeconds(1))).isZero();
    }

    @Test
    void nonsense_limits_are_refused() {
        assertThatThrownBy(() -> new RequestRate(0, 1, T0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RequestRate(1, 0, T0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RequestRate(Double.NaN, 1, T0)).isInstanceOf(IllegalArgumentException.class);
    }
}
