package io.colibri.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.colibri.gateway.Configs;
import java.lang.annotation.Annotation;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 15 through the real routes: a group's contacts added, changed, removed and imported from
 * a CSV upload reported as the drop folder reports it; the blacklist; the ledger; one account's
 * key never reading another's.
 */
class ContactsApiTest extends ApiTestSupport {

    @Override
    protected List<Annotation> configs() {
        List<Annotation> configs = super.configs();
        configs.add(Configs.of(ApiFlow.Config.class, Map.of("maxUploadBytes", 2048)));
        return configs;
    }

    HttpResponse<String> put(String path, String key, String json) throws Exception {
        HttpRequest.Builder b = api(path, key);
        if (json != null) {
            b.header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(json));
        } else {
            b.PUT(HttpRequest.BodyPublishers.noBody());
        }
        return call(b.build());
    }

    HttpResponse<String> upload(String path, String key, String type, byte[] csv) throws Exception {
        return call(api(path, key).header("Content-Type", type).POST(HttpRequest.BodyPublishers.ofByteArray(csv)).build());
    }

    @Test
    void contacts_are_added_changed_imported_with_the_drop_folders_report_sent_to_and_removed() throws Exception {
        String a = newApiAccount(10);
        String k = key(a);
        assertThat(put("/groups/Parents/contacts/0611111111", k, "{\"name\": \"Ana\", \"v1\": \"Léa\"}").statusCode()).isEqualTo(201);
        assertThat(put("/groups/parents/contacts/+33611111111", k, "{\"name\": \"Ana B.\", \"v1\": \"Léa\"}").statusCode()).isEqualTo(200);
        assertThat(put("/groups/Parents/contacts/12", k, "{\"name\": \"x\"}").statusCode()).isEqualTo(400);

        // Windows-1252, as Excel writes it in France, with one bad line.
        byte[] csv = "0622222222;Bob;Tom\nnot a number;Eve\n0633333333;Zoé;Zoé\n".getBytes(java.nio.charset.Charset.forName("windows-1252"));
        HttpResponse<String> imported = upload("/groups/Parents/import", k, "text/csv", csv);
        assertThat(imported.statusCode()).isEqualTo(200);
        assertThat(imported.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/csv"));
        assertThat(imported.body()).startsWith("\uFEFFline;reason").contains("\r\n2;").contains("taken 2 (new 2, updated 0), refused 1");
        JsonNode contacts = json(getApi("/groups/parents/contacts", k));
        assertThat(contacts.get("group").asText()).isEqualTo("Parents");
        assertThat(contacts.get("contacts").findValuesAsText("number")).containsExactly("+33611111111", "+33622222222", "+33633333333");
        assertThat(contacts.get("contacts").get(2).get("name").asText()).isEqualTo("Zoé");
        assertThat(json(getApi("/groups", k)).get("groups").get(0).get("contacts").asInt()).isEqualTo(3);

        assertThat(upload("/groups/" + "x".repeat(150) + "/import", k, "text/csv", csv).statusCode()).as("a name too long").isEqualTo(422);
        assertThat(upload("/groups/Parents/import", k, "application/json", csv).statusCode()).isEqualTo(415);
        assertThat(upload("/groups/Parents/import", k, "text/csv", "0611111111;x\n".repeat(300).getBytes(StandardCharsets.UTF_8)).statusCode())
                .isEqualTo(413);
        assertThat(call(api("/groups/Parents/contacts/0633333333", k).DELETE().build()).statusCode()).isEqualTo(204);
        assertThat(call(api("/groups/Parents/contacts/0633333333", k).DELETE().build()).statusCode()).isEqualTo(404);

        JsonNode sent = json(postJson("/messages", k, "{\"to\": [\"Parents\"], \"text\": \"Bonjour [v1]\"}")).get("messages");
        assertThat(sent.findValuesAsText("to")).containsExactly("+33611111111", "+33622222222");

        String other = key(newApiAccount(1));
        assertThat(json(getApi("/groups", other)).get("groups")).isEmpty();
        assertThat(getApi("/groups/Parents/contacts", other).statusCode()).isEqualTo(404);
        assertThat(call(api("/groups/Parents", other).DELETE().build()).statusCode()).isEqualTo(404);
        assertThat(call(api("/groups/parents", k).DELETE().build()).statusCode()).isEqualTo(204);
        assertThat(json(getApi("/groups", k)).get("groups")).isEmpty();
        assertThat(json(postJson("/messages", k, "{\"to\": [\"Parents\"], \"text\": \"x\"}")).get("messages").get(0).get("code").asInt())
                .as("no such group any more").isEqualTo(86);
    }

    @Test
    void a_blacklisted_number_gets_84_until_it_is_taken_off_and_the_ledger_shows_every_move() throws Exception {
        String a = newApiAccount(10);
        String k = key(a);
        assertThat(put("/blacklist/0644444444", k, "{\"reason\": \"a demandé\"}").statusCode()).isEqualTo(201);
        assertThat(put("/blacklist/+33644444444", k, null).statusCode()).isEqualTo(200);
        assertThat(json(getApi("/blacklist", k)).get("blacklist").get(0).get("reason").asText()).isEqualTo("a demandé");
        assertThat(json(postJson("/messages", k, "{\"to\": [\"0644444444\"], \"text\": \"x\"}")).get("messages").get(0).get("code").asInt())
                .isEqualTo(84);
        assertThat(call(api("/blacklist/0644444444", k).DELETE().build()).statusCode()).isEqualTo(204);
        assertThat(call(api("/blacklist/0644444444", k).DELETE().build()).statusCode()).isEqualTo(404);
        assertThat(json(postJson("/messages", k, "{\"to\": [\"0644444444\"], \"text\": \"x\"}")).get("messages").get(0).get("code").asInt())
                .isEqualTo(80);
        postJson("/messages", k, "{\"to\": [\"0655555555\"], \"text\": \"y\"}");

        JsonNode page = json(getApi("/account/ledger?limit=2", k));
        assertThat(page.get("balance").asLong()).isEqualTo(8);
        assertThat(page.get("entries").findValuesAsText("kind")).containsExactly("DEBIT", "DEBIT");
        JsonNode rest = json(getApi("/account/ledger?limit=2&cursor=" + page.get("next").asText(), k));
        assertThat(rest.get("entries").findValuesAsText("kind")).containsExactly("TOP_UP");
        assertThat(rest.get("entries").get(0).get("credits").asInt()).isEqualTo(10);
        assertThat(rest.has("next")).isFalse();
        String other = key(newApiAccount(3));
        assertThat(json(getApi("/account/ledger", other)).get("entries")).hasSize(1);
        assertThat(json(getApi("/blacklist", other)).get("blacklist")).isEmpty();
    }
}
