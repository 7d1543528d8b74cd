package io.colibri.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class FailedPasswordsTest {
    static final Instant T = Instant.parse("2026-11-26T10:00:00Z");

    @Test
    void more_than_max_within_an_hour_blocks_for_the_block_time() {
        FailedPasswords f = new FailedPasswords(2, Duration.ofMinutes(30));
        assertThat(f.failed("a@b.fr", T)).isFalse();
        assertThat(f.failed("A@B.fr ", T.plusSeconds(60))).isFalse();
        assertThat(f.blocked("a@b.fr", T.plusSeconds(61))).isFalse();
        assertThat(f.failed("a@b.fr", T.plusSeconds(120))).isTrue();
        assertThat(f.blocked("a@b.fr", T.plusSeconds(121))).isTrue();
        assertThat(f.blocked("other@b.fr", T.plusSeconds(121))).isFalse();
        assertThat(f.blocked("a@b.fr", T.plusSeconds(120).plus(Duration.ofMinutes(30)))).isFalse();
    }

    @Test
    void failures_older_than_an_hour_do_not_count() {
        FailedPasswords f = new FailedPasswords(2, Duration.ofMinutes(30));
        f.failed("a@b.fr", T);
        f.failed("a@b.fr", T.plusSeconds(1800));
        assertThat(f.failed("a@b.fr", T.plusSeconds(3601))).isFalse();
        assertThat(f.failed("a@b.fr", T.plusSeconds(3602))).isTrue();
    }

    @Test
    void max_must_be_positive() {
        assertThatThrownBy(() -> new FailedPasswords(0, Duration.ofMinutes(1))).isInstanceOf(IllegalArgumentException.class);
    }
}
