package io.colibri.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.colibri.gateway.account.SubAccounts;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Issue 15 (ACC-4): the channels a sub-account may use, chosen by its parent and never wider than
 * the parent's own; and an account an operator disables: /http.php answers 82, the API 403, the
 * drop folder refuses its files, its schedules pause, and so do its sub-accounts', until enabled.
 */
class ChannelsTest extends ApiTestSupport {

    HttpResponse<String> patch(String path, String key, String json) throws Exception {
        return call(api(path, key).header("Content-Type", "application/json").method("PATCH", HttpRequest.BodyPublishers.ofString(json)).build());
    }

    @Test
    void a_sub_account_uses_only_the_channels_its_parent_chose_and_the_parent_has() throws Exception {
        String parent = newApiAccount(20);
        String k = key(parent);
        SubAccounts.Made sub = store.subAccounts().create(accountId(parent), "guichet" + System.nanoTime() + "@mairie.fr", "Guichet",
                SubAccounts.Kind.EMPLOYEE);
        store.subAccounts().transfer(accountId(parent), sub.sub().id(), 10);
        String sk = store.apiKeys().createFor(sub.sub().email()).key();
        String subLogin = sub.sub().email() + " " + sub.password();
        assertThat(get(params(subLogin, "0612345678", "par http"))).isEqualTo("80");

        assertThat(patch("/subaccounts/" + sub.sub().id() + "/options", k, "{\"channels\": \"api\"}").statusCode()).isEqualTo(200);
        assertThat(get(params(subLogin, "0612345678", "encore par http"))).as("HTTP left out").isEqualTo("82");
        assertThat(postJson("/messages", sk, "{\"to\": [\"0612345678\"], \"text\": \"par l'API\"}").statusCode()).isEqualTo(200);
        // The parent keeps /http.php only: its sub-account's "api" is not wider than that.
        assertThat(patch("/account/options", k, "{\"channels\": \"http\"}").statusCode()).isEqualTo(200);
        assertThat(getApi("/balance", sk).statusCode()).isEqualTo(403);
        assertThat(getApi("/balance", k).statusCode()).as("nor the parent's own key").isEqualTo(403);
        assertThat(patch("/subaccounts/" + sub.sub().id() + "/options", k, "{\"channels\": \"fax\"}").statusCode()).isEqualTo(403);
        store.accounts().setOption(parent.split(" ")[0], "channels", "");
        assertThat(getApi("/balance", sk).statusCode()).isEqualTo(200);
        assertThat(patch("/subaccounts/" + sub.sub().id() + "/options", k, "{\"channels\": \"fax\"}").statusCode()).isEqualTo(400);
    }

    @Test
    void a_disabled_account_and_its_sub_accounts_are_refused_everywhere_until_enabled() throws Exception {
        String a = newApiAccount(20);
        String k = key(a);
        String email = a.split(" ")[0];
        long id = accountId(a);
        SubAccounts.Made sub = store.subAccounts().create(id, "annexe" + System.nanoTime() + "@mairie.fr", "Annexe", SubAccounts.Kind.CUSTOMER);
        String sk = store.apiKeys().createFor(sub.sub().email()).key();
        String operator = store.apiKeys().createOperator("exploitation").key();
        String first = java.time.LocalDateTime.now(java.time.ZoneId.of("Europe/Paris")).plusHours(1).withNano(0).toString();
        long schedule = json(postJson("/schedules", k, "{\"to\": [\"0611111111\"], \"text\": \"Rappel\", \"recurrence\": {\"every\": \"day\","
                + " \"first\": \"" + first + "\"}}")).get("id").asLong();

        HttpResponse<String> disabled = postJson("/admin/accounts/" + id + "/disable", operator, "");
        assertThat(disabled.statusCode()).isEqualTo(200);
        assertThat(json(disabled).get("disabled").asBoolean()).isTrue();
        assertThat(get(params(a, "0612345678", "bloqué"))).isEqualTo("82");
        assertThat(getApi("/balance", k).statusCode()).isEqualTo(403);
        assertThat(getApi("/balance", sk).statusCode()).as("its sub-account too").isEqualTo(403);
        Path send = dropRoot.resolve(email).resolve("send");
        Files.createDirectories(send);
        Files.writeString(send.resolve("jeudi.csv"), "#message: Réunion jeudi\n0612345678\n", StandardCharsets.UTF_8);
        await().atMost(Duration.ofSeconds(20)).until(() -> reportIn(send.resolve("failed")) != null);
        assertThat(Files.readString(reportIn(send.resolve("failed")), StandardCharsets.UTF_8)).contains("may not send files");
        clock.advance(Duration.ofHours(2));
        await().atMost(Duration.ofSeconds(20)).until(() -> store.database().jdbc(c -> {
            try (var s = c.prepareStatement("select status from schedule where id = " + schedule); var r = s.executeQuery()) {
                return r.next() && r.getString(1).equals("PAUSED");
            }
        }));
        assertThat(smsc.received()).isEmpty();
        assertThat(balance(a)).isEqualTo(20);

        assertThat(json(postJson("/admin/accounts/" + id + "/enable", operator, "")).get("disabled").asBoolean()).isFalse();
        assertThat(get(params(a, "0612345678", "de retour"))).isEqualTo("80");
        assertThat(getApi("/balance", sk).statusCode()).isEqualTo(200);
    }

    private static Path reportIn(Path failed) throws java.io.IOException {
        if (!Files.isDirectory(failed)) {
            return null;
        }
        try (Stream<Path> files = Files.list(failed)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".report.csv")).findFirst().orElse(null);
        }
    }
}
