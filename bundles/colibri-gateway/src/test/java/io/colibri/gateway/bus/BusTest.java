package io.colibri.gateway.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.colibri.domain.Callback;
import io.colibri.gateway.RouteTestSupport;
import io.colibri.gateway.callback.Callbacks;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TextMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The broker entry (issue 17) on the real routes/bus/bus-inbound.yaml: a service bus sends JSON on
 * colibri.inbound with a temporary reply-to queue, as any JMS client would, and reads the answer;
 * the message reaches the SMSC simulator and the account's events come on colibri.events; what
 * is refused is answered and kept in colibri.dead.
 */
class BusTest extends RouteTestSupport {
    private static final ObjectMapper JSON = new ObjectMapper();

    Connection client;
    Session session;

    @BeforeEach
    void connect() throws Exception {
        client = new ActiveMQConnectionFactory(brokerUrl).createConnection();
        client.start();
        session = client.createSession(false, Session.AUTO_ACKNOWLEDGE);
    }

    @AfterEach
    void disconnect() throws Exception {
        client.close();
    }

    /** A new account with credit and its API key: {email, key, account id}. */
    private String[] accountWithKey(int credits) {
        String account = newAccount(credits);
        String email = account.split(" ")[0];
        String key = store.apiKeys().createFor(email).key();
        return new String[] {email, key, Long.toString(store.accounts().show(email).orElseThrow().id())};
    }

    /** Sends the body on colibri.inbound (a text message, with these properties set by the caller) and waits for the answer. */
    private JsonNode request(String body, java.util.function.Consumer<Message> more) throws Exception {
        TemporaryQueue replies = session.createTemporaryQueue();
        TextMessage m = session.createTextMessage(body);
        m.setJMSReplyTo(replies);
        more.accept(m);
        try (MessageProducer p = session.createProducer(session.createQueue("colibri.inbound"));
             MessageConsumer answers = session.createConsumer(replies)) {
            p.send(m);
            TextMessage answer = (TextMessage) answers.receive(20_000);
            assertThat(answer).as("an answer on the reply-to").isNotNull();
            assertThat(answer.getJMSCorrelationID()).isEqualTo(m.getJMSMessageID());
            return JSON.readTree(answer.getText());
        } finally {
            replies.delete();
        }
    }

    private JsonNode request(String body) throws Exception {
        return request(body, m -> { });
    }

    private static String send(String key, String to, String text) {
        return "{\"version\":1,\"apiKey\":\"" + key + "\",\"to\":[\"" + to + "\"],\"text\":\"" + text + "\"}";
    }

    @Test
    void a_json_request_is_answered_80_with_its_id_sent_and_its_events_published_on_colibri_events() throws Exception {
        String[] a = accountWithKey(10);
        long accountId = Long.parseLong(a[2]);
        // A customer chooses its callback (PUT /api/v1/callback): no other address of the broker, its queues least of all.
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.callbacks().set(accountId, "bus:colibri.outbound.mobile"))
                .isInstanceOf(IllegalArgumentException.class);
        String secret = store.callbacks().set(accountId, Callbacks.BUS_EVENTS);
        MessageConsumer events = session.createConsumer(session.createTopic("colibri.events"), "colibriAccount = " + accountId);

        JsonNode answer = request(send(a[1], "0612345678", "Bonjour du bus"));

        assertThat(answer.path("version").asInt()).isEqualTo(1);
        assertThat(answer.path("status").asInt()).isEqualTo(200);
        assertThat(answer.path("code").asInt()).isEqualTo(80);
        assertThat(answer.path("messageIds")).hasSize(1);
        long id = answer.path("messageIds").get(0).asLong();
        assertThat(answer.path("messages").get(0).path("to").asText()).isEqualTo("+33612345678");
        await().atMost(Duration.ofSeconds(20)).until(() -> smsc.received().size() == 1);
        assertThat(smsc.received().get(0).destination()).isEqualTo("33612345678");

        List<String> statuses = new ArrayList<>();
        while (statuses.size() < 3) {
            TextMessage e = (TextMessage) events.receive(20_000);
            assertThat(e).as("events so far: " + statuses).isNotNull();
            JsonNode event = JSON.readTree(e.getText());
            assertThat(event.path("messageId").asLong()).isEqualTo(id);
            assertThat(e.getStringProperty(BusEvents.SIGNATURE)).isEqualTo(Callback.signature(secret, e.getText()));
            assertThat(e.getLongProperty(BusEvents.ACCOUNT)).isEqualTo(accountId);
            statuses.add(event.path("status").asText());
        }
        assertThat(statuses).containsExactly("ACCEPTED", "SUBMITTED", "DELIVERED");
        assertThat(balance(a[0] + " -")).isEqualTo(9);
    }

    @Test
    void bad_json_a_wrong_key_and_a_refused_field_are_answered_and_kept_in_colibri_dead() throws Exception {
        String[] a = accountWithKey(10);

        JsonNode notJson = request("{\"version\":1,\"to\":");
        JsonNode wrongKey = request(send("clb_" + "A".repeat(43), "0612345678", "Bonjour"));
        JsonNode unknownField = request("{\"version\":1,\"apiKey\":\"" + a[1] + "\",\"to\":[\"0612345678\"],\"text\":\"x\",\"sendat\":\"now\"}");
        JsonNode noText = request("{\"version\":1,\"apiKey\":\"" + a[1] + "\",\"to\":[\"0612345678\"]}");
        JsonNode tooBig = request(send(a[1], "0612345678", "x".repeat(70_000)));

        assertThat(notJson.path("status").asInt()).isEqualTo(400);
        assertThat(notJson.path("error").asText()).contains("not valid JSON");
        assertThat(wrongKey.path("status").asInt()).isEqualTo(401);
        assertThat(wrongKey.path("code").asInt()).isEqualTo(82);
        assertThat(unknownField.path("status").asInt()).isEqualTo(400);
        assertThat(unknownField.path("error").asText()).contains("sendat");
        assertThat(noText.path("code").asInt()).isEqualTo(90);
        assertThat(tooBig.path("status").asInt()).isEqualTo(413);
        assertThat(List.of(notJson, wrongKey, unknownField, noText, tooBig)).allSatisfy(n -> assertThat(n.has("messageIds")).isFalse());

        List<Message> dead = deadLetters();
        assertThat(dead).hasSize(5);
        assertThat(dead).allSatisfy(m -> {
            assertThat(m.getStringProperty("_AMQ_ORIG_ADDRESS")).isEqualTo("colibri.inbound");
            assertThat(m.getStringProperty(BusInbound.REJECTED)).isNotBlank();
        });
        assertThat(((TextMessage) dead.get(0)).getText()).isEqualTo("{\"version\":1,\"to\":");
        assertThat(smsc.received()).isEmpty();
        assertThat(balance(a[0] + " -")).isEqualTo(10);
    }

    @Test
    void a_request_sent_again_with_its_key_or_broker_id_is_answered_the_same_and_sent_once() throws Exception {
        String[] a = accountWithKey(10);
        String keyed = "{\"version\":1,\"apiKey\":\"" + a[1] + "\",\"idempotencyKey\":\"order-42\",\"to\":[\"0611111111\"],\"text\":\"Once\"}";

        JsonNode first = request(keyed);
        JsonNode again = request(keyed);
        // As an operator's colibri:dead-letters --retry sends it: a new broker id, its first one kept.
        JsonNode byId = request(send(a[1], "0622222222", "Once too"), m -> property(m, "ID:0123-4567"));
        JsonNode byIdAgain = request(send(a[1], "0622222222", "Once too"), m -> property(m, "ID:0123-4567"));

        assertThat(first.path("code").asInt()).isEqualTo(80);
        assertThat(again.path("messageIds")).isEqualTo(first.path("messageIds"));
        assertThat(byIdAgain.path("messageIds")).isEqualTo(byId.path("messageIds"));
        await().atMost(Duration.ofSeconds(20)).until(() -> smsc.received().size() == 2);
        // and no third for a while: the repeats were not sent
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> smsc.received().size() == 2);
        assertThat(balance(a[0] + " -")).isEqualTo(8);
    }

    @Test
    void a_bytes_message_of_utf8_json_is_read_as_a_text_message_is() throws Exception {
        String[] a = accountWithKey(10);
        TemporaryQueue replies = session.createTemporaryQueue();
        jakarta.jms.BytesMessage m = session.createBytesMessage();
        m.writeBytes(send(a[1], "0633333333", "Été à Noël").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        m.setJMSReplyTo(replies);
        try (MessageProducer p = session.createProducer(session.createQueue("colibri.inbound"));
             MessageConsumer answers = session.createConsumer(replies)) {
            p.send(m);
            JsonNode answer = JSON.readTree(((TextMessage) answers.receive(20_000)).getText());
            assertThat(answer.path("code").asInt()).isEqualTo(80);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> smsc.received().size() == 1);
        assertThat(smsc.received().get(0).text()).isEqualTo("Été à Noël");
    }

    private static void property(Message m, String originalId) {
        try {
            m.setStringProperty("colibriOriginalId", originalId);
        } catch (jakarta.jms.JMSException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<Message> deadLetters() throws Exception {
        try (QueueBrowser browser = session.createBrowser(session.createQueue("colibri.dead"))) {
            List<Message> out = new ArrayList<>();
            for (Enumeration<?> e = browser.getEnumeration(); e.hasMoreElements(); ) {
                out.add((Message) e.nextElement());
            }
            return out;
        }
    }
}
