package io.colibri.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.colibri.gateway.store.Message;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** The broker unreachable: a request is refused with an error and nothing stays debited. */
class BrokerDownTest extends RouteTestSupport {
    int closedPort;

    @Override
    String brokerUrl() {
        try {
            closedPort = freePort();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        return "tcp://127.0.0.1:" + closedPort + "?initialConnectAttempts=1&reconnectAttempts=0";
    }

    @Test
    void a_message_that_cannot_be_queued_is_failed_refunded_and_answered_with_an_error() throws Exception {
        String account = newAccount(3);

        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/http.php?"
                + form(params(account, "0612345678", "hello")))).GET().build(), HttpResponse.BodyHandlers.ofString());

        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.body()).doesNotContain(account.split(" ")[1]).contains("nothing was debited");
        assertThat(balance(account)).isEqualTo(3);
        Message m = messages(account).get(0);
        assertThat(m.getStatus()).isEqualTo(Message.Status.FAILED);
        assertThat(m.getReason()).startsWith("not queued");
        assertThat(store.messages().claim(m.getId())).as("never submitted later").isEmpty();
    }
}
