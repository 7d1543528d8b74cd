package io.colibri.gateway.alert;

import io.colibri.gateway.RouteTestSupport;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.colibri.gateway.broker.DeadLetters;
import jakarta.jms.Connection;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.time.Duration;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.Test;

/**
 * Issue 13, point 6: what comes back (receipts, replies) and the gateway's mails outlive a
 * two-hour outage on their queue, and what still ends in colibri.dead is reported, kept, and
 * sent back by the operator, processed once.
 */
class DeadLettersTest extends RouteTestSupport {

    @Test
    void receipts_replies_and_mails_are_redelivered_for_about_two_hours_and_dead_letters_are_never_dropped() {
        for (String queue : new String[] {"colibri.receipts", "colibri.replies", "colibri.mail.outbound", "colibri.callbacks"}) {
            AddressSettings s = broker.settingsOf(queue);
            long total = 0;
            long delay = s.getRedeliveryDelay();
            for (int attempt = 1; attempt < s.getMaxDeliveryAttempts(); attempt++) {
                total += delay;
                delay = Math.min(s.getMaxRedeliveryDelay(), (long) (delay * s.getRedeliveryMultiplier()));
            }
            assertThat(Duration.ofMillis(total)).as(queue).isGreaterThan(Duration.ofMinutes(90));
            assertThat(s.getDeadLetterAddress().toString()).isEqualTo(DeadLetters.QUEUE);
        }
        assertThat(broker.settingsOf(DeadLetters.QUEUE).getMaxDeliveryAttempts()).isEqualTo(-1);
    }

    @Test
    void a_dead_reply_is_reported_once_kept_then_sent_back_and_recorded_once() throws Exception {
        DeadLetters dead = new DeadLetters(cf, "ops@example.org");
        assertThat(dead.counts()).isEmpty();
        String firstId = deadReply(null);

        assertThat(dead.counts()).singleElement().satisfies(c -> {
            assertThat(c.queue()).isEqualTo("colibri.replies");
            assertThat(c.count()).isEqualTo(1);
        });
        assertThat(dead.check()).singleElement().satisfies(mail -> {
            assertThat(mail.to()).isEqualTo("ops@example.org");
            assertThat(mail.body()).contains("colibri.replies: 1").contains("colibri:dead-letters --retry");
        });
        assertThat(dead.check()).as("reported once").isEmpty();
        assertThat(replies()).isZero();

        assertThat(dead.retry("colibri.receipts")).isZero();
        assertThat(dead.retry("colibri.replies")).isEqualTo(1);
        await().atMost(Duration.ofSeconds(20)).until(() -> replies() == 1);
        assertThat(dead.counts()).isEmpty();

        // The same reply dead again after it was recorded (its first broker id kept): sent back, not recorded twice.
        deadReply(firstId);
        assertThat(dead.check()).hasSize(1);
        assertThat(dead.retry(null)).isEqualTo(1);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> replies() == 1);
    }

    /** A reply as the inbound route queues it, as Artemis moves it to colibri.dead after its last failed delivery. */
    private String deadReply(String originalId) throws Exception {
        try (Connection c = new ActiveMQConnectionFactory(brokerUrl).createConnection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            TextMessage m = s.createTextMessage("Merci, bien reçu");
            m.setStringProperty("colibriConnector", "mobile");
            m.setStringProperty("colibriFrom", "33611223344");
            m.setStringProperty("colibriTo", "36100");
            m.setStringProperty("_AMQ_ORIG_ADDRESS", "colibri.replies");
            m.setStringProperty("_AMQ_ORIG_QUEUE", "colibri.replies");
            if (originalId != null) {
                m.setStringProperty(DeadLetters.ORIGINAL_ID, originalId);
            }
            s.createProducer(s.createQueue(DeadLetters.QUEUE)).send(m);
            return originalId != null ? originalId : m.getJMSMessageID();
        }
    }

    private long replies() {
        return store.database().jdbc(c -> {
            try (var r = c.createStatement().executeQuery("select count(*) from reply")) {
                r.next();
                return r.getLong(1);
            }
        });
    }
}
