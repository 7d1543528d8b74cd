package io.colibri.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.colibri.gateway.mail.MailClient;
import io.colibri.mailsandbox.MailSandbox;
import java.lang.annotation.Annotation;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 15, the operator's API against the real routes and a real mail server: an account made
 * from an address alone receives its password by mail (ACC-1) and logs in with it; a top-up lands
 * in the ledger with its invoice (ACC-2), which the account lists and downloads as PDF; keys of
 * the wrong kind are refused.
 */
class AdminApiTest extends ApiTestSupport {
    MailSandbox mail;

    @Override
    protected List<Annotation> configs() {
        mail = startMail(false);
        List<Annotation> configs = super.configs();
        configs.add(withMail(mail, Map.of()));
        return configs;
    }

    @AfterEach
    void stopMail() {
        mail.close();
    }

    @Test
    void an_account_made_from_an_address_gets_its_password_by_mail_and_a_top_up_its_invoice() throws Exception {
        String operator = store.apiKeys().createOperator("guichet").key();
        String email = "mairie" + System.nanoTime() + "@example.org";
        HttpResponse<String> created = postJson("/admin/accounts", operator, "{\"email\": \"" + email + "\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode account = json(created);
        assertThat(account.get("email").asText()).isEqualTo(email);
        assertThat(account.get("balance").asLong()).isZero();
        assertThat(account.get("passwordMailed").asBoolean()).isTrue();
        assertThat(created.body()).doesNotContainIgnoringCase("password\":\"");
        long id = account.get("id").asLong();
        assertThat(postJson("/admin/accounts", operator, "{\"email\": \"" + email.toUpperCase() + "\"}").statusCode()).isEqualTo(409);
        assertThat(postJson("/admin/accounts", operator, "{\"email\": \"pas une adresse\"}").statusCode()).isEqualTo(400);

        MailClient client = new MailClient(mail.smtpPort(), mail.imapPort());
        await().atMost(Duration.ofSeconds(20)).until(() -> client.inbox(email).size() == 1);
        String[] mailed = client.inbox(email).get(0);
        assertThat(mailed[0]).contains("Colibri");
        Matcher password = Pattern.compile("Mot de passe : (\\S+)").matcher(mailed[1]);
        assertThat(password.find()).as(mailed[1]).isTrue();

        HttpResponse<String> topUp = postJson("/admin/accounts/" + id + "/top-ups", operator,
                "{\"credits\": 1000, \"amount\": 50.00, \"method\": \"transfer\"}");
        assertThat(topUp.statusCode()).as(topUp.body()).isEqualTo(201);
        JsonNode invoice = json(topUp).get("invoice");
        assertThat(json(topUp).get("balance").asLong()).isEqualTo(1000);
        assertThat(invoice.get("amountExclTax").asText()).isEqualTo("50.00");
        assertThat(invoice.get("vat").asText()).isEqualTo("10.00");
        assertThat(invoice.get("amountInclTax").asText()).isEqualTo("60.00");
        assertThat(invoice.get("method").asText()).isEqualTo("transfer");
        String number = invoice.get("number").asText();
        assertThat(number).matches("F20[0-9]{2}-[0-9]{6}");
        assertThat(store.accounts().ledgerSum(id)).isEqualTo(1000);
        assertThat(postJson("/admin/accounts/" + id + "/top-ups", operator, "{\"credits\": 10, \"amount\": 1, \"method\": \"cash\"}")
                .statusCode()).isEqualTo(400);
        assertThat(postJson("/admin/accounts/987654321/top-ups", operator, "{\"credits\": 10, \"amount\": 1, \"method\": \"card\"}")
                .statusCode()).isEqualTo(404);

        // The mailed password logs in on /http.php; the account's own key reads its invoices.
        assertThat(get(params(email + " " + password.group(1), "0612345678", "Première"))).isEqualTo("80");
        String key = store.apiKeys().createFor(email).key();
        JsonNode invoices = json(getApi("/invoices", key)).get("invoices");
        assertThat(invoices).hasSize(1);
        assertThat(invoices.get(0).get("number").asText()).isEqualTo(number);
        HttpResponse<byte[]> pdf = http.send(api("/invoices/" + number + ".pdf", key).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(pdf.statusCode()).isEqualTo(200);
        assertThat(pdf.headers().firstValue("Content-Type")).hasValue("application/pdf");
        try (var doc = Loader.loadPDF(pdf.body())) {
            assertThat(new PDFTextStripper().getText(doc)).contains("Facture " + number, email, "1000 crédits", "50,00 €", "60,00 €",
                    "virement");
        }
        // Another account's key does not see it.
        String other = newApiAccount(0);
        assertThat(getApi("/invoices/" + number + ".pdf", key(other)).statusCode()).isEqualTo(404);
        assertThat(json(getApi("/invoices", key(other))).get("invoices")).isEmpty();

        // A new password, mailed; the old one opens nothing any more.
        assertThat(postJson("/admin/accounts/" + id + "/password", operator, "").statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> client.inbox(email).size() == 2);
        assertThat(get(params(email + " " + password.group(1), "0612345678", "Seconde"))).isEqualTo("82");
    }

    @Test
    void only_an_operators_key_opens_admin() throws Exception {
        String a = newApiAccount(5);
        HttpResponse<String> r = postJson("/admin/accounts", key(a), "{\"email\": \"x@example.org\"}");
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(postJson("/admin/accounts", null, "{\"email\": \"x@example.org\"}").statusCode()).isEqualTo(401);
        assertThat(getApi("/admin/accounts/" + accountId(a), key(a)).statusCode()).isEqualTo(403);
        assertThat(store.accounts().show("x@example.org")).isEmpty();
        String operator = store.apiKeys().createOperator("ops").key();
        assertThat(json(getApi("/admin/accounts/" + accountId(a), operator)).get("balance").asLong()).isEqualTo(5);
        assertThat(getApi("/admin/accounts/nope", operator).statusCode()).isEqualTo(404);
    }

    @Test
    void the_operator_sees_each_connector_its_routes_what_waits_for_it_and_its_last_failure() throws Exception {
        String operator = store.apiKeys().createOperator("supervision").key();
        String a = newApiAccount(10);
        assertThat(get(params(a, "0612345678", "passe"))).isEqualTo("80");
        await().atMost(Duration.ofSeconds(20)).until(() -> json(getApi("/admin/connectors", operator)).get("connectors").get(0).has("lastSentAt"));
        JsonNode mobile = json(getApi("/admin/connectors", operator)).get("connectors").get(0);
        assertThat(mobile.get("name").asText()).isEqualTo("mobile");
        assertThat(mobile.get("submitRoute").asText()).isEqualTo("Started");
        assertThat(mobile.get("queued").asLong()).isZero();
        assertThat(mobile.has("lastError")).isFalse();

        smsc.close(); // the SMSC goes away: what is sent now waits, and the failure shows
        assertThat(get(params(a, "0612345678", "attend"))).isEqualTo("80");
        await().atMost(Duration.ofSeconds(30)).until(() -> json(getApi("/admin/connectors", operator)).get("connectors").get(0).has("lastError"));
        JsonNode down = json(getApi("/admin/connectors", operator)).get("connectors").get(0);
        assertThat(down.get("queued").asLong() + down.get("submitting").asLong()).isEqualTo(1);
        assertThat(down.get("failingBatches").asInt()).isPositive();
        assertThat(getApi("/admin/connectors", key(a)).statusCode()).isEqualTo(403);
    }
}
