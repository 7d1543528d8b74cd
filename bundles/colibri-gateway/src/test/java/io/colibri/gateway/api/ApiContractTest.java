package io.colibri.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.databind.JsonNode;
import io.colibri.gateway.Configs;
import io.swagger.parser.OpenAPIParser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.camel.spi.RestRegistry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 15, the contract: the OpenAPI document passes a parser's validation; every operation it
 * declares is called on the running routes, with good and bad requests, and every answer (status,
 * headers, body) is checked against the document by a real validator (Atlassian's
 * swagger-request-validator); the routes serve exactly the document's operations, no more.
 */
class ApiContractTest extends ApiTestSupport {
    private static String document;
    private static OpenApiInteractionValidator validator;
    private final Set<String> exercised = new TreeSet<>();
    /** The console session the calls carry (its cookie, its CSRF token), when set. */
    private String sessionCookie;
    private String sessionCsrf;

    @Override
    protected List<Annotation> configs() {
        List<Annotation> configs = super.configs();
        configs.add(Configs.of(ApiFlow.Config.class, Map.of("maxBodyBytes", 2048, "burst", 1000)));
        configs.add(Configs.of(io.colibri.gateway.callback.CallbacksFlow.Config.class, Map.of("callbackAllowedNetworks", "127.0.0.1")));
        return configs;
    }

    @BeforeAll
    static void readTheDocument() throws Exception {
        try (InputStream in = ApiAnswers.class.getResourceAsStream("openapi.json")) {
            document = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        validator = OpenApiInteractionValidator.createForInlineApiSpecification(document).build();
    }

    @Test
    void the_document_passes_the_parsers_validation() {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult result = new OpenAPIParser().readContents(document, null, options);
        assertThat(result.getMessages()).isEmpty();
        assertThat(result.getOpenAPI().getOpenapi()).startsWith("3.");
    }

    @Test
    void the_document_served_is_the_one_shipped() throws Exception {
        HttpResponse<String> r = checked("GET", "/openapi.json", null, null, null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(r.body())).isEqualTo(JSON.readTree(document));
    }

    @Test
    void the_routes_serve_exactly_the_operations_of_the_document() throws Exception {
        Set<String> served = context.getRestRegistry().listAllRestServices().stream()
                .map(s -> s.getMethod().toUpperCase(Locale.ROOT) + " " + s.getBaseUrl().replaceFirst("^https?://[^/]+", "")
                        .replaceFirst("^/api/v1", "") + (s.getUriTemplate() == null ? "" : s.getUriTemplate()))
                .collect(Collectors.toCollection(TreeSet::new));
        // The REST DSL matches whole segments: /invoices/{number} serves /invoices/{number}.pdf too (invoices.yaml).
        Set<String> documented = documented();
        assertThat(documented.remove("GET /invoices/{number}.pdf")).isTrue();
        assertThat(served).isEqualTo(documented);
    }

    @Test
    void every_operation_answers_as_the_document_says_for_good_and_bad_requests() throws Exception {
        String a = newApiAccount(10);
        String k = key(a);
        String later = ZonedDateTime.now(ZoneId.of("Europe/Paris")).plusHours(2).toOffsetDateTime().toString();

        HttpResponse<String> sent = checked("POST", "/messages", k, "{\"to\": [\"0612345678\", \"Inconnus\"], \"text\": \"contrat\"}", null);
        assertThat(sent.statusCode()).isEqualTo(200);
        long id = JSON.readTree(sent.body()).get("messages").get(0).get("id").asLong();
        checked("POST", "/messages", k, "{\"to\": [\"0612345678\"], \"text\": \"essai\", \"test\": true}", null);
        HttpResponse<String> deferred = checked("POST", "/messages", k,
                "{\"to\": [\"0699999999\"], \"text\": \"plus tard\", \"sendAt\": \"" + later + "\", \"format\": \"flash\", \"validity\": \"2h\"}",
                "idem-1");
        checked("POST", "/messages", k, "{\"to\": [\"0612345678\"], \"text\": 12}", null);
        checked("POST", "/messages", k, "{\"to\": [], \"text\": \"x\"}", null);
        checked("POST", "/messages", k, "{\"to\": [\"0612345678\"], \"text\": \"" + "x".repeat(3000) + "\"}", null);
        checked("POST", "/messages", null, "{\"to\": [\"0612345678\"], \"text\": \"x\"}", null);

        await().atMost(Duration.ofSeconds(20)).until(() -> JSON.readTree(getApi("/messages/" + id, k).body()).get("status").asText()
                .equals("DELIVERED"));
        assertThat(checked("GET", "/messages/" + id, k, null, null).statusCode()).isEqualTo(200);
        checked("GET", "/messages/424242424", k, null, null);
        checked("GET", "/messages?limit=1", k, null, null);
        checked("GET", "/messages?status=DELIVERED&to=0612345678", k, null, null);
        checked("GET", "/messages?limit=9999", k, null, null);
        checked("GET", "/balance", k, null, null);
        checked("GET", "/balance", "clb_" + "x".repeat(43), null, null);
        long deferredId = JSON.readTree(deferred.body()).get("messages").get(0).get("id").asLong();
        assertThat(checked("DELETE", "/messages/" + deferredId, k, null, null).statusCode()).isEqualTo(200);
        assertThat(checked("DELETE", "/messages/" + deferredId, k, null, null).statusCode()).isEqualTo(409);
        checked("DELETE", "/messages/424242424", k, null, null);
        store.accounts().setOption(a.split(" ")[0], "allowed-ips", "10.0.0.0/8");
        assertThat(checked("GET", "/balance", k, null, null).statusCode()).isEqualTo(403);

        checked("GET", "/openapi.json", null, null, null);

        String operator = store.apiKeys().createOperator("contrat").key();
        HttpResponse<String> created = checked("POST", "/admin/accounts", operator, "{\"email\": \"contrat" + System.nanoTime()
                + "@example.org\"}", null);
        assertThat(created.statusCode()).isEqualTo(201);
        long newId = JSON.readTree(created.body()).get("id").asLong();
        checked("POST", "/admin/accounts", operator, "{\"email\": \"" + JSON.readTree(created.body()).get("email").asText() + "\"}", null);
        checked("POST", "/admin/accounts", operator, "{\"mail\": \"x@example.org\"}", null);
        checked("POST", "/admin/accounts", k, "{\"email\": \"y@example.org\"}", null);
        checked("GET", "/admin/accounts/" + newId, operator, null, null);
        checked("GET", "/admin/accounts/424242424", operator, null, null);
        checked("POST", "/admin/accounts/" + newId + "/password", operator, null, null);
        checked("POST", "/admin/accounts/" + newId + "/disable", operator, null, null);
        checked("POST", "/admin/accounts/" + newId + "/enable", operator, null, null);
        assertThat(checked("PUT", "/admin/accounts/" + newId + "/smpp", operator, "{\"systemId\": \"contrat1\", \"rate\": 20}", null)
                .statusCode()).isEqualTo(201);
        checked("PUT", "/admin/accounts/" + newId + "/smpp", operator, "{\"systemId\": \"much-too-long-system-id\"}", null);
        checked("PUT", "/admin/accounts/" + newId + "/smpp", operator, "{\"systemId\": \"x\", \"rate\": -1}", null);
        checked("DELETE", "/admin/accounts/" + newId + "/smpp", operator, null, null);
        checked("POST", "/admin/accounts/424242424/disable", operator, null, null);
        checked("GET", "/admin/connectors", operator, null, null);
        HttpResponse<String> topUp = checked("POST", "/admin/accounts/" + accountId(a) + "/top-ups", operator,
                "{\"credits\": 100, \"amount\": 5.5, \"method\": \"card\"}", null);
        assertThat(topUp.statusCode()).isEqualTo(201);
        checked("POST", "/admin/accounts/" + accountId(a) + "/top-ups", operator, "{\"credits\": 100, \"amount\": 5.555, \"method\": \"card\"}", null);
        String number = JSON.readTree(topUp.body()).get("invoice").get("number").asText();
        store.accounts().setOption(a.split(" ")[0], "allowed-ips", "");
        checked("GET", "/invoices", k, null, null);
        checked("GET", "/invoices/" + number, k, null, null);
        checked("GET", "/invoices/F1999-000001", k, null, null);
        assertThat(checked("GET", "/invoices/" + number + ".pdf", k, null, null).statusCode()).isEqualTo(200);

        checked("GET", "/account/options", k, null, null);
        checked("PATCH", "/account/options", k, "{\"long-sms\": \"on\"}", null);
        checked("PATCH", "/account/options", k, "{\"long-sms\": \"maybe\"}", null);
        checked("GET", "/account/keys", k, null, null);
        HttpResponse<String> newKey = checked("POST", "/account/keys", k, null, null);
        checked("DELETE", "/account/keys/" + JSON.readTree(newKey.body()).get("id").asLong(), k, null, null);
        checked("DELETE", "/account/keys/424242424", k, null, null);
        HttpResponse<String> sub = checked("POST", "/subaccounts", k, "{\"email\": \"sub" + System.nanoTime()
                + "@example.org\", \"name\": \"Fournisseur\", \"kind\": \"supplier\"}", null);
        assertThat(sub.statusCode()).isEqualTo(201);
        checked("POST", "/subaccounts", k, "{\"email\": \"x@example.org\", \"name\": \"x\", \"kind\": \"boss\"}", null);
        long subId = JSON.readTree(sub.body()).get("id").asLong();
        checked("GET", "/subaccounts", k, null, null);
        checked("GET", "/subaccounts/" + subId, k, null, null);
        checked("GET", "/subaccounts/424242424", k, null, null);
        checked("POST", "/subaccounts/" + subId + "/transfers", k, "{\"credits\": 5}", null);
        checked("POST", "/subaccounts/" + subId + "/transfers", k, "{\"credits\": -500}", null);
        checked("GET", "/subaccounts/" + subId + "/consumption", k, null, null);
        checked("GET", "/subaccounts/" + subId + "/options", k, null, null);
        checked("PATCH", "/subaccounts/" + subId + "/options", k, "{\"domtom\": \"on\"}", null);
        checked("POST", "/subaccounts/" + subId + "/keys", k, null, null);

        HttpResponse<String> schedule = checked("POST", "/schedules", k, "{\"to\": [\"0612345678\"], \"text\": \"Joyeux anniversaire\","
                + " \"recurrence\": {\"every\": \"year\", \"first\": \"2028-02-29T09:00\", \"zone\": \"Europe/Paris\", \"until\": \"2040-12-31\"}}", null);
        assertThat(schedule.statusCode()).isEqualTo(201);
        long scheduleId = JSON.readTree(schedule.body()).get("id").asLong();
        checked("POST", "/schedules", k, "{\"to\": [\"0612345678\", \"0698765432\"], \"text\": \"Par lots\", \"throttle\": {\"batchSize\": 1,"
                + " \"everyMinutes\": 60, \"start\": \"" + later + "\"}}", null);
        checked("POST", "/schedules", k, "{\"to\": [\"0612345678\"], \"text\": \"x\"}", null);
        checked("GET", "/schedules", k, null, null);
        checked("GET", "/schedules/" + scheduleId, k, null, null);
        checked("POST", "/schedules/" + scheduleId + "/pause", k, null, null);
        checked("POST", "/schedules/" + scheduleId + "/pause", k, null, null);
        checked("POST", "/schedules/" + scheduleId + "/resume", k, null, null);
        checked("DELETE", "/schedules/" + scheduleId, k, null, null);
        checked("GET", "/schedules/" + scheduleId, k, null, null);

        checked("GET", "/account/ledger?limit=2", k, null, null);
        checked("GET", "/account/ledger?cursor=nope", k, null, null);
        checked("PUT", "/groups/Parents/contacts/0611111111", k, "{\"name\": \"Ana\", \"v1\": \"Léa\"}", null);
        checked("PUT", "/groups/Parents/contacts/0611111111", k, "{\"name\": \"Ana B.\"}", null);
        checked("PUT", "/groups/Parents/contacts/12", k, "{\"name\": \"x\"}", null);
        checked("GET", "/groups", k, null, null);
        checked("GET", "/groups/Parents/contacts", k, null, null);
        checked("GET", "/groups/Inconnus/contacts", k, null, null);
        checkedAs("POST", "/groups/Parents/import", k, "text/csv", "0622222222;Bob;Tom\nmauvais;x\n", null);
        checked("DELETE", "/groups/Parents/contacts/0622222222", k, null, null);
        checked("DELETE", "/groups/Parents/contacts/0622222222", k, null, null);
        checked("DELETE", "/groups/Parents", k, null, null);
        checked("DELETE", "/groups/Parents", k, null, null);
        checked("PUT", "/blacklist/0644444444", k, "{\"reason\": \"STOP\"}", null);
        checked("PUT", "/blacklist/0644444444", k, null, null);
        checked("GET", "/blacklist", k, null, null);
        checked("DELETE", "/blacklist/0644444444", k, null, null);
        checked("DELETE", "/blacklist/0644444444", k, null, null);

        checked("GET", "/replies?limit=5", k, null, null);
        HttpResponse<String> rules = checked("POST", "/reply-rules", k, "{\"match\": \"keyword\", \"pattern\": \"OUI\", \"answer\": \"Merci\"}", null);
        checked("POST", "/reply-rules", k, "{\"match\": \"regex\", \"pattern\": \"(\"}", null);
        checked("GET", "/reply-rules", k, null, null);
        checked("DELETE", "/reply-rules/" + JSON.readTree(rules.body()).get("rules").get(0).get("id").asLong(), k, null, null);
        checked("DELETE", "/reply-rules/424242424", k, null, null);
        checked("PUT", "/contact-text", k, "{\"text\": \"Mairie, 01 23 45 67 89\"}", null);
        checked("PUT", "/contact-text", k, "{\"text\": \"\"}", null);
        checked("GET", "/contact-text", k, null, null);
        checked("POST", "/admin/accounts/" + accountId(a) + "/contact-text", operator, null, null);
        checked("POST", "/admin/accounts/" + accountId(a) + "/contact-text", operator, null, null);
        checked("GET", "/callback", k, null, null);
        checked("PUT", "/callback", k, "{\"url\": \"http://127.0.0.1:9/x\"}", null);
        checked("PUT", "/callback", k, "{\"url\": \"ftp://x\"}", null);
        checked("GET", "/callback", k, null, null);
        checked("DELETE", "/callback", k, null, null);
        checked("DELETE", "/callback", k, null, null);
        checked("PUT", "/shared-domains/mairie-contrat.fr", k, "{\"password\": \"Contrat2027\"}", null);
        checked("PUT", "/shared-domains/mairie-contrat.fr", k, "{\"password\": \"x\"}", null);

        checked("GET", "/account/stats", k, null, null);
        checked("PUT", "/groups/Campagne/contacts/0611111112", k, "{\"name\": \"Eve\"}", null);
        HttpResponse<String> toGroup = checked("POST", "/messages", k, "{\"to\": [\"Campagne\"], \"text\": \"à tous\"}", null);
        long campaign = JSON.readTree(toGroup.body()).get("messages").get(0).get("campaign").asLong();
        checked("GET", "/campaigns?limit=5", k, null, null);
        checked("GET", "/campaigns/" + campaign, k, null, null);
        checked("GET", "/campaigns/424242424", k, null, null);
        checked("GET", "/admin/messages?account=" + accountId(a) + "&limit=5", operator, null, null);
        checked("GET", "/admin/messages?account=abc", operator, null, null);
        checked("GET", "/admin/dead-letters", operator, null, null);
        checked("POST", "/admin/dead-letters/retry", operator, null, null);
        checked("POST", "/admin/dead-letters/retry", operator, "{\"queue\": \"colibri.replies\"}", null);
        checked("POST", "/admin/dead-letters/retry", operator, "{\"queue\": \"elsewhere\"}", null);
        checked("POST", "/admin/dead-letters/ID:0000/retry", operator, null, null);
        checked("DELETE", "/admin/dead-letters/ID:0000", operator, null, null);
        checked("GET", "/admin/accounts?q=contrat&limit=5", operator, null, null);
        checked("GET", "/admin/accounts?limit=0", operator, null, null);
        checked("GET", "/admin/contact-texts", operator, null, null);
        checked("POST", "/session", null, "{\"email\": \"" + a.split(" ")[0] + "\", \"password\": \"faux\"}", null);
        checked("POST", "/session", null, "{\"email\": \"" + a.split(" ")[0] + "\"}", null);
        HttpResponse<String> login = checked("POST", "/session", null, "{\"email\": \"" + a.split(" ")[0] + "\", \"password\": \""
                + a.split(" ")[1] + "\"}", null);
        assertThat(login.statusCode()).isEqualTo(201);
        String cookie = login.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        String csrf = JSON.readTree(login.body()).get("csrfToken").asText();
        sessionCookie = cookie;
        sessionCsrf = csrf;
        checked("GET", "/session", null, null, null);
        checked("GET", "/account/stats", null, null, null);
        checked("PUT", "/account/password", null, "{\"current\": \"faux\", \"password\": \"Contrat2027abc\"}", null);
        checked("PUT", "/account/password", null, "{\"current\": \"" + a.split(" ")[1] + "\", \"password\": \"court\"}", null);
        assertThat(checked("PUT", "/account/password", null, "{\"current\": \"" + a.split(" ")[1] + "\", \"password\": \"Contrat2027abc\"}",
                null).statusCode()).isEqualTo(204);
        sessionCsrf = null;
        assertThat(checked("DELETE", "/session", null, null, null).statusCode()).isEqualTo(403);
        sessionCsrf = csrf;
        assertThat(checked("DELETE", "/session", null, null, null).statusCode()).isEqualTo(204);
        checked("GET", "/session", null, null, null);
        sessionCookie = null;
        checked("GET", "/session", k, null, null);
        checked("POST", "/password-resets", null, "{\"email\": \"personne@example.org\"}", null);
        checked("POST", "/password-resets", null, "{}", null);
        checked("POST", "/password-resets/confirm", null, "{\"token\": \"" + "A".repeat(43) + "\", \"password\": \"Contrat2027abc\"}", null);
        checked("POST", "/password-resets/confirm", null, "{\"token\": \"x\", \"password\": \"court\"}", null);
        assertThat(exercised).containsAll(documented());
    }

    /** The document's operations, as "METHOD /path". */
    private static Set<String> documented() throws Exception {
        JsonNode paths = JSON.readTree(document).get("paths");
        Set<String> ops = new TreeSet<>();
        paths.fieldNames().forEachRemaining(p -> paths.get(p).fieldNames().forEachRemaining(m -> {
            if (!m.equals("parameters")) {
                ops.add(m.toUpperCase(Locale.ROOT) + " " + p);
            }
        }));
        return ops;
    }

    /** Calls the API and checks the request and its answer against the document; remembers the operation. */
    private HttpResponse<String> checked(String method, String pathAndQuery, String key, String json, String idempotencyKey)
            throws Exception {
        return checkedAs(method, pathAndQuery, key, "application/json", json, idempotencyKey);
    }

    private HttpResponse<String> checkedAs(String method, String pathAndQuery, String key, String type, String json, String idempotencyKey)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/api/v1" + pathAndQuery));
        SimpleRequest.Builder expected = new SimpleRequest.Builder(Request.Method.valueOf(method), "/api/v1" + path(pathAndQuery));
        query(pathAndQuery).forEach(expected::withQueryParam);
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
            expected.withAuthorization("Bearer " + key);
        }
        if (sessionCookie != null) {
            b.header("Cookie", sessionCookie);
            expected.withHeader("Cookie", sessionCookie);
            if (sessionCsrf != null) {
                b.header("X-CSRF-Token", sessionCsrf);
                expected.withHeader("X-CSRF-Token", sessionCsrf);
            }
        }
        if (idempotencyKey != null) {
            b.header("Idempotency-Key", idempotencyKey);
            expected.withHeader("Idempotency-Key", idempotencyKey);
        }
        if (json != null) {
            b.header("Content-Type", type).method(method, HttpRequest.BodyPublishers.ofString(json));
            expected.withContentType(type).withBody(json);
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        SimpleResponse.Builder actual = SimpleResponse.Builder.status(r.statusCode()).withBody(r.body());
        r.headers().map().forEach((name, values) -> actual.withHeader(name, values));
        ValidationReport report = validator.validateResponse("/api/v1" + path(pathAndQuery), Request.Method.valueOf(method), actual.build());
        assertThat(report.getMessages()).as(method + " " + pathAndQuery + " → " + r.statusCode() + " " + r.body()).isEmpty();
        if (r.statusCode() < 400) {
            ValidationReport request = validator.validateRequest(expected.build());
            assertThat(request.getMessages()).as("request " + method + " " + pathAndQuery).isEmpty();
        }
        exercised.add(method + " " + template(path(pathAndQuery)));
        return r;
    }

    private static String path(String pathAndQuery) {
        int q = pathAndQuery.indexOf('?');
        return q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
    }

    private static Map<String, String> query(String pathAndQuery) {
        int q = pathAndQuery.indexOf('?');
        if (q < 0) {
            return Map.of();
        }
        return java.util.Arrays.stream(pathAndQuery.substring(q + 1).split("&")).map(p -> p.split("=", 2))
                .collect(Collectors.toMap(p -> p[0], p -> p.length > 1 ? p[1] : ""));
    }

    private static String template(String path) {
        return path.replaceAll("/messages/[0-9]+", "/messages/{id}").replaceAll("/accounts/[0-9]+", "/accounts/{id}")
                .replaceAll("/subaccounts/[0-9]+", "/subaccounts/{id}").replaceAll("/keys/[0-9]+", "/keys/{id}")
                .replaceAll("/schedules/[0-9]+", "/schedules/{id}").replaceAll("/campaigns/[0-9]+", "/campaigns/{id}").replaceAll("/groups/[^/]+/", "/groups/{name}/").replaceAll("/groups/[^/]+$", "/groups/{name}")
                .replaceAll("/contacts/[^/]+$", "/contacts/{number}").replaceAll("/blacklist/[^/]+$", "/blacklist/{number}")
                .replaceAll("/reply-rules/[0-9]+", "/reply-rules/{id}").replaceAll("/dead-letters/ID:[^/]+", "/dead-letters/{id}").replaceAll("/shared-domains/[^/]+$", "/shared-domains/{domain}")
                .replaceAll("/invoices/[A-Z0-9-]+\\.pdf$", "/invoices/{number}.pdf").replaceAll("/invoices/[A-Z0-9-]+$", "/invoices/{number}");
    }
}
