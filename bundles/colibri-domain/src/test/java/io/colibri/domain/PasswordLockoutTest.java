package io.colibri.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PasswordLockoutTest {
    static final Instant T = Instant.parse("2026-12-01T10:00:00Z");

    @Test
    void one_sender_is_blocked_alone_before_its_account_is() {
        PasswordLockout l = new PasswordLockout(2, 5, Duration.ofMinutes(60));
        assertThat(l.failed("a@mairie.fr", 7, T)).isEqualTo(PasswordLockout.Blocked.NONE);
        assertThat(l.failed("a@mairie.fr", 7, T)).isEqualTo(PasswordLockout.Blocked.NONE);
        assertThat(l.failed("a@mairie.fr", 7, T)).isEqualTo(PasswordLockout.Blocked.SENDER);
        assertThat(l.blocked("a@mairie.fr", 7, T)).isTrue();
        // Another address of the same shared domain is not blocked yet: the account has 3 of 5.
        assertThat(l.blocked("b@mairie.fr", 7, T)).isFalse();
        assertThat(l.blocked("a@mairie.fr", 8, T)).isTrue();
    }

    @Test
    void rotating_addresses_of_a_shared_domain_block_the_account() {
        PasswordLockout l = new PasswordLockout(2, 5, Duration.ofMinutes(60));
        for (int i = 0; i < 5; i++) {
            assertThat(l.failed("guess" + i + "@mairie.fr", 7, T)).isEqualTo(PasswordLockout.Blocked.NONE);
        }
        assertThat(l.failed("guess5@mairie.fr", 7, T)).isEqualTo(PasswordLockout.Blocked.ACCOUNT);
        assertThat(l.blocked("new@mairie.fr", 7, T)).isTrue();
        assertThat(l.blocked("new@mairie.fr", 8, T)).isFalse();
        assertThat(l.blocked("new@mairie.fr", 7, T.plus(Duration.ofMinutes(60)))).isFalse();
    }
}
