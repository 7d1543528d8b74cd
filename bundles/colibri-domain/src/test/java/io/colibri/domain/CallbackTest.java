package io.colibri.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CallbackTest {
    static final Instant T = Instant.parse("2026-11-26T10:15:00Z");

    @Test
    void status_and_reply_bodies() {
        assertThat(Callback.status(12, "+33612345678", "DELIVERED", T, null)).isEqualTo(
                "{\"event\":\"status\",\"messageId\":12,\"recipient\":\"+33612345678\",\"status\":\"DELIVERED\","
                        + "\"time\":\"2026-11-26T10:15:00Z\",\"error\":null}");
        assertThat(Callback.reply(3, null, "+33612345678", "Oui \"bien\" sûr\n\\o/\u0001", T)).isEqualTo(
                "{\"event\":\"reply\",\"replyId\":3,\"messageId\":null,\"from\":\"+33612345678\","
                        + "\"text\":\"Oui \\\"bien\\\" sûr\\n\\\\o/\\u0001\",\"time\":\"2026-11-26T10:15:00Z\"}");
    }

    @Test
    void signature_is_the_hmac_sha256_of_the_body() {
        // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?"
        assertThat(Callback.signature("Jefe", "what do ya want for nothing?"))
                .isEqualTo("sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    }

    @Test
    void retries_double_up_to_half_an_hour_and_stop_after_a_day() {
        assertThat(Callback.retryAt(T, 1, T)).contains(T.plusSeconds(1));
        assertThat(Callback.retryAt(T, 2, T)).contains(T.plusSeconds(2));
        assertThat(Callback.retryAt(T, 5, T)).contains(T.plusSeconds(16));
        assertThat(Callback.retryAt(T, 30, T)).contains(T.plus(Duration.ofMinutes(30)));
        assertThat(Callback.retryAt(T, 40, T.plus(Duration.ofHours(23)))).contains(T.plus(Duration.ofHours(23)).plus(Duration.ofMinutes(30)));
        assertThat(Callback.retryAt(T, 40, T.plus(Duration.ofHours(24)))).isEmpty();
    }
}
