package io.colibri.gateway.http;

import io.colibri.gateway.RouteTestSupport;
import java.lang.annotation.Annotation;
import static org.assertj.core.api.Assertions.assertThat;

import io.colibri.domain.IpRange;
import io.colibri.gateway.http.LegacyHttp;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 13, point 10: the edge of /http.php through the real route: body size, the login limit per
 * address, and the address behind a trusted reverse proxy (here the test itself, 127.0.0.1).
 */
class HttpEdgeTest extends RouteTestSupport {

    @Override
    protected List<Annotation> configs() {
        List<Annotation> configs = super.configs();
        configs.add(http(Map.of("maxRequestBytes", 1024, "maxFailedLogins", 3, "trustedProxies", "127.0.0.1")));
        return configs;
    }

    private HttpResponse<String> send(Map<String, String> params, String forwardedFor) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/http.php?" + form(params))).GET();
        if (forwardedFor != null) {
            b.header("X-Forwarded-For", forwardedFor);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void a_form_body_over_the_limit_is_refused_with413_and_debits_nothing() throws Exception {
        String account = newAccount(5);
        Map<String, String> p = params(account, "0612345678", "x".repeat(1100));
        HttpResponse<String> r = post(p);
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(r.body()).isEqualTo("request too large");
        assertThat(post(params(account, "0612345678", "court")).body()).isEqualTo("80");
        assertThat(balance(account)).isEqualTo(4);
    }

    @Test
    void an_address_with_too_many_wrong_logins_gets82_even_with_the_right_password_others_do_not() throws Exception {
        String account = newAccount(5);
        String email = account.split(" ")[0];
        Map<String, String> wrong = params(email + " wrong-password", "0612345678", "essai");
        for (int i = 0; i < 4; i++) {
            assertThat(send(wrong, "198.51.100.7").body()).isEqualTo("82");
        }
        assertThat(send(params(account, "0612345678", "bloqué"), "198.51.100.7").body()).isEqualTo("82");
        // The proxy forwards another client: it is not blocked, nor is the proxy itself.
        assertThat(send(params(account, "0612345678", "autre client"), "198.51.100.8").body()).isEqualTo("80");
        assertThat(balance(account)).isEqualTo(4);
    }

    @Test
    void allowed_ips_see_the_address_the_trusted_proxy_forwards() throws Exception {
        String account = newAccount(5);
        store.accounts().setOption(account.split(" ")[0], "allowed-ips", "198.51.100.9");
        assertThat(send(params(account, "0612345678", "permis"), "198.51.100.9").body()).isEqualTo("80");
        assertThat(send(params(account, "0612345678", "refusé"), "198.51.100.10").body()).isEqualTo("96");
        // A client's own header is not believed: the proxy appended the real address after it.
        assertThat(send(params(account, "0612345678", "usurpé"), "198.51.100.9, 203.0.113.5").body()).isEqualTo("96");
        assertThat(balance(account)).isEqualTo(4);
    }
}
