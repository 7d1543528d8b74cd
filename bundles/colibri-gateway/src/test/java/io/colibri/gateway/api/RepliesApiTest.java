package io.colibri.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.colibri.gateway.Configs;
import java.lang.annotation.Annotation;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 15 through the real routes and the SMSC simulator: a reply is read in the inbox, a rule
 * answers it, the CONTACT answer is proposed by the account and approved by an operator, the
 * callback URL is set with its secret shown once, a domain is shared.
 */
class RepliesApiTest extends ApiTestSupport {

    @Override
    protected List<Annotation> configs() {
        List<Annotation> configs = super.configs();
        configs.add(Configs.of(io.colibri.gateway.callback.CallbacksFlow.Config.class, Map.of("callbackAllowedNetworks", "127.0.0.1")));
        return configs;
    }

    HttpResponse<String> put(String path, String key, String json) throws Exception {
        return call(api(path, key).header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    @Test
    void a_reply_is_in_the_inbox_and_a_rule_made_through_the_api_answers_it() throws Exception {
        String a = newApiAccount(10);
        String k = key(a);
        HttpResponse<String> rule = postJson("/reply-rules", k, "{\"match\": \"keyword\", \"pattern\": \"INSCRIPTION\", \"answer\": \"C'est noté\"}");
        assertThat(rule.statusCode()).as(rule.body()).isEqualTo(201);
        assertThat(json(rule).get("rules").get(0).get("match").asText()).isEqualTo("keyword");
        assertThat(postJson("/reply-rules", k, "{\"match\": \"regex\", \"pattern\": \"(\"}").statusCode()).isEqualTo(400);
        assertThat(postJson("/reply-rules", k, "{\"match\": \"soon\", \"pattern\": \"x\", \"answer\": \"y\"}").statusCode()).isEqualTo(400);

        postJson("/messages", k, "{\"to\": [\"0612345678\"], \"text\": \"Inscriptions ouvertes\"}");
        await().atMost(Duration.ofSeconds(20)).until(() -> smsc.received().size() == 1);
        smsc.mo(null, "33612345678", "38100", "inscription");
        await().atMost(Duration.ofSeconds(20)).until(() -> json(getApi("/replies", k)).get("replies").size() == 1);
        JsonNode reply = json(getApi("/replies", k)).get("replies").get(0);
        assertThat(reply.get("text").asText()).isEqualTo("inscription");
        assertThat(reply.get("from").asText()).contains("612345678");
        await().atMost(Duration.ofSeconds(20)).until(() -> smsc.received().stream().anyMatch(m -> m.text().equals("C'est noté")));

        long ruleId = json(getApi("/reply-rules", k)).get("rules").get(0).get("id").asLong();
        String other = key(newApiAccount(1));
        assertThat(call(api("/reply-rules/" + ruleId, other).DELETE().build()).statusCode()).isEqualTo(404);
        assertThat(json(getApi("/replies", other)).get("replies")).isEmpty();
        assertThat(call(api("/reply-rules/" + ruleId, k).DELETE().build()).statusCode()).isEqualTo(204);
        assertThat(json(getApi("/reply-rules", k)).get("rules")).isEmpty();
    }

    @Test
    void the_contact_answer_waits_for_an_operator_and_the_callback_secret_is_shown_once() throws Exception {
        String a = newApiAccount(10);
        String k = key(a);
        JsonNode proposed = json(put("/contact-text", k, "{\"text\": \"Mairie, 01 23 45 67 89\"}"));
        assertThat(proposed.get("pending").asText()).isEqualTo("Mairie, 01 23 45 67 89");
        assertThat(proposed.has("approved")).isFalse();
        assertThat(put("/contact-text", k, "{\"text\": \"" + "x".repeat(1001) + "\"}").statusCode()).isEqualTo(400);
        assertThat(postJson("/admin/accounts/" + accountId(a) + "/contact-text", k, "").statusCode()).as("an account's key").isEqualTo(403);
        String operator = store.apiKeys().createOperator("moderation").key();
        JsonNode approved = json(postJson("/admin/accounts/" + accountId(a) + "/contact-text", operator, ""));
        assertThat(approved.get("approved").asText()).isEqualTo("Mairie, 01 23 45 67 89");
        assertThat(approved.has("pending")).isFalse();
        assertThat(postJson("/admin/accounts/" + accountId(a) + "/contact-text", operator, "").statusCode()).isEqualTo(409);
        assertThat(store.replies().contactText(accountId(a))).hasValue("Mairie, 01 23 45 67 89");

        assertThat(getApi("/callback", k).statusCode()).isEqualTo(404);
        HttpResponse<String> setting = put("/callback", k, "{\"url\": \"http://127.0.0.1:9/colibri\"}");
        assertThat(setting.statusCode()).as(setting.body()).isEqualTo(200);
        JsonNode set = json(setting);
        assertThat(set.get("secret").asText()).hasSizeGreaterThan(20);
        assertThat(json(getApi("/callback", k)).has("secret")).isFalse();
        assertThat(put("/callback", k, "{\"url\": \"ftp://example.org/x\"}").statusCode()).isEqualTo(400);
        assertThat(put("/callback", k, "{\"url\": \"http://10.0.0.1/x\"}").statusCode()).as("a private network").isEqualTo(400);
        assertThat(call(api("/callback", k).DELETE().build()).statusCode()).isEqualTo(204);
        assertThat(getApi("/callback", k).statusCode()).isEqualTo(404);

        assertThat(put("/shared-domains/mairie-exemple.fr", k, "{\"password\": \"Conseil2026\"}").statusCode()).isEqualTo(204);
        assertThat(store.sharedDomains().accountOf("secretariat@mairie-exemple.fr")).hasValue(accountId(a));
        assertThat(put("/shared-domains/autre.fr", k, "{\"password\": \"court\"}").statusCode()).isEqualTo(400);
    }
}
