package io.colibri.gateway.broker;

import io.colibri.gateway.RouteTestSupport;
import io.colibri.gateway.TestBroker;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.colibri.gateway.store.Sms;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker unreachable: a request is still recorded and answered (the message is queued after
 * the commit, off the answer's path), waits in the database, and leaves once the broker is there.
 */
class BrokerDownTest extends RouteTestSupport {

    @TempDir
    Path lateBrokerDir;

    @Override
    protected String brokerUrl() {
        return brokerDown();
    }

    @Test
    void a_message_recorded_while_the_broker_is_down_waits_and_leaves_when_it_is_back() throws Exception {
        String account = newAccount(3);

        assertThat(get(params(account, "0612345678", "hello"))).isEqualTo("80");
        assertThat(balance(account)).isEqualTo(2);
        await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                .until(() -> messages(account).get(0).getStatus() == Sms.Status.ACCEPTED);
        assertThat(smsc.received()).isEmpty();

        try (TestBroker late = new TestBroker(lateBrokerDir, closedPort)) {
            await().atMost(Duration.ofSeconds(90)).until(() -> smsc.received().size() == 1);
            assertThat(smsc.received().get(0).text()).isEqualTo("hello");
            await().atMost(Duration.ofSeconds(90)).until(() -> messages(account).get(0).getStatus() == Sms.Status.DELIVERED);
        }
        assertThat(balance(account)).isEqualTo(2);
    }
}
