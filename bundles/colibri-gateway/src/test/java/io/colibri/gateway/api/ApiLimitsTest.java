package io.colibri.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.colibri.gateway.Configs;
import java.lang.annotation.Annotation;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Issue 15: a key's rate is spent after its burst: 429 with Retry-After; other keys go on. */
class ApiLimitsTest extends ApiTestSupport {

    @Override
    protected List<Annotation> configs() {
        List<Annotation> configs = super.configs();
        configs.add(Configs.of(ApiFlow.Config.class, Map.of("requestsPerSecond", 0.05, "burst", 3)));
        return configs;
    }

    @Test
    void a_key_past_its_burst_gets_429_with_retry_after_and_another_key_does_not() throws Exception {
        String a = newApiAccount(5);
        String b = newApiAccount(5);
        for (int i = 0; i < 3; i++) {
            assertThat(getApi("/balance", key(a)).statusCode()).isEqualTo(200);
        }
        HttpResponse<String> r = getApi("/balance", key(a));
        assertThat(r.statusCode()).isEqualTo(429);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        // 0.05 per second: one more in 20 s (the test's clock stands still).
        assertThat(r.headers().firstValue("Retry-After")).hasValue("20");
        HttpResponse<String> send = postJson("/messages", key(a), "{\"to\": [\"0612345678\"], \"text\": \"trop\"}");
        assertThat(send.statusCode()).isEqualTo(429);
        assertThat(balance(a)).isEqualTo(5);
        assertThat(getApi("/balance", key(b)).statusCode()).isEqualTo(200);
        clock.advance(java.time.Duration.ofSeconds(20));
        assertThat(getApi("/balance", key(a)).statusCode()).isEqualTo(200);
    }
}
