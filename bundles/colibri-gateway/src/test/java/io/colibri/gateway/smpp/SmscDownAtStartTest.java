package io.colibri.gateway.smpp;

import io.colibri.gateway.RouteTestSupport;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.colibri.gateway.store.Sms;
import io.colibri.smsc.SmscSimulator;
import java.time.Duration;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;

/** The gateway starts while its SMSC is down (an operator's restart during an outage): it answers, and sends once the SMSC is back. */
class SmscDownAtStartTest extends RouteTestSupport {

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext context = super.createCamelContext();
        smsc.close();
        await().atMost(Duration.ofSeconds(10)).until(() -> !portOpen(smscPort));
        return context;
    }

    @Test
    void a_message_accepted_before_the_smsc_ever_answered_leaves_when_it_does() throws Exception {
        String account = newAccount(2);

        assertThat(get(params(account, "0612345678", "premier message"))).isEqualTo("80");
        await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                .until(() -> messages(account).get(0).getStatus() == Sms.Status.ACCEPTED);

        smsc = SmscSimulator.start("127.0.0.1", smscPort, Duration.ofMillis(100));
        await().atMost(Duration.ofSeconds(90)).until(() -> smsc.received().size() == 1);
        assertThat(smsc.received().get(0).text()).isEqualTo("premier message");
        await().atMost(Duration.ofSeconds(60)).until(() -> messages(account).get(0).getStatus() == Sms.Status.DELIVERED);
        assertThat(balance(account)).isEqualTo(1);
    }
}
