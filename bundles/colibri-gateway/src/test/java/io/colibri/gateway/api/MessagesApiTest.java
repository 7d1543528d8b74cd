package io.colibri.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.colibri.domain.PhoneNumber;
import io.colibri.gateway.Configs;
import java.lang.annotation.Annotation;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 15: messages through /api/v1 against the real routes, broker, database and SMSC simulator:
 * the same rules and codes as /http.php, each recipient answered, keys and their limits, bad
 * input refused with nothing changed, idempotency, cancellation, listing.
 */
class MessagesApiTest extends ApiTestSupport {

    @Override
    protected List<Annotation> configs() {
        List<Annotation> configs = super.configs();
        configs.add(Configs.of(ApiFlow.Config.class, Map.of("maxBodyBytes", 4096, "maxRecipients", 8)));
        return configs;
    }

    @Test
    void a_message_is_answered_80_with_its_id_and_price_and_read_back_delivered_with_its_receipt() throws Exception {
        String a = newApiAccount(5);
        HttpResponse<String> r = postJson("/messages", key(a), "{\"to\": [\"06 12 34 56 78\"], \"text\": \"Bonjour\"}");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        JsonNode m = json(r).get("messages").get(0);
        assertThat(m.get("to").asText()).isEqualTo("+33612345678");
        assertThat(m.get("parts").asInt()).isEqualTo(1);
        assertThat(m.get("credits").asInt()).isEqualTo(1);
        assertThat(m.get("code").asInt()).isEqualTo(80);
        assertThat(m.get("status").asText()).isEqualTo("ACCEPTED");
        long id = m.get("id").asLong();
        assertThat(json(getApi("/balance", key(a))).get("balance").asLong()).isEqualTo(4);

        await().atMost(Duration.ofSeconds(20)).until(() -> json(getApi("/messages/" + id, key(a))).get("status").asText().equals("DELIVERED"));
        JsonNode read = json(getApi("/messages/" + id, key(a)));
        assertThat(read.get("id").asLong()).isEqualTo(id);
        assertThat(read.get("to").asText()).isEqualTo("+33612345678");
        assertThat(read.get("text").asText()).isEqualTo("Bonjour");
        assertThat(read.get("parts").asInt()).isEqualTo(1);
        assertThat(read.get("credits").asInt()).isEqualTo(1);
        assertThat(read.get("receipts")).hasSize(1);
        assertThat(read.get("receipts").get(0).get("status").asText()).isEqualTo("DELIVRD");
        assertThat(read.get("history").findValuesAsText("status")).containsExactly("ACCEPTED", "SUBMITTED", "DELIVERED");
        assertThat(smsc.received()).hasSize(1);
        assertThat(smsc.received().get(0).text()).isEqualTo("Bonjour");
    }

    @Test
    void each_recipient_gets_the_code_http_php_gives_for_the_same_request() throws Exception {
        // Twin accounts, the same options and credits: one asked through /http.php, the other through the API.
        String legacy = newAccount(6);
        String api = newApiAccount(6);
        String later = ZonedDateTime.now(ZoneId.of("Europe/Paris")).plusHours(2).format(DateTimeFormatter.ofPattern("HHmmddMMyyyy"));
        String laterIso = ZonedDateTime.now(ZoneId.of("Europe/Paris")).plusHours(2).withSecond(0).withNano(0).toOffsetDateTime().toString();
        Map<String, String> numbers = new LinkedHashMap<>();
        numbers.put("0612345678", "80");      // sent
        numbers.put("0612345678 ", "91");     // the same text again within 24 h
        numbers.put("0145678901", "84");      // a landline without the option
        numbers.put("Inconnus", "86");        // no such group
        numbers.put("0696123456", "93");      // DOM-TOM without the option
        numbers.put("12", "84");              // not a number
        for (Map.Entry<String, String> e : numbers.entrySet()) {
            assertThat(get(params(legacy, e.getKey(), "Réunion à 18h"))).as("/http.php " + e.getKey()).isEqualTo(e.getValue());
        }
        assertThat(get(with(params(legacy, "0699999999", "plus tard"), "diff", later))).isEqualTo("81");

        String to = String.join("\", \"", numbers.keySet());
        HttpResponse<String> answer = postJson("/messages", key(api), "{\"to\": [\"" + to + "\"], \"text\": \"Réunion à 18h\"}");
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        JsonNode sent = json(answer).get("messages");
        List<String> codes = new ArrayList<>();
        sent.forEach(m -> codes.add(m.get("code").asText()));
        assertThat(codes).containsExactlyElementsOf(numbers.values());
        assertThat(sent.get(2).get("status").asText()).isEqualTo("REFUSED");
        assertThat(sent.get(2).has("id")).isFalse();
        assertThat(sent.get(3).get("to").asText()).isEqualTo("Inconnus");
        JsonNode deferred = json(postJson("/messages", key(api), "{\"to\": [\"0699999999\"], \"text\": \"plus tard\", \"sendAt\": \""
                + laterIso + "\"}")).get("messages").get(0);
        assertThat(deferred.get("code").asInt()).isEqualTo(81);
        assertThat(deferred.get("status").asText()).isEqualTo("SCHEDULED");
        assertThat(balance(api)).isEqualTo(balance(legacy)).isEqualTo(4);
        // Not enough credit now, for either: 83.
        assertThat(get(params(legacy, "0611111111", "x".repeat(500)))).isEqualTo("97");
        store.accounts().setOption(legacy.split(" ")[0], "long-sms", "on");
        store.accounts().setOption(api.split(" ")[0], "long-sms", "on");
        assertThat(get(params(legacy, "0611111111", "x".repeat(800)))).isEqualTo("83");
        JsonNode poor = json(postJson("/messages", key(api), "{\"to\": [\"0611111111\"], \"text\": \"" + "x".repeat(800) + "\"}"));
        assertThat(poor.get("messages").get(0).get("code").asInt()).isEqualTo(83);
    }

    private static Map<String, String> with(Map<String, String> p, String key, String value) {
        p.put(key, value);
        return p;
    }

    @Test
    void a_group_is_answered_member_by_member_and_a_member_that_cannot_be_sent_is_recorded_failed_with_its_code() throws Exception {
        String a = newApiAccount(10);
        long id = accountId(a);
        store.groups().add(id, "Parents", PhoneNumber.parse("0611111111").orElseThrow(), "Ana", "Léa", null, null);
        // A landline, and the account has no landline option: 84, as a single send would get.
        store.groups().add(id, "Parents", PhoneNumber.parse("0122222222").orElseThrow(), "Bob", "Tom", null, null);
        // A blacklisted member is left out, as in a group send by /http.php.
        store.groups().add(id, "Parents", PhoneNumber.parse("0644444444").orElseThrow(), "Eve", "Zoé", null, null);
        store.blacklist().add(id, PhoneNumber.parse("0644444444").orElseThrow(), "STOP");
        JsonNode sent = json(postJson("/messages", key(a), "{\"to\": [\"Parents\", \"0633333333\"], \"text\": \"Bonjour [v1]\"}"))
                .get("messages");
        assertThat(sent).hasSize(3);
        // The group's members in its order (by number), then the number after it.
        assertThat(sent.findValuesAsText("to")).containsExactly("+33122222222", "+33611111111", "+33633333333");
        assertThat(sent.get(0).get("status").asText()).isEqualTo("FAILED");
        assertThat(sent.get(0).get("code").asInt()).isEqualTo(84);
        assertThat(sent.get(0).get("credits").asInt()).isZero();
        assertThat(sent.get(0).get("reason").asText()).contains("(84)");
        assertThat(sent.get(1).get("status").asText()).isEqualTo("ACCEPTED");
        assertThat(sent.get(1).get("code").asInt()).isEqualTo(80);
        assertThat(sent.get(2).get("status").asText()).isEqualTo("ACCEPTED");
        assertThat(balance(a)).isEqualTo(8);
        await().atMost(Duration.ofSeconds(20)).until(() -> smsc.received().size() == 2);
        assertThat(smsc.received()).extracting(m -> m.text()).containsExactlyInAnyOrder("Bonjour Léa", "Bonjour [v1]");
    }

    @Test
    void a_test_is_checked_and_priced_and_records_and_debits_nothing() throws Exception {
        String a = newApiAccount(10);
        store.accounts().setOption(a.split(" ")[0], "domtom", "on");
        JsonNode sent = json(postJson("/messages", key(a), "{\"to\": [\"0696123456\", \"0145678901\"], \"text\": \"essai\", \"test\": true}"))
                .get("messages");
        assertThat(sent.get(0).get("code").asInt()).isEqualTo(92);
        assertThat(sent.get(0).get("status").asText()).isEqualTo("TEST");
        assertThat(sent.get(0).get("credits").asInt()).isEqualTo(4);
        assertThat(sent.get(0).get("parts").asInt()).isEqualTo(1);
        assertThat(sent.get(1).get("code").asInt()).isEqualTo(84);
        assertThat(balance(a)).isEqualTo(10);
        assertThat(messages(a)).isEmpty();
    }

    @Test
    void keys_open_only_their_own_accounts_messages() throws Exception {
        String a = newApiAccount(5);
        String b = newApiAccount(5);
        long id = json(postJson("/messages", key(a), "{\"to\": [\"0612345678\"], \"text\": \"à moi\"}")).get("messages").get(0).get("id").asLong();

        HttpResponse<String> none = getApi("/messages/" + id, null);
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(none.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        assertThat(json(none).get("code").asInt()).isEqualTo(82);
        assertThat(getApi("/messages/" + id, "clb_" + "A".repeat(43)).statusCode()).isEqualTo(401);
        assertThat(getApi("/messages/" + id, key(b)).statusCode()).isEqualTo(404);
        assertThat(delete("/messages/" + id, key(b)).statusCode()).isEqualTo(404);
        assertThat(json(getApi("/messages", key(b))).get("messages")).isEmpty();
        assertThat(getApi("/messages/" + id, key(a)).statusCode()).isEqualTo(200);

        String operator = store.apiKeys().createOperator("ops").key();
        assertThat(getApi("/balance", operator).statusCode()).isEqualTo(403);
        long keyId = store.apiKeys().of(a.split(" ")[0]).get(0).id();
        store.apiKeys().revoke(keyId);
        assertThat(getApi("/balance", key(a)).statusCode()).isEqualTo(401);
        // Nothing of a request is echoed back: not its key.
        HttpResponse<String> r = getApi("/balance", key(b));
        assertThat(r.headers().map().keySet()).noneMatch(h -> h.equalsIgnoreCase("Authorization"));
    }

    @Test
    void the_accounts_allowed_ips_apply_with_code_96() throws Exception {
        String a = newApiAccount(5);
        store.accounts().setOption(a.split(" ")[0], "allowed-ips", "10.0.0.0/8");
        HttpResponse<String> r = postJson("/messages", key(a), "{\"to\": [\"0612345678\"], \"text\": \"hors réseau\"}");
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(json(r).get("code").asInt()).isEqualTo(96);
        assertThat(balance(a)).isEqualTo(5);
        store.accounts().setOption(a.split(" ")[0], "allowed-ips", "127.0.0.0/8");
        assertThat(postJson("/messages", key(a), "{\"to\": [\"0612345678\"], \"text\": \"ici\"}").statusCode()).isEqualTo(200);
    }

    @Test
    void bad_input_gets_a_clear_4xx_and_changes_nothing() throws Exception {
        String a = newApiAccount(5);
        Map<String, Integer> bodies = new LinkedHashMap<>();
        bodies.put("{\"to\": [\"0612345678\"], \"text\": ", 400);                           // not JSON
        bodies.put("{\"to\": \"0612345678\", \"text\": \"hi\"}", 400);                      // a string, not an array
        bodies.put("{\"to\": [\"0612345678\"], \"text\": 12}", 400);                         // a number for the text
        bodies.put("{\"to\": [\"0612345678\"], \"text\": \"hi\", \"send_at\": \"x\"}", 400); // unknown field
        bodies.put("{\"to\": [\"0612345678\"], \"text\": \"hi\", \"test\": \"yes\"}", 400);  // not a boolean
        bodies.put("[1, 2]", 400);
        bodies.put("{\"to\": [\"1\", \"2\", \"3\", \"4\", \"5\", \"6\", \"7\", \"8\", \"9\"], \"text\": \"hi\"}", 400); // over maxRecipients
        bodies.put("{\"to\": [\"0612345678\"], \"text\": \"hi\", \"format\": \"loud\"}", 400);
        bodies.put("{\"to\": [], \"text\": \"hi\"}", 422);                                   // 89
        bodies.put("{\"to\": [\"0612345678\"], \"text\": \"  \"}", 422);                     // 90
        bodies.put("{\"to\": [\"0612345678\"], \"text\": \"hi\", \"sendAt\": \"demain\"}", 422); // 85
        bodies.put("{\"to\": [\"0612345678\"], \"text\": \"" + "x".repeat(5000) + "\"}", 413);
        for (Map.Entry<String, Integer> e : bodies.entrySet()) {
            HttpResponse<String> r = postJson("/messages", key(a), e.getKey());
            assertThat(r.statusCode()).as(e.getKey()).isEqualTo(e.getValue());
            assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            JsonNode p = json(r);
            assertThat(p.get("status").asInt()).isEqualTo(e.getValue());
            assertThat(p.get("detail").asText()).isNotBlank();
        }
        assertThat(json(postJson("/messages", key(a), "{\"to\": [], \"text\": \"hi\"}")).get("code").asInt()).isEqualTo(89);
        assertThat(json(postJson("/messages", key(a), "{\"to\": [\"0612345678\"], \"text\": \"\"}")).get("code").asInt()).isEqualTo(90);
        assertThat(json(postJson("/messages", key(a), "{\"to\": [\"0612345678\"], \"text\": \"hi\", \"send_at\": \"x\"}"))
                .get("detail").asText()).contains("send_at");
        HttpResponse<String> form = call(api("/messages", key(a)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("to=0612345678&text=hi")).build());
        assertThat(form.statusCode()).isEqualTo(415);
        assertThat(getApi("/messages?limit=0", key(a)).statusCode()).isEqualTo(400);
        assertThat(getApi("/messages?status=LOST", key(a)).statusCode()).isEqualTo(400);
        assertThat(getApi("/messages?cursor=%21%21", key(a)).statusCode()).isEqualTo(400);
        assertThat(getApi("/messages/abc", key(a)).statusCode()).isEqualTo(404);
        assertThat(balance(a)).isEqualTo(5);
        assertThat(messages(a)).isEmpty();
    }

    @Test
    void the_same_idempotency_key_answers_the_first_answer_and_sends_once() throws Exception {
        String a = newApiAccount(5);
        String body = "{\"to\": [\"0612345678\"], \"text\": \"une seule fois\"}";
        HttpRequest.Builder first = api("/messages", key(a)).header("Content-Type", "application/json").header("Idempotency-Key", "k-1");
        HttpResponse<String> r1 = call(first.POST(HttpRequest.BodyPublishers.ofString(body)).build());
        HttpResponse<String> r2 = call(first.POST(HttpRequest.BodyPublishers.ofString(body)).build());
        assertThat(r1.statusCode()).isEqualTo(200);
        assertThat(r2.statusCode()).isEqualTo(200);
        assertThat(json(r2)).isEqualTo(json(r1));
        assertThat(json(r1).get("messages").get(0).get("code").asInt()).isEqualTo(80);
        assertThat(balance(a)).isEqualTo(4);
        assertThat(messages(a)).hasSize(1);
        HttpResponse<String> other = call(api("/messages", key(a)).header("Content-Type", "application/json").header("Idempotency-Key", "k-1")
                .POST(HttpRequest.BodyPublishers.ofString("{\"to\": [\"0699999999\"], \"text\": \"autre\"}")).build());
        assertThat(other.statusCode()).isEqualTo(422);
        // Without the key, the same body is a new request (here refused as a duplicate, 91).
        assertThat(json(postJson("/messages", key(a), body)).get("messages").get(0).get("code").asInt()).isEqualTo(91);
        // Another account's same key is its own.
        String b = newApiAccount(5);
        HttpResponse<String> rb = call(api("/messages", key(b)).header("Content-Type", "application/json").header("Idempotency-Key", "k-1")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
        assertThat(json(rb).get("messages").get(0).get("id").asLong()).isNotEqualTo(json(r1).get("messages").get(0).get("id").asLong());
        assertThat(balance(b)).isEqualTo(4);
    }

    @Test
    void a_deferred_send_is_cancelled_and_refunded_once_and_a_sent_one_cannot_be() throws Exception {
        String a = newApiAccount(5);
        String at = ZonedDateTime.now(ZoneId.of("Europe/Paris")).plusHours(3).toOffsetDateTime().toString();
        long id = json(postJson("/messages", key(a), "{\"to\": [\"0612345678\"], \"text\": \"plus tard\", \"sendAt\": \"" + at + "\"}"))
                .get("messages").get(0).get("id").asLong();
        assertThat(balance(a)).isEqualTo(4);
        HttpResponse<String> cancelled = delete("/messages/" + id, key(a));
        assertThat(cancelled.statusCode()).isEqualTo(200);
        assertThat(json(cancelled).get("status").asText()).isEqualTo("CANCELLED");
        assertThat(balance(a)).isEqualTo(5);
        HttpResponse<String> again = delete("/messages/" + id, key(a));
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(json(again).get("code").asInt()).isEqualTo(95);
        assertThat(balance(a)).isEqualTo(5);
        assertThat(delete("/messages/" + (id + 1_000_000), key(a)).statusCode()).isEqualTo(404);
    }

    @Test
    void messages_are_listed_newest_first_filtered_and_a_page_at_a_time() throws Exception {
        String a = newApiAccount(20);
        for (int i = 0; i < 5; i++) {
            postJson("/messages", key(a), "{\"to\": [\"061234567" + i + "\"], \"text\": \"n° " + i + "\"}");
        }
        postJson("/messages", key(a), "{\"to\": [\"0612345670\"], \"text\": \"plus tard\", \"sendAt\": \""
                + ZonedDateTime.now(ZoneId.of("Europe/Paris")).plusHours(3).toOffsetDateTime() + "\"}");
        JsonNode page1 = json(getApi("/messages?limit=4", key(a)));
        assertThat(page1.get("messages")).hasSize(4);
        assertThat(page1.get("messages").get(0).get("text").asText()).isEqualTo("plus tard");
        JsonNode page2 = json(getApi("/messages?limit=4&cursor=" + page1.get("next").asText(), key(a)));
        assertThat(page2.get("messages")).hasSize(2);
        assertThat(page2.has("next")).isFalse();
        assertThat(page2.get("messages").get(1).get("text").asText()).isEqualTo("n° 0");
        JsonNode scheduled = json(getApi("/messages?status=scheduled", key(a)));
        assertThat(scheduled.get("messages")).hasSize(1);
        JsonNode toOne = json(getApi("/messages?to=%2B33612345670", key(a)));
        assertThat(toOne.get("messages")).hasSize(2);
        String future = java.net.URLEncoder.encode(ZonedDateTime.now().plusDays(1).toOffsetDateTime().toString(), "UTF-8");
        assertThat(json(getApi("/messages?since=" + future, key(a))).get("messages")).isEmpty();
    }
}
