package io.colibri.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * Issue 15 through the real routes: sub-accounts made, credited both ways, their keys sending
 * within what the parent allows, their consumption; the account's options and keys; and no key
 * reaching another account's sub-accounts or keys.
 */
class SubAccountsApiTest extends ApiTestSupport {

    HttpResponse<String> patch(String path, String key, String json) throws Exception {
        return call(api(path, key).header("Content-Type", "application/json").method("PATCH", HttpRequest.BodyPublishers.ofString(json)).build());
    }

    @Test
    void a_sub_account_is_credited_sends_with_its_own_key_within_its_parents_options_and_its_month_is_read() throws Exception {
        String parent = newApiAccount(100);
        String k = key(parent);
        String subEmail = "accueil" + System.nanoTime() + "@mairie.fr";
        HttpResponse<String> created = postJson("/subaccounts", k, "{\"email\": \"" + subEmail + "\", \"name\": \"Accueil\", \"kind\": \"employee\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        long sub = json(created).get("id").asLong();
        assertThat(json(created).get("passwordMailed").asBoolean()).isTrue();
        assertThat(json(getApi("/subaccounts", k)).get("subaccounts").findValuesAsText("email")).containsExactly(subEmail);

        JsonNode moved = json(postJson("/subaccounts/" + sub + "/transfers", k, "{\"credits\": 30}"));
        assertThat(moved.get("balance").asLong()).isEqualTo(70);
        assertThat(moved.get("subaccountBalance").asLong()).isEqualTo(30);
        HttpResponse<String> tooMuch = postJson("/subaccounts/" + sub + "/transfers", k, "{\"credits\": -31}");
        assertThat(tooMuch.statusCode()).isEqualTo(409);
        assertThat(json(tooMuch).get("code").asInt()).isEqualTo(83);
        assertThat(json(getApi("/balance", k)).get("balance").asLong()).isEqualTo(70);

        HttpResponse<String> subKey = postJson("/subaccounts/" + sub + "/keys", k, "");
        assertThat(subKey.statusCode()).isEqualTo(201);
        String sk = json(subKey).get("key").asText();
        assertThat(json(postJson("/messages", sk, "{\"to\": [\"0612345678\"], \"text\": \"de l'accueil\"}")).get("messages").get(0)
                .get("code").asInt()).isEqualTo(80);
        // Landlines: the sub-account's own "on" opens nothing while its parent's is off.
        assertThat(patch("/subaccounts/" + sub + "/options", k, "{\"landline\": \"on\"}").statusCode()).isEqualTo(200);
        assertThat(json(postJson("/messages", sk, "{\"to\": [\"0145678901\"], \"text\": \"fixe\"}")).get("messages").get(0)
                .get("code").asInt()).isEqualTo(84);
        assertThat(json(patch("/account/options", k, "{\"landline\": \"on\"}")).get("options").get("landline").asText()).isEqualTo("on");
        assertThat(json(postJson("/messages", sk, "{\"to\": [\"0145678901\"], \"text\": \"fixe\"}")).get("messages").get(0)
                .get("code").asInt()).isEqualTo(80);
        assertThat(json(getApi("/balance", sk)).get("balance").asLong()).isEqualTo(28);

        JsonNode months = json(getApi("/subaccounts/" + sub + "/consumption", k)).get("months");
        assertThat(months).hasSize(1);
        assertThat(months.get(0).get("messages").asLong()).isEqualTo(2);
        assertThat(months.get(0).get("credits").asLong()).isEqualTo(2);

        // A sub-account has no sub-accounts; another account sees none of these.
        assertThat(postJson("/subaccounts", sk, "{\"email\": \"x" + System.nanoTime() + "@b.fr\", \"name\": \"x\", \"kind\": \"customer\"}")
                .statusCode()).isEqualTo(400);
        String other = key(newApiAccount(10));
        assertThat(getApi("/subaccounts/" + sub, other).statusCode()).isEqualTo(404);
        assertThat(postJson("/subaccounts/" + sub + "/transfers", other, "{\"credits\": -5}").statusCode()).isEqualTo(404);
        assertThat(postJson("/subaccounts/" + sub + "/keys", other, "").statusCode()).isEqualTo(404);
        assertThat(patch("/subaccounts/" + sub + "/options", other, "{\"landline\": \"off\"}").statusCode()).isEqualTo(404);
        assertThat(json(getApi("/subaccounts", other)).get("subaccounts")).isEmpty();
    }

    @Test
    void options_are_all_checked_before_any_changes_and_keys_are_made_listed_and_revoked_by_their_account_only() throws Exception {
        String a = newApiAccount(5);
        String k = key(a);
        HttpResponse<String> bad = patch("/account/options", k, "{\"long-sms\": \"on\", \"validity\": \"99h\"}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(json(bad).get("detail").asText()).contains("validity");
        assertThat(json(getApi("/account/options", k)).get("options").get("long-sms").asText()).as("nothing changed").isEqualTo("off");
        assertThat(patch("/account/options", k, "{\"colour\": \"blue\"}").statusCode()).isEqualTo(400);
        assertThat(patch("/account/options", k, "{\"long-sms\": true}").statusCode()).isEqualTo(400);
        assertThat(patch("/account/options", k, "{}").statusCode()).isEqualTo(400);
        JsonNode changed = json(patch("/account/options", k, "{\"long-sms\": \"on\", \"validity\": \"24h\"}")).get("options");
        assertThat(changed.get("long-sms").asText()).isEqualTo("on");
        assertThat(changed.get("validity").asText()).isEqualTo("24h");

        HttpResponse<String> made = postJson("/account/keys", k, "");
        assertThat(made.statusCode()).isEqualTo(201);
        String second = json(made).get("key").asText();
        long secondId = json(made).get("id").asLong();
        JsonNode keys = json(getApi("/account/keys", k)).get("keys");
        assertThat(keys).hasSize(2);
        assertThat(keys.toString()).doesNotContain(second).doesNotContain(k);
        String other = key(newApiAccount(1));
        assertThat(delete("/account/keys/" + secondId, other).statusCode()).as("another account's key").isEqualTo(404);
        assertThat(getApi("/balance", second).statusCode()).isEqualTo(200);
        assertThat(delete("/account/keys/" + secondId, k).statusCode()).isEqualTo(200);
        assertThat(getApi("/balance", second).statusCode()).isEqualTo(401);
        assertThat(getApi("/balance", k).statusCode()).isEqualTo(200);
    }
}
