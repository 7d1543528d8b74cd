package io.colibri.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.colibri.gateway.Configs;
import io.colibri.gateway.mail.MailClient;
import io.colibri.mailsandbox.MailSandbox;
import java.lang.annotation.Annotation;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 16, the console's way in, on the real routes: a session opened by password or key, its
 * cookie HttpOnly and SameSite=Strict; every change without its CSRF token refused; one account's
 * session never reaching another's data; wrong passwords locking logins per account and per
 * address; logout, a new password and a revoked key ending sessions; a forgotten password reset
 * through the link mailed (GreenMail).
 */
class SessionApiTest extends ApiTestSupport {
    MailSandbox mail;

    @Override
    protected List<Annotation> configs() {
        mail = startMail(false);
        List<Annotation> configs = super.configs();
        configs.add(withMail(mail, Map.of()));
        configs.add(Configs.of(ApiFlow.Config.class, Map.of("login.maxFailuresPerAccount", 3, "login.maxFailuresPerAddress", 8,
                "login.blockMinutes", 10)));
        return configs;
    }

    @AfterEach
    void stopMail() {
        mail.close();
    }

    /** A logged-in session: its cookie ("colibri_session=…") and CSRF token. */
    record Session(String cookie, String csrf) {
    }

    HttpResponse<String> login(String json) throws Exception {
        return postJson("/session", null, json);
    }

    Session open(String account) throws Exception {
        String[] a = account.split(" ");
        HttpResponse<String> r = login("{\"email\": \"" + a[0] + "\", \"password\": \"" + a[1] + "\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return session(r);
    }

    static Session session(HttpResponse<String> r) throws Exception {
        String setCookie = r.headers().firstValue("Set-Cookie").orElseThrow();
        return new Session(setCookie.substring(0, setCookie.indexOf(';')), json(r).get("csrfToken").asText());
    }

    HttpResponse<String> with(Session s, String method, String path, String body, boolean csrf) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/api/v1" + path)).header("Cookie", s.cookie());
        if (csrf) {
            b.header("X-CSRF-Token", s.csrf());
        }
        if (body != null) {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return call(b.build());
    }

    @Test
    void a_password_opens_a_session_whose_cookie_is_http_only_and_same_site_strict_and_reads_the_account() throws Exception {
        String a = newApiAccount(7);
        HttpResponse<String> r = login("{\"email\": \"" + a.split(" ")[0].toUpperCase() + "\", \"password\": \"" + a.split(" ")[1] + "\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        String setCookie = r.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(setCookie).startsWith("colibri_session=").contains("; HttpOnly").contains("; SameSite=Strict").contains("; Path=/")
                .contains("Max-Age=28800").doesNotContain("Secure");
        assertThat(json(r).get("email").asText()).isEqualTo(a.split(" ")[0]);
        assertThat(json(r).get("accountId").asLong()).isEqualTo(accountId(a));
        Session s = session(r);
        assertThat(json(with(s, "GET", "/balance", null, false)).get("balance").asLong()).isEqualTo(7);
        HttpResponse<String> current = with(s, "GET", "/session", null, false);
        assertThat(json(current).get("csrfToken").asText()).isEqualTo(s.csrf());
        // Stored hashed: the token itself is nowhere in the database.
        String token = s.cookie().substring("colibri_session=".length());
        assertThat(store.database().tx(em -> em.createNativeQuery("select count(*) from console_session where token_hash = ?1 or csrf_token = ?1")
                .setParameter(1, token).getSingleResult()).toString()).isEqualTo("0");
        // A forged or unknown cookie opens nothing.
        assertThat(with(new Session("colibri_session=" + "A".repeat(43), s.csrf()), "GET", "/balance", null, false).statusCode()).isEqualTo(401);
        assertThat(with(new Session("colibri_session=../../x", s.csrf()), "GET", "/balance", null, false).statusCode()).isEqualTo(401);
    }

    @Test
    void a_change_without_the_csrf_token_is_refused_and_changes_nothing() throws Exception {
        String a = newApiAccount(7);
        Session s = open(a);
        HttpResponse<String> forged = with(s, "POST", "/messages", "{\"to\": [\"0612345678\"], \"text\": \"forgé\"}", false);
        assertThat(forged.statusCode()).as(forged.body()).isEqualTo(403);
        assertThat(forged.body()).contains("X-CSRF-Token");
        HttpResponse<String> wrong = call(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/api/v1/blacklist/0611111111"))
                .header("Cookie", s.cookie()).header("X-CSRF-Token", "x".repeat(43)).PUT(HttpRequest.BodyPublishers.noBody()).build());
        assertThat(wrong.statusCode()).isEqualTo(403);
        assertThat(with(s, "DELETE", "/session", null, false).statusCode()).isEqualTo(403);
        assertThat(balance(a)).isEqualTo(7);
        assertThat(json(with(s, "GET", "/blacklist", null, false)).get("blacklist")).isEmpty();

        HttpResponse<String> sent = with(s, "POST", "/messages", "{\"to\": [\"0612345678\"], \"text\": \"vrai\"}", true);
        assertThat(sent.statusCode()).as(sent.body()).isEqualTo(200);
        assertThat(balance(a)).isEqualTo(6);
    }

    @Test
    void one_accounts_session_never_reaches_anothers_data() throws Exception {
        String a = newApiAccount(5);
        String b = newApiAccount(5);
        HttpResponse<String> sentB = postJson("/messages", key(b), "{\"to\": [\"0612345678\"], \"text\": \"à B\"}");
        long messageOfB = json(sentB).get("messages").get(0).get("id").asLong();
        assertThat(call(api("/groups/Voisins/contacts/0622222222", key(b)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"name\": \"Secret\"}")).build()).statusCode()).isEqualTo(201);
        Session s = open(a);
        assertThat(with(s, "GET", "/messages/" + messageOfB, null, false).statusCode()).isEqualTo(404);
        assertThat(json(with(s, "GET", "/messages", null, false)).get("messages")).isEmpty();
        assertThat(json(with(s, "GET", "/groups", null, false)).get("groups")).isEmpty();
        HttpResponse<String> theirGroup = with(s, "GET", "/groups/Voisins/contacts", null, false);
        assertThat(theirGroup.statusCode()).isEqualTo(404);
        assertThat(theirGroup.body()).doesNotContain("Secret").doesNotContain("0622222222");
        assertThat(with(s, "DELETE", "/messages/" + messageOfB, null, true).statusCode()).isEqualTo(404);
        assertThat(with(s, "GET", "/admin/accounts", null, false).statusCode()).isEqualTo(403);
        assertThat(json(with(s, "GET", "/balance", null, false)).get("balance").asLong()).isEqualTo(5);
    }

    @Test
    void wrong_passwords_lock_the_accounts_logins_even_with_the_right_one_then_the_lock_ends() throws Exception {
        String a = newApiAccount(5);
        String email = a.split(" ")[0];
        for (int i = 0; i < 4; i++) {
            HttpResponse<String> wrong = login("{\"email\": \"" + email + "\", \"password\": \"faux" + i + "\"}");
            assertThat(wrong.statusCode()).isEqualTo(401);
            assertThat(json(wrong).get("code").asInt()).isEqualTo(82);
        }
        HttpResponse<String> locked = login("{\"email\": \"" + email + "\", \"password\": \"" + a.split(" ")[1] + "\"}");
        assertThat(locked.statusCode()).isEqualTo(429);
        assertThat(locked.headers().firstValue("Retry-After")).hasValue("600");
        // Another account from the same address is not locked by the first one's count.
        open(newApiAccount(1));
        clock.advance(Duration.ofMinutes(11));
        open(a);
    }

    @Test
    void an_address_guessing_across_accounts_is_locked_out_too() throws Exception {
        for (int i = 0; i < 9; i++) {
            assertThat(login("{\"email\": \"inconnu" + i + "@example.org\", \"password\": \"x\"}").statusCode()).isEqualTo(401);
        }
        String a = newApiAccount(5);
        assertThat(login("{\"email\": \"" + a.split(" ")[0] + "\", \"password\": \"" + a.split(" ")[1] + "\"}").statusCode()).isEqualTo(429);
        assertThat(login("{\"apiKey\": \"" + key(a) + "\"}").statusCode()).isEqualTo(429);
        clock.advance(Duration.ofMinutes(11));
        assertThat(login("{\"apiKey\": \"" + key(a) + "\"}").statusCode()).isEqualTo(201);
    }

    @Test
    void logout_a_new_password_and_a_revoked_key_end_sessions() throws Exception {
        String a = newApiAccount(5);
        Session first = open(a);
        Session second = open(a);
        HttpResponse<String> out = with(first, "DELETE", "/session", null, true);
        assertThat(out.statusCode()).isEqualTo(204);
        assertThat(out.headers().firstValue("Set-Cookie").orElseThrow()).startsWith("colibri_session=;").contains("Max-Age=0");
        assertThat(with(first, "GET", "/balance", null, false).statusCode()).isEqualTo(401);
        assertThat(with(second, "GET", "/balance", null, false).statusCode()).isEqualTo(200);

        Session third = open(a);
        assertThat(with(third, "PUT", "/account/password", "{\"current\": \"faux\", \"password\": \"Nouveau2027ok\"}", true).statusCode())
                .isEqualTo(403);
        HttpResponse<String> weak = with(third, "PUT", "/account/password", "{\"current\": \"" + a.split(" ")[1] + "\", \"password\": \"court\"}", true);
        assertThat(weak.statusCode()).isEqualTo(422);
        assertThat(weak.body()).contains("at least 10");
        assertThat(with(third, "PUT", "/account/password", "{\"current\": \"" + a.split(" ")[1] + "\", \"password\": \"Nouveau2027ok\"}", true)
                .statusCode()).isEqualTo(204);
        assertThat(with(second, "GET", "/balance", null, false).statusCode()).isEqualTo(401);
        assertThat(with(third, "GET", "/balance", null, false).statusCode()).isEqualTo(200);
        assertThat(login("{\"email\": \"" + a.split(" ")[0] + "\", \"password\": \"" + a.split(" ")[1] + "\"}").statusCode()).isEqualTo(401);
        assertThat(login("{\"email\": \"" + a.split(" ")[0] + "\", \"password\": \"Nouveau2027ok\"}").statusCode()).isEqualTo(201);
        // The new password works on /http.php too: one password for every channel.
        assertThat(get(params(a.split(" ")[0] + " Nouveau2027ok", "0612345678", "après changement"))).isEqualTo("80");

        var operator = store.apiKeys().createOperator("guichet" + System.nanoTime());
        HttpResponse<String> opLogin = login("{\"apiKey\": \"" + operator.key() + "\"}");
        assertThat(opLogin.statusCode()).isEqualTo(201);
        assertThat(json(opLogin).get("operator").asText()).startsWith("guichet");
        Session op = session(opLogin);
        assertThat(with(op, "GET", "/admin/accounts?q=" + a.split(" ")[0], null, false).body()).contains(a.split(" ")[0]);
        assertThat(with(op, "GET", "/balance", null, false).statusCode()).isEqualTo(403);
        store.apiKeys().revoke(operator.id());
        assertThat(with(op, "GET", "/admin/accounts", null, false).statusCode()).isEqualTo(401);
    }

    @Test
    void a_forgotten_password_is_reset_through_the_link_mailed_once() throws Exception {
        String a = newApiAccount(5);
        String email = a.split(" ")[0];
        Session before = open(a);
        HttpResponse<String> asked = postJson("/password-resets", null, "{\"email\": \"" + email + "\"}");
        assertThat(asked.statusCode()).isEqualTo(202);
        HttpResponse<String> unknown = postJson("/password-resets", null, "{\"email\": \"personne@example.org\"}");
        assertThat(unknown.statusCode()).isEqualTo(202);
        assertThat(unknown.body()).isEqualTo(asked.body());

        MailClient client = new MailClient(mail.smtpPort(), mail.imapPort());
        await().atMost(Duration.ofSeconds(20)).until(() -> client.inbox(email).size() == 1);
        Matcher link = Pattern.compile("(http://\\S+/console/)#reset=([A-Za-z0-9_-]{43})").matcher(client.inbox(email).get(0)[1]);
        assertThat(link.find()).isTrue();
        assertThat(link.group(1)).isEqualTo("http://127.0.0.1:" + httpPort + "/console/");
        String token = link.group(2);
        assertThat(postJson("/password-resets/confirm", null, "{\"token\": \"" + token + "\", \"password\": \"court\"}").statusCode()).isEqualTo(422);
        assertThat(postJson("/password-resets/confirm", null, "{\"token\": \"" + token + "\", \"password\": \"Choisi2027abc\"}").statusCode())
                .isEqualTo(204);
        assertThat(postJson("/password-resets/confirm", null, "{\"token\": \"" + token + "\", \"password\": \"Encore2027abc\"}").statusCode())
                .isEqualTo(404);
        assertThat(with(before, "GET", "/balance", null, false).statusCode()).isEqualTo(401);
        assertThat(login("{\"email\": \"" + email + "\", \"password\": \"Choisi2027abc\"}").statusCode()).isEqualTo(201);

        // Nobody floods a mailbox: three links an hour per address, whatever is asked.
        for (int i = 0; i < 5; i++) {
            assertThat(postJson("/password-resets", null, "{\"email\": \"" + email + "\"}").statusCode()).isEqualTo(202);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> client.inbox(email).size() == 3);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() -> client.inbox(email).size() == 3);
    }

    @Test
    void the_console_is_served_with_its_security_headers_and_nothing_else_is() throws Exception {
        HttpResponse<String> bare = call(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/console")).GET().build());
        assertThat(bare.statusCode()).isEqualTo(301);
        assertThat(bare.headers().firstValue("Location")).hasValue("/console/");
        HttpResponse<String> index = call(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/console/")).GET().build());
        assertThat(index.statusCode()).isEqualTo(200);
        assertThat(index.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
        assertThat(index.headers().firstValue("Content-Security-Policy").orElseThrow()).contains("script-src 'self'")
                .contains("frame-ancestors 'none'").doesNotContain("unsafe-inline");
        assertThat(index.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(index.body()).contains("<script type=\"module\" src=\"app.js\"></script>").doesNotContain("<script>");
        String etag = index.headers().firstValue("ETag").orElseThrow();
        assertThat(call(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/console/")).header("If-None-Match", etag).GET()
                .build()).statusCode()).isEqualTo(304);
        HttpResponse<String> js = call(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/console/sms.js")).GET().build());
        assertThat(js.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/javascript");
        for (String path : List.of("/console/../etc/passwd", "/console/ConsoleAssets.class", "/console/app.js/x", "/console/%2e%2e/openapi.json")) {
            HttpResponse<String> r = call(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path)).GET().build());
            assertThat(r.statusCode()).as(path).isIn(400, 404);
        }
        assertThat(call(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/console/")).POST(HttpRequest.BodyPublishers.noBody())
                .build()).statusCode()).isEqualTo(405);
    }
}
