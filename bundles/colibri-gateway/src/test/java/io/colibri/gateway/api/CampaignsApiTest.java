package io.colibri.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Issue 16: a group send and a send file are each one campaign, whose progress (queued, sent,
 * delivered, failed of its total) and delivery rate follow its messages to their receipts; a
 * single send makes none, and another account sees none of them.
 */
class CampaignsApiTest extends ApiTestSupport {

    @Test
    void a_group_send_and_a_send_file_are_each_a_campaign_followed_to_their_receipts() throws Exception {
        String a = newApiAccount(20);
        String email = a.split(" ")[0];
        // Two mobiles, an overseas number the account may not send to (recorded FAILED, 93) and a blacklisted one (left out).
        for (String n : new String[] {"0633333301", "0633333302", "0690123456", "0633333303"}) {
            assertThat(call(api("/groups/Club/contacts/" + n, key(a)).header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"name\": \"x\"}")).build()).statusCode()).isEqualTo(201);
        }
        assertThat(call(api("/blacklist/0633333303", key(a)).PUT(HttpRequest.BodyPublishers.noBody()).build()).statusCode()).isEqualTo(201);
        postJson("/messages", key(a), "{\"to\": [\"0644444401\"], \"text\": \"seul\"}");
        JsonNode sent = json(postJson("/messages", key(a), "{\"to\": [\"Club\"], \"text\": \"Entraînement samedi\"}")).get("messages");
        assertThat(sent).hasSize(3);
        long campaign = sent.get(0).get("campaign").asLong();
        assertThat(sent).allSatisfy(m -> assertThat(m.get("campaign").asLong()).isEqualTo(campaign));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonNode c = json(getApi("/campaigns/" + campaign, key(a)));
            assertThat(c.get("source").asText()).isEqualTo("group");
            assertThat(c.get("label").asText()).isEqualTo("Club");
            assertThat(c.get("total").asInt()).isEqualTo(3);
            assertThat(c.get("delivered").asInt()).isEqualTo(2);
            assertThat(c.get("failed").asInt()).as("the overseas member, recorded FAILED").isEqualTo(1);
            assertThat(c.get("queued").asInt() + c.get("sent").asInt()).isZero();
            assertThat(c.get("deliveryRate").asDouble()).isEqualTo(0.667);
        });

        Path send = Files.createDirectories(dropRoot.resolve(email).resolve("send"));
        Files.writeString(send.resolve("relance.csv"), "#message: Relance [v1]\n0655555501;A;Léa\n0655555502;B;Tom\n", StandardCharsets.UTF_8);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode list = json(getApi("/campaigns", key(a))).get("campaigns");
            assertThat(list).hasSize(2);
            JsonNode file = list.get(0);
            assertThat(file.get("source").asText()).isEqualTo("file");
            assertThat(file.get("label").asText()).isEqualTo("relance.csv");
            assertThat(file.get("total").asInt()).isEqualTo(2);
            assertThat(file.get("delivered").asInt()).isEqualTo(2);
            assertThat(list.get(1).get("id").asLong()).isEqualTo(campaign);
        });

        String b = newApiAccount(1);
        assertThat(json(getApi("/campaigns", key(b))).get("campaigns")).isEmpty();
        assertThat(getApi("/campaigns/" + campaign, key(b)).statusCode()).isEqualTo(404);
    }
}
