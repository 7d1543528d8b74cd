package io.colibri.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.colibri.gateway.broker.DeadLetters;
import jakarta.jms.Connection;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.Test;

/**
 * Issue 16, what the operator's console pages call: messages found across accounts, the dead
 * letters listed, one sent back to its queue and one discarded for good, the accounts found by
 * address and the CONTACT texts waiting; none of it open to an account's key.
 */
class OperatorConsoleApiTest extends ApiTestSupport {
    static final String QUEUE = "colibri.itest-dead";

    @Test
    void messages_are_found_across_accounts_or_in_one_with_their_account() throws Exception {
        String a = newApiAccount(5);
        String b = newApiAccount(5);
        String operator = store.apiKeys().createOperator("recherche" + System.nanoTime()).key();
        postJson("/messages", key(a), "{\"to\": [\"0677777701\"], \"text\": \"de A\"}");
        postJson("/messages", key(b), "{\"to\": [\"0677777701\"], \"text\": \"de B\"}");
        JsonNode all = json(getApi("/admin/messages?to=0677777701", operator)).get("messages");
        assertThat(all).hasSize(2);
        assertThat(all.get(0).get("account").asLong()).isEqualTo(accountId(b));
        assertThat(all.get(1).get("account").asLong()).isEqualTo(accountId(a));
        JsonNode onlyA = json(getApi("/admin/messages?account=" + accountId(a), operator)).get("messages");
        assertThat(onlyA).singleElement().satisfies(m -> assertThat(m.get("text").asText()).isEqualTo("de A"));
        assertThat(getApi("/admin/messages?account=abc", operator).statusCode()).isEqualTo(400);
        assertThat(getApi("/admin/messages", key(a)).statusCode()).isEqualTo(403);
        // An account's own list never says whose: it is its own.
        assertThat(json(getApi("/messages", key(a))).get("messages").get(0).has("account")).isFalse();

        JsonNode found = json(getApi("/admin/accounts?q=" + a.split(" ")[0].substring(0, 12), operator)).get("accounts");
        assertThat(found).extracting(n -> n.get("email").asText()).contains(a.split(" ")[0]);
        assertThat(json(getApi("/admin/accounts?q=%25", operator)).get("accounts")).as("a % is a character, not a pattern").isEmpty();
    }

    @Test
    void dead_letters_are_listed_one_sent_back_to_its_queue_and_one_discarded() throws Exception {
        String operator = store.apiKeys().createOperator("dlq" + System.nanoTime()).key();
        String first = dead("première lettre");
        String second = dead("seconde lettre");
        JsonNode listed = json(getApi("/admin/dead-letters", operator));
        assertThat(listed.get("queues")).singleElement().satisfies(q -> {
            assertThat(q.get("queue").asText()).isEqualTo(QUEUE);
            assertThat(q.get("count").asInt()).isEqualTo(2);
        });
        assertThat(listed.get("letters")).extracting(l -> l.get("preview").asText()).containsExactly("première lettre", "seconde lettre");
        assertThat(listed.get("letters").get(0).get("id").asText()).isEqualTo(first);

        HttpResponse<String> back = call(api("/admin/dead-letters/" + first + "/retry", operator).POST(java.net.http.HttpRequest.BodyPublishers.noBody())
                .build());
        assertThat(back.statusCode()).as(back.body()).isEqualTo(200);
        assertThat(delete("/admin/dead-letters/" + second, operator).statusCode()).isEqualTo(204);
        assertThat(delete("/admin/dead-letters/" + second, operator).statusCode()).isEqualTo(404);
        assertThat(delete("/admin/dead-letters/ID:%27%20or%201=1%20or%20JMSMessageID=%27x", operator).statusCode()).isEqualTo(404);
        assertThat(json(getApi("/admin/dead-letters", operator)).get("letters")).isEmpty();
        assertThat(waiting(QUEUE)).containsExactly("première lettre");
        assertThat(getApi("/admin/dead-letters", key(newApiAccount(1))).statusCode()).isEqualTo(403);
    }

    /** A message as Artemis moves it to colibri.dead after its last failed delivery from QUEUE; its broker id. */
    private String dead(String text) throws Exception {
        try (Connection c = new ActiveMQConnectionFactory(brokerUrl).createConnection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            TextMessage m = s.createTextMessage(text);
            m.setStringProperty("_AMQ_ORIG_ADDRESS", QUEUE);
            m.setStringProperty("_AMQ_ORIG_QUEUE", QUEUE);
            s.createProducer(s.createQueue(DeadLetters.QUEUE)).send(m);
            return m.getJMSMessageID();
        }
    }

    private List<String> waiting(String queue) throws Exception {
        List<String> texts = new ArrayList<>();
        try (Connection c = new ActiveMQConnectionFactory(brokerUrl).createConnection()) {
            c.start();
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            for (Object m : Collections.list(s.createBrowser(s.createQueue(queue)).getEnumeration())) {
                texts.add(((TextMessage) m).getText());
            }
        }
        return texts;
    }
}
