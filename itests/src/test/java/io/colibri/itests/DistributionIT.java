package io.colibri.itests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.colibri.smsc.SmscSimulator;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built distribution, started as its own process: accounts through bin/client, an SMS through
 * /http.php to an SMSC this test runs (the connector cfg pointed at it), its receipt, every
 * refusal code, hot deployment of routes both ways, and a restart that keeps everything.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DistributionIT {
    static final String EMAIL = "itest@example.org";

    /** Kept when a test fails, so that its data/log/karaf.log can be read. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    static Path work;

    static Distribution colibri;
    static SmscSimulator smsc;
    static int smscPort;
    static String password;

    @BeforeAll
    static void start() throws Exception {
        colibri = new Distribution(work);
        colibri.sandbox();
        smscPort = Distribution.freePort();
        smsc = SmscSimulator.start("127.0.0.1", smscPort, Duration.ofMillis(200));
        colibri.connectorTo(smscPort);
        Duration boot = colibri.start();
        System.out.printf("[figures] boot to first answer: %d ms%n", boot.toMillis());
    }

    @AfterAll
    static void stop() throws Exception {
        if (colibri != null) {
            colibri.close();
        }
        if (smsc != null) {
            smsc.close();
        }
    }

    @Test
    @Order(1)
    void an_account_is_created_and_credited_from_the_karaf_shell() throws Exception {
        password = passwordOf(colibri.client("colibri:account-create " + EMAIL));

        assertThat(colibri.client("colibri:credit-add " + EMAIL + " 10")).contains("balance: 10");
        assertThat(colibri.client("colibri:account-show " + EMAIL)).containsPattern("(?m)^balance: 10\\s*$");
        assertThat(colibri.log()).doesNotContain(password);
    }

    @Test
    @Order(2)
    void an_sms_sent_over_http_php_reaches_the_configured_smsc_and_is_delivered() throws Exception {
        long before = System.nanoTime();
        assertThat(send("06 12 34 56 78", "Bonjour depuis Colibri")).isEqualTo("80");
        System.out.printf("[figures] first accepted request: %d ms%n", (System.nanoTime() - before) / 1_000_000);

        await().atMost(Duration.ofSeconds(30)).until(() -> smsc.received().size() == 1);
        assertThat(smsc.received().get(0).destination()).isEqualTo("33612345678");
        assertThat(smsc.received().get(0).text()).isEqualTo("Bonjour depuis Colibri");
        assertThat(smsc.received().get(0).systemId()).isEqualTo("itest");

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1))
                .until(() -> colibri.client("colibri:message-list " + EMAIL).contains("DELIVERED"));
        assertThat(colibri.client("colibri:message-list " + EMAIL)).contains("+33612345678");
        assertThat(colibri.client("colibri:account-show " + EMAIL)).containsPattern("(?m)^balance: 9\\s*$");
        System.out.printf("[figures] resident memory after first SMS: %d MB%n", colibri.residentKb() / 1024);
    }

    @Test
    @Order(3)
    void every_refusal_answers_its_code_and_debits_nothing() throws Exception {
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("", "87");
        cases.put("email=" + EMAIL, "88");
        cases.put(q("email", EMAIL, "pass", password, "message", "hi"), "89");
        cases.put(q("email", EMAIL, "pass", password, "numero", "0612345678"), "90");
        cases.put(q("email", EMAIL, "pass", "wrong", "numero", "0612345678", "message", "hi"), "82");
        cases.put(q("email", "nobody@example.org", "pass", "x", "numero", "0612345678", "message", "hi"), "82");
        cases.put(q("email", EMAIL, "pass", password, "numero", "0145678901", "message", "hi"), "84");
        cases.put(q("email", EMAIL, "pass", password, "numero", "12", "message", "hi"), "84");
        cases.put(q("email", EMAIL, "pass", password, "numero", "0612345678", "message", "x".repeat(1530)), "97");
        String poor = "poor@example.org";
        String poorPassword = passwordOf(colibri.client("colibri:account-create " + poor));
        cases.put(q("email", poor, "pass", poorPassword, "numero", "0612345678", "message", "hi"), "83");
        cases.put(q("email", EMAIL, "pass", password, "numero", "0612345678", "message", "Bonjour depuis Colibri"), "91");
        cases.put(q("email", EMAIL, "pass", password, "numero", "0712345678", "message", "essai", "test", "o"), "92");
        cases.put(q("email", EMAIL, "pass", password, "numero", "0690123456", "message", "Guadeloupe"), "93");
        cases.put(q("email", EMAIL, "pass", password, "numero", "0712345678", "message", "tard", "diff", "9999"), "85");
        for (var c : cases.entrySet()) {
            assertThat(colibri.get("/http.php?" + c.getKey()).body()).as(c.getKey()).isEqualTo(c.getValue());
        }

        assertThat(colibri.client("colibri:blacklist-add " + EMAIL + " 07.98.76.54.32")).contains("+33798765432 blacklisted");
        assertThat(colibri.client("colibri:blacklist-list " + EMAIL)).contains("+33798765432");
        assertThat(send("0798765432", "STOP respecté")).isEqualTo("84");

        assertThat(colibri.client("colibri:account-option " + EMAIL + " allowed-ips 192.0.2.0/24")).contains("allowed-ips: 192.0.2.0/24");
        assertThat(send("0712345678", "d'ailleurs")).isEqualTo("96");
        assertThat(colibri.client("colibri:account-option " + EMAIL + " allowed-ips 192.0.2.0/24,127.0.0.1")).contains("127.0.0.1");
        assertThatThrownBy(() -> colibri.client("colibri:account-option " + EMAIL + " validity 96h"))
                .hasMessageContaining("validity must be 1h to 72h");
        assertThat(colibri.client("colibri:account-show " + EMAIL)).containsPattern("(?m)^long-sms: off\\s*$")
                .containsPattern("(?m)^duplicate-guard: on\\s*$").containsPattern("(?m)^validity: 48h\\s*$");

        // A deferred message cancelled: 81, then 94 with its date and "s", credit back; then 95.
        String tomorrow = DIFF.format(ZonedDateTime.now(PARIS).plusDays(1));
        assertThat(sendAt("0712345678", "annulé demain", tomorrow)).isEqualTo("81");
        assertThat(colibri.client("colibri:account-show " + EMAIL)).containsPattern("(?m)^balance: 8\\s*$");
        assertThat(sendAt("0712345678", "", tomorrow + "s")).isEqualTo("94");
        assertThat(sendAt("0712345678", "", tomorrow + "s")).isEqualTo("95");
        assertThat(colibri.client("colibri:account-show " + EMAIL)).containsPattern("(?m)^balance: 9\\s*$");
        assertThat(smsc.received()).hasSize(1);

        // A deferred message for the minute after next: it must leave after the restart of test 6.
        deferredAt = ZonedDateTime.now(PARIS).plusMinutes(2).withSecond(0).withNano(0);
        assertThat(sendAt("0612345678", "rendez-vous différé", DIFF.format(deferredAt))).isEqualTo("81");
        assertThat(colibri.client("colibri:account-show " + EMAIL)).containsPattern("(?m)^balance: 8\\s*$");
    }

    static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    static final DateTimeFormatter DIFF = DateTimeFormatter.ofPattern("HHmmddMMyyyy");
    static ZonedDateTime deferredAt;

    String sendAt(String numero, String message, String diff) throws Exception {
        return colibri.get("/http.php?" + q("email", EMAIL, "pass", password, "numero", numero, "message", message, "diff", diff)).body();
    }

    @Test
    @Order(4)
    void a_yaml_route_added_or_edited_in_routes_is_live_without_restart() throws Exception {
        Path file = colibri.home.resolve("routes/ping.yaml");
        Files.writeString(file, ping("pong"));
        await().atMost(Duration.ofSeconds(30)).until(() -> "pong".equals(colibri.get("/ping").body()));
        Files.writeString(file, ping("pong again"));
        await().atMost(Duration.ofSeconds(30)).until(() -> "pong again".equals(colibri.get("/ping").body()));
        assertThat(colibri.get("/http.php").body()).as("other routes untouched").isEqualTo("87");
    }

    @Test
    @Order(5)
    void a_route_bundle_dropped_into_deploy_adds_its_routes_and_takes_them_away_when_deleted() throws Exception {
        Path jar = colibri.home.resolve("deploy/hello-routes.jar");
        writeRouteBundle(jar);
        await().atMost(Duration.ofSeconds(60)).until(() -> "hello from a bundle".equals(colibri.get("/hello").body()));

        Files.delete(jar);
        await().atMost(Duration.ofSeconds(60)).until(() -> colibri.get("/hello").statusCode() == 404);
        assertThat(colibri.get("/http.php").body()).isEqualTo("87");
    }

    @Test
    @Order(6)
    void after_a_restart_everything_is_still_there_and_a_message_accepted_while_the_smsc_is_down_leaves_when_it_is_back()
            throws Exception {
        colibri.stop();
        smsc.close();
        colibri.start();

        assertThat(colibri.client("colibri:account-show " + EMAIL)).containsPattern("(?m)^balance: 8\\s*$");
        assertThat(colibri.client("colibri:message-list " + EMAIL)).contains("DELIVERED").contains("+33612345678")
                .contains("SCHEDULED");

        // The deferred message registered before the restart leaves at its minute, once.
        smsc = SmscSimulator.start("127.0.0.1", smscPort, Duration.ofMillis(200));
        await().atMost(Duration.between(ZonedDateTime.now(PARIS), deferredAt).plusSeconds(60)).pollInterval(Duration.ofSeconds(1))
                .until(() -> smsc.received().size() == 1);
        assertThat(Instant.now()).isAfterOrEqualTo(deferredAt.toInstant());
        assertThat(smsc.received().get(0).text()).isEqualTo("rendez-vous différé");
        smsc.close();
        await().atMost(Duration.ofSeconds(10)).until(() -> !portOpen(smscPort));

        assertThat(send("0712345678", "pendant la panne")).isEqualTo("80");
        await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                .until(() -> colibri.client("colibri:message-list " + EMAIL).contains("ACCEPTED"));

        smsc = SmscSimulator.start("127.0.0.1", smscPort, Duration.ofMillis(200));
        await().atMost(Duration.ofSeconds(90)).until(() -> smsc.received().size() == 1);
        assertThat(smsc.received().get(0).text()).isEqualTo("pendant la panne");
        assertThat(smsc.received().get(0).destination()).isEqualTo("33712345678");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                .until(() -> !colibri.client("colibri:message-list " + EMAIL).contains("ACCEPTED"));
        assertThat(smsc.received()).as("the deferred message was not sent twice").hasSize(1);
        assertThat(colibri.client("colibri:account-show " + EMAIL)).containsPattern("(?m)^balance: 7\\s*$");
    }

    @Test
    @Order(7)
    void a_group_imported_from_a_windows_1252_file_receives_a_merged_bulk_over_http() throws Exception {
        String asso = "asso@example.org";
        String assoPassword = passwordOf(colibri.client("colibri:account-create " + asso));
        colibri.client("colibri:credit-add " + asso + " 10");
        Path contacts = Files.createDirectories(colibri.home.resolve("drop").resolve(asso).resolve("contacts"));
        String csv = "Numéro;Nom;V1;V2\r\n06 11 22 33 44;Hélène;Hélène;salle Molière\r\n"
                + "0722334455;François;François;gymnase\r\n+33 6 33 44 55 66;Zoé;Zoé;mairie annexe\r\n";
        Files.write(contacts.resolve(".Famille.csv.part"), csv.getBytes("windows-1252"));
        Files.move(contacts.resolve(".Famille.csv.part"), contacts.resolve("Famille.csv"));

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1))
                .until(() -> colibri.client("colibri:group-list " + asso).contains("Famille"));
        assertThat(colibri.client("colibri:group-show " + asso + " famille")).contains("+33611223344").contains("+33722334455")
                .contains("3 contacts");
        try (var done = Files.list(contacts.resolve("done"))) {
            assertThat(done.map(f -> f.getFileName().toString())).anyMatch(n -> n.endsWith("-Famille.csv"))
                    .anyMatch(n -> n.endsWith("-Famille.csv.report.csv"));
        }

        int before = smsc.received().size();
        assertThat(colibri.get("/http.php?" + q("email", asso, "pass", assoPassword, "numero", "Famille",
                "message", "Bonjour [v1], la réunion a lieu [v2].")).body()).isEqualTo("80");
        await().atMost(Duration.ofSeconds(30)).until(() -> smsc.received().size() == before + 3);
        assertThat(smsc.received().subList(before, before + 3).stream().map(m -> m.destination() + " " + m.text()).sorted())
                .containsExactly("33611223344 Bonjour Hélène, la réunion a lieu salle Molière.",
                        "33633445566 Bonjour Zoé, la réunion a lieu mairie annexe.",
                        "33722334455 Bonjour François, la réunion a lieu gymnase.");
        assertThat(colibri.client("colibri:account-show " + asso)).containsPattern("(?m)^balance: 7\\s*$");

        assertThat(colibri.client("colibri:domain-share " + asso + " asso-colibri.example Partage2026"))
                .contains("every address of asso-colibri.example may now send on " + asso);
        assertThat(colibri.log()).doesNotContain("Partage2026");
    }

    @Test
    @Order(8)
    void a_mail_sent_over_smtp_reaches_the_smsc_and_is_confirmed_and_a_wrong_password_gets_an_error_mail() throws Exception {
        String mairie = "secretariat@mairie.example";
        String mairiePassword = passwordOf(colibri.client("colibri:account-create " + mairie));
        colibri.client("colibri:credit-add " + mairie + " 5");
        int before = smsc.received().size();

        mail(mairie, "sms@sms.colibri.test", mairiePassword + ":0611223344", "Conseil municipal jeudi à 20h.\n*fin*\n-- \nLa mairie");
        await().atMost(Duration.ofSeconds(30)).until(() -> smsc.received().size() == before + 1);
        assertThat(smsc.received().get(before).destination()).isEqualTo("33611223344");
        assertThat(smsc.received().get(before).text()).isEqualTo("Conseil municipal jeudi à 20h.");
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).until(() -> inbox(mairie).size() == 1);
        assertThat(inbox(mairie).get(0)).startsWith("SMS enregistré / SMS registered").doesNotContain(mairiePassword);
        assertThat(colibri.client("colibri:account-show " + mairie)).containsPattern("(?m)^balance: 4\\s*$");

        mail(mairie, "sms.Mauvais2026@sms.colibri.test", "0611223344", "Encore");
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).until(() -> inbox(mairie).size() == 2);
        assertThat(inbox(mairie).get(1)).startsWith("SMS non envoyé / SMS not sent").contains("wrong password")
                .doesNotContain("Mauvais2026");
        assertThat(colibri.client("colibri:account-show " + mairie)).containsPattern("(?m)^balance: 4\\s*$");
        assertThat(smsc.received()).hasSize(before + 1);
        assertThat(colibri.log()).doesNotContain(mairiePassword).doesNotContain("Mauvais2026");
    }

    @Test
    @Order(9)
    void what_comes_back_bad_number_stop_contact_and_signed_callbacks_through_503() throws Exception {
        String ville = "ville@example.org";
        String villePassword = passwordOf(colibri.client("colibri:account-create " + ville));
        colibri.client("colibri:credit-add " + ville + " 20");
        java.util.List<String[]> posts = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.concurrent.atomic.AtomicInteger refuse = new java.util.concurrent.atomic.AtomicInteger(2);
        com.sun.net.httpserver.HttpServer callbacks = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 8);
        callbacks.createContext("/hook", exchange -> {
            try (exchange) {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                boolean no = refuse.getAndDecrement() > 0;
                if (!no) {
                    posts.add(new String[] {body, exchange.getRequestHeaders().getFirst("X-Colibri-Signature")});
                }
                exchange.sendResponseHeaders(no ? 503 : 200, -1);
            }
        });
        callbacks.start();
        try {
            String set = colibri.client("colibri:callback-set " + ville + " http://127.0.0.1:" + callbacks.getAddress().getPort() + "/hook");
            Matcher m = Pattern.compile("secret: (\\w+)").matcher(set);
            assertThat(m.find()).isTrue();
            String secret = m.group(1);
            colibri.client("colibri:contact-text " + ville + " Mairie : 01 23 45 67 89");
            assertThat(colibri.client("colibri:contact-text-approve " + ville)).contains("approved: Mairie : 01 23 45 67 89");
            for (String n : new String[] {"0611111111", "0622222222", "0633333333"}) {
                colibri.client("colibri:contact-add " + ville + " Quartier " + n);
            }
            smsc.undeliverable("33611111111", 1, "001");
            int before = smsc.received().size();

            assertThat(colibri.get("/http.php?" + q("email", ville, "pass", villePassword, "numero", "Quartier",
                    "message", "Fête du quartier samedi")).body()).isEqualTo("80");
            await().atMost(Duration.ofSeconds(30)).until(() -> smsc.received().size() == before + 3);
            // The group exists once the receipt has come: until then group-show says there is none.
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                    .until(() -> colibri.client("colibri:group-show " + ville + " \"Mauvais numéros\"").contains("+33611111111"));
            assertThat(colibri.client("colibri:group-show " + ville + " Quartier")).doesNotContain("+33611111111");

            smsc.mo(null, "33622222222", "38100", "STOP");
            smsc.mo(null, "33633333333", "38100", "Contact");
            await().atMost(Duration.ofSeconds(30)).until(() -> smsc.received().size() == before + 5);
            java.util.List<String> answers = smsc.received().subList(before + 3, before + 5).stream()
                    .map(r -> r.destination() + " " + r.text()).toList();
            assertThat(answers).containsExactlyInAnyOrder(
                    "33622222222 STOP enregistré : vous ne recevrez plus de SMS de notre part.",
                    "33633333333 Mairie : 01 23 45 67 89");

            // A later bulk to the group skips the number that said STOP (and the one gone to "Mauvais numéros").
            assertThat(colibri.get("/http.php?" + q("email", ville, "pass", villePassword, "numero", "Quartier",
                    "message", "Rappel : fête samedi")).body()).isEqualTo("80");
            await().atMost(Duration.ofSeconds(30)).until(() -> smsc.received().size() == before + 6);
            assertThat(smsc.received().get(before + 5).destination()).isEqualTo("33633333333");

            // Every status change and reply reached the customer's server, signed, though it said 503 at first.
            await().atMost(Duration.ofSeconds(60)).until(() -> posts.stream().filter(p -> p[0].contains("\"event\":\"reply\"")).count() == 2
                    && posts.stream().filter(p -> p[0].contains("\"status\":\"DELIVERED\"")).count() >= 4
                    && posts.stream().anyMatch(p -> p[0].contains("\"status\":\"UNDELIVERABLE\"")));
            for (String[] p : posts) {
                javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
                mac.init(new javax.crypto.spec.SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
                assertThat(p[1]).isEqualTo("sha256=" + java.util.HexFormat.of().formatHex(mac.doFinal(p[0].getBytes(StandardCharsets.UTF_8))));
            }
            assertThat(colibri.log()).doesNotContain(secret);
        } finally {
            callbacks.stop(0);
        }
    }

    /**
     * Kannel 1.4.5, as a customer runs it, binds to the SMPP server with a login made in the shell
     * and sends a short and a long text through it: both reach the SMSC (the long one as the parts
     * Kannel cut, billed as such), and Kannel gets their delivery reports back.
     */
    @Test
    @Order(11)
    void kannel_binds_to_the_smpp_server_with_a_login_from_the_shell_and_gets_its_receipts() throws Exception {
        String esb = "esb@example.org";
        colibri.account(esb, 10);
        colibri.client("colibri:account-option " + esb + " long-sms on");
        String made = colibri.client("colibri:smpp-credentials --window 5 --rate 20 " + esb + " esb1");
        Matcher m = Pattern.compile("(?m)^password: (\\S{8})\\s*$").matcher(made);
        assertThat(m.find()).as(made).isTrue();
        assertThat(colibri.log()).doesNotContain(m.group(1));
        org.junit.jupiter.api.Assumptions.assumeTrue(Kannel.installed(), "Kannel is not installed (apt-get install -y kannel)");
        java.util.List<String> reports = new java.util.concurrent.CopyOnWriteArrayList<>();
        com.sun.net.httpserver.HttpServer dlr = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 8);
        dlr.createContext("/dlr", exchange -> {
            try (exchange) {
                reports.add(exchange.getRequestURI().getRawQuery());
                exchange.sendResponseHeaders(200, -1);
            }
        });
        dlr.start();
        try (Kannel kannel = new Kannel(work)) {
            kannel.start(colibri.smppServerPort, "esb1", m.group(1), 5);
            int before = smsc.received().size();
            String url = "http://127.0.0.1:" + dlr.getAddress().getPort() + "/dlr?m=";
            String longText = "Conseil municipal ce soir a 20h, salle des fetes. ".repeat(5).strip();
            assertThat(kannel.send("+33611112222", "Bonjour via Kannel", url + "short&t=%d").statusCode()).isEqualTo(202);
            assertThat(kannel.send("+33611113333", longText, url + "long&t=%d").statusCode()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(30)).until(() -> smsc.received().size() >= before + 3);
            java.util.List<SmscSimulator.Submitted> got = smsc.received().subList(before, smsc.received().size());
            assertThat(got).filteredOn(s -> s.destination().equals("33611112222")).extracting(SmscSimulator.Submitted::text)
                    .containsExactly("Bonjour via Kannel");
            assertThat(String.join("", got.stream().filter(s -> s.destination().equals("33611113333")).map(SmscSimulator.Submitted::text)
                    .toList())).isEqualTo(longText);
            // 1 credit, then 2 parts of 153 septets at most: 3 in all
            assertThat(colibri.client("colibri:account-show " + esb)).containsPattern("(?m)^balance: 7\\s*$");
            // type 1: delivered to the phone, reported by Colibri's receipt to Kannel, by Kannel to its dlr-url
            await().atMost(Duration.ofSeconds(60)).until(() -> reports.stream().anyMatch(r -> r.equals("m=short&t=1"))
                    && reports.stream().anyMatch(r -> r.equals("m=long&t=1")));
            assertThat(kannel.status()).contains("online");
        } finally {
            dlr.stop(0);
        }
    }

    /**
     * Issue 17: the Prometheus endpoint of the running distribution, scraped before and after one
     * accepted and one refused request; each counter moves by exactly what they did.
     */
    @Test
    @Order(10)
    void the_metrics_endpoint_counts_what_was_accepted_refused_submitted_and_delivered() throws Exception {
        String who = "metrics@example.org";
        String pass = passwordOf(colibri.client("colibri:account-create " + who));
        colibri.client("colibri:credit-add " + who + " 2");
        // What the tests before left on its way (a receipt, a callback) settles first: two scrapes alike.
        String[] moving = {"colibri_submitted_total{connector=\"mobile\"}", "colibri_delivered_total{connector=\"mobile\"}",
                "colibri_undeliverable_total{connector=\"mobile\"}"};
        java.util.concurrent.atomic.AtomicReference<Map<String, Double>> last = new java.util.concurrent.atomic.AtomicReference<>(Map.of());
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            Map<String, Double> now = colibri.metrics();
            boolean same = java.util.Arrays.stream(moving).allMatch(k -> java.util.Objects.equals(now.get(k), last.get().get(k)));
            last.set(now);
            return same;
        });
        Map<String, Double> before = last.get();

        assertThat(colibri.get("/http.php?" + q("email", who, "pass", pass, "numero", "0655555555", "message", "mesuré")).body())
                .isEqualTo("80");
        assertThat(colibri.get("/http.php?" + q("email", who, "pass", pass, "numero", "0655555555")).body()).isEqualTo("90");
        await().atMost(Duration.ofSeconds(30)).until(() -> delta(before, colibri.metrics(), moving[1]) >= 1);

        Map<String, Double> after = colibri.metrics();
        assertThat(delta(before, after, "colibri_requests_total{channel=\"http\",code=\"80\"}")).isEqualTo(1);
        assertThat(delta(before, after, "colibri_requests_total{channel=\"http\",code=\"90\"}")).isEqualTo(1);
        assertThat(delta(before, after, "colibri_messages_recorded_total{channel=\"http\"}")).isEqualTo(1);
        assertThat(delta(before, after, moving[0])).isEqualTo(1);
        assertThat(delta(before, after, moving[1])).isEqualTo(1);
        assertThat(delta(before, after, moving[2])).isZero();
        assertThat(delta(before, after, "colibri_accept_to_submit_seconds_count{connector=\"mobile\"}")).isEqualTo(1);
        assertThat(delta(before, after, "colibri_submit_to_receipt_seconds_count{connector=\"mobile\"}")).isEqualTo(1);
        assertThat(after).containsEntry("colibri_connector_receiver_bound{connector=\"mobile\"}", 1.0)
                .containsEntry("colibri_dead_letters", 0.0).containsKey("colibri_queue_messages{queue=\"colibri.outbound.mobile\"}")
                .containsKey("colibri_callbacks_pending");
        System.out.printf("[figures] metrics after the run: %s%n", after.entrySet().stream().filter(e -> e.getKey().startsWith("colibri_")
                && !e.getKey().contains("_bucket")).map(e -> e.getKey() + "=" + number(e.getValue())).collect(Collectors.joining(", ")));
    }

    private static double delta(Map<String, Double> before, Map<String, Double> after, String series) {
        return after.getOrDefault(series, 0.0) - before.getOrDefault(series, 0.0);
    }

    private static String number(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    @Test
    @Order(20)
    void no_default_password_the_broker_user_has_no_shell_and_the_sandbox_is_not_booted_unless_asked() throws Exception {
        // As built: placeholders, not passwords; the sandbox installed, not booted.
        Path built = Path.of(System.getProperty("colibri.distribution", "../distribution/target/colibri"));
        assertThat(Files.readString(built.resolve("etc/users.properties"))).contains("karaf = @ADMIN_PASSWORD@")
                .doesNotContainPattern("(?m)^karaf = karaf");
        assertThat(Files.readString(built.resolve("etc/io.colibri.broker.cfg"))).contains("password = @BROKER_PASSWORD@");
        String boot = Files.readString(built.resolve("etc/org.apache.karaf.features.cfg"));
        assertThat(boot).contains("colibri/").doesNotContain("colibri-sandbox");
        // As started: random passwords, given once in a file only its owner reads, stored hashed once used.
        Path initial = colibri.home.resolve("etc/initial-passwords");
        assertThat(Files.getPosixFilePermissions(initial)).containsExactlyInAnyOrder(java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
        String admin = colibri.adminPassword();
        String broker = Files.readAllLines(initial).stream().filter(l -> l.startsWith("colibri = ")).findFirst().orElseThrow().substring(10);
        assertThat(admin).matches("[A-Za-z0-9]{24}").isNotEqualTo(broker);
        String users = Files.readString(colibri.home.resolve("etc/users.properties"));
        assertThat(users).doesNotContain(admin).doesNotContain(broker).containsPattern("(?m)^karaf = \\{CRYPT\\}[0-9A-F]{64}\\{CRYPT\\}")
                .containsPattern("(?m)^colibri = \\{CRYPT\\}[0-9A-F]{64}\\{CRYPT\\}");
        assertThat(colibri.log()).doesNotContain(admin).doesNotContain(broker);
        // karaf/karaf is refused; the broker's user cannot open the shell; the admin can.
        assertThat(colibri.client("karaf", "karaf", 1, "echo let-in")).doesNotContain("let-in");
        assertThat(colibri.client("colibri", broker, 1, "echo let-in")).doesNotContain("let-in");
        assertThat(colibri.client("echo let-in")).contains("let-in");
    }

    @Test
    @Order(21)
    void the_dead_letters_are_listed_and_sent_back_from_the_shell() throws Exception {
        assertThat(colibri.client("colibri:dead-letters")).contains("no dead letters");
        assertThat(colibri.client("colibri:dead-letters --retry --queue colibri.replies")).contains("sent back: 0")
                .contains("no dead letters");
    }

    @Test
    @Order(22)
    void each_flows_settings_are_described_in_the_shell_with_their_defaults() throws Exception {
        // The flows' typed configurations reach Karaf's metatype: what an operator reads before editing a cfg file.
        assertThat(colibri.client("config:meta io.colibri.alerts")).contains("cron").contains("0 0 9 * * ?")
                .contains("when low-balance alerts go");
        assertThat(colibri.client("config:meta io.colibri.mail")).contains("smtp.port").contains("3025");
    }

    /**
     * As a user types them from a script (standard input at end of file, see Distribution.client):
     * options before arguments, a quoted value with its spaces; options after the arguments are
     * refused by Karaf's shell, and the command's error and exit code come back.
     */
    @Test
    @Order(23)
    void shell_commands_run_from_a_script_take_their_options_before_their_arguments() throws Exception {
        String email = "regles@colibri.test";
        colibri.account(email, 10);
        assertThat(colibri.client("colibri:reply-rule-add --answer \"Merci, a bientot\" --group Inscrits " + email
                + " keyword INSCRIPTION")).contains("rule ");
        assertThat(colibri.client("colibri:reply-rule-list " + email))
                .containsIgnoringCase("inscription").contains("Merci, a bientot").contains("Inscrits");
        assertThat(colibri.client("karaf", colibri.adminPassword(), 1, "colibri:reply-rule-add " + email + " keyword AUTRE --answer Non"))
                .contains("too many arguments");
        assertThat(colibri.client("colibri:reply-rule-list " + email)).doesNotContainIgnoringCase("autre");
        assertThatThrownBy(() -> colibri.client("colibri:account-show nobody@colibri.test"))
                .hasMessageContaining("exited");
    }

    /** Issue 15: an API key is printed once, on a line of its own; lists show its start; revoked from the shell. */
    @Test
    @Order(24)
    void an_api_key_is_printed_once_listed_by_its_start_and_revoked_from_the_shell() throws Exception {
        String email = "cles@colibri.test";
        colibri.account(email, 1);
        assertThat(colibri.client("colibri:message-count " + email)).as("an account without messages says so").contains("no message");
        String created = colibri.client("colibri:apikey-create " + email);
        Matcher key = Pattern.compile("(?m)^key: (clb_[A-Za-z0-9_-]{43})\\s*$").matcher(created);
        Matcher id = Pattern.compile("(?m)^id: (\\d+)\\s*$").matcher(created);
        assertThat(key.find() && id.find()).as(created).isTrue();
        assertThat(colibri.client("colibri:apikey-list " + email)).contains(key.group(1).substring(0, 10))
                .doesNotContain(key.group(1)).doesNotContain("revoked");
        assertThat(colibri.client("colibri:apikey-create --operator exploitation")).containsPattern("(?m)^key: clb_");
        assertThat(colibri.client("colibri:apikey-list --operator")).contains("operator exploitation");
        assertThat(colibri.client("colibri:apikey-revoke " + id.group(1))).contains("revoked: " + id.group(1));
        assertThat(colibri.client("colibri:apikey-list " + email)).contains("revoked");
        assertThat(colibri.log()).doesNotContain(key.group(1));
    }

    @Test
    @Order(25)
    void an_operator_opens_an_account_by_the_api_its_password_comes_by_mail_it_is_topped_up_and_sends_by_the_api() throws Exception {
        Matcher operator = Pattern.compile("(?m)^key: (clb_[A-Za-z0-9_-]{43})\\s*$")
                .matcher(colibri.client("colibri:apikey-create --operator guichet"));
        assertThat(operator.find()).isTrue();
        String email = "api@colibri.test";
        HttpResponse<String> created = api("POST", "/admin/accounts", operator.group(1), "{\"email\": \"" + email + "\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        Matcher id = Pattern.compile("\"id\":(\\d+)").matcher(created.body());
        assertThat(id.find()).isTrue();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).until(() -> inbox(email).size() == 1);
        Matcher password = Pattern.compile("Mot de passe : (\\S+)").matcher(inbox(email).get(0));
        assertThat(password.find()).isTrue();

        HttpResponse<String> topUp = api("POST", "/admin/accounts/" + id.group(1) + "/top-ups", operator.group(1),
                "{\"credits\": 3, \"amount\": 0.15, \"method\": \"card\"}");
        assertThat(topUp.statusCode()).as(topUp.body()).isEqualTo(201);
        Matcher number = Pattern.compile("\"number\":\"(F[0-9]{4}-[0-9]{6})\"").matcher(topUp.body());
        assertThat(number.find()).isTrue();
        assertThat(topUp.body()).contains("\"amountInclTax\":\"0.18\"").contains("\"balance\":3");
        // The mailed password opens /http.php; the account's key, made in the shell, the API.
        assertThat(colibri.get("/http.php?" + q("email", email, "pass", password.group(1), "numero", "0611223344", "message", "Par /http.php"))
                .body()).isEqualTo("80");
        Matcher key = Pattern.compile("(?m)^key: (clb_[A-Za-z0-9_-]{43})\\s*$").matcher(colibri.client("colibri:apikey-create " + email));
        assertThat(key.find()).isTrue();
        HttpResponse<byte[]> pdf = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + colibri.httpPort + "/api/v1/invoices/" + number.group(1) + ".pdf"))
                .header("Authorization", "Bearer " + key.group(1)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(pdf.statusCode()).isEqualTo(200);
        try (var doc = org.apache.pdfbox.Loader.loadPDF(pdf.body())) {
            assertThat(new org.apache.pdfbox.text.PDFTextStripper().getText(doc)).contains("Facture " + number.group(1), email, "3 crédits",
                    "0,15 €", "0,03 €", "0,18 €", "carte bancaire");
        }

        HttpResponse<String> sent = api("POST", "/messages", key.group(1), "{\"to\": [\"0611223355\"], \"text\": \"Par l'API\"}");
        assertThat(sent.statusCode()).as(sent.body()).isEqualTo(200);
        Matcher message = Pattern.compile("\"id\":(\\d+),\"to\":\"\\+33611223355\",\"parts\":1,\"credits\":1,\"code\":80,\"status\":\"ACCEPTED\"")
                .matcher(sent.body());
        assertThat(message.find()).as(sent.body()).isTrue();
        await().atMost(Duration.ofSeconds(30)).until(() -> api("GET", "/messages/" + message.group(1), key.group(1), null).body()
                .contains("\"status\":\"DELIVERED\""));
        assertThat(api("GET", "/balance", key.group(1), null).body()).isEqualTo("{\"balance\":1}");
        HttpResponse<String> refused = api("GET", "/balance", null, null);
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(colibri.get("/api/v1/openapi.json").body()).contains("\"openapi\"").contains("/messages/{id}");
        assertThat(colibri.log()).doesNotContain(key.group(1)).doesNotContain(operator.group(1)).doesNotContain(password.group(1));
    }

    @Test
    @Order(26)
    void a_recurring_message_and_a_throttled_bulk_leave_at_their_times() throws Exception {
        String email = "planning@colibri.test";
        colibri.account(email, 10);
        Matcher key = Pattern.compile("(?m)^key: (clb_[A-Za-z0-9_-]{43})\\s*$").matcher(colibri.client("colibri:apikey-create " + email));
        assertThat(key.find()).isTrue();
        int before = smsc.received().size();
        ZonedDateTime first = ZonedDateTime.now(ZoneId.of("Europe/Paris")).plusSeconds(15).withNano(0);
        HttpResponse<String> recurring = api("POST", "/schedules", key.group(1), "{\"to\": [\"0655555501\"], \"text\": \"Chaque jour\","
                + " \"recurrence\": {\"every\": \"day\", \"first\": \"" + first.toLocalDateTime() + "\", \"zone\": \"Europe/Paris\"}}");
        assertThat(recurring.statusCode()).as(recurring.body()).isEqualTo(201);
        Instant start = Instant.now();
        HttpResponse<String> throttled = api("POST", "/schedules", key.group(1), "{\"to\": [\"0655555502\", \"0655555503\"], \"text\": \"Par lots\","
                + " \"throttle\": {\"batchSize\": 1, \"everyMinutes\": 1}}");
        assertThat(throttled.statusCode()).as(throttled.body()).isEqualTo(201);

        await().atMost(Duration.ofSeconds(30)).until(() -> texts(before).contains("33655555502 Par lots"));
        assertThat(texts(before)).doesNotContain("33655555503 Par lots").doesNotContain("33655555501 Chaque jour");
        await().atMost(Duration.ofSeconds(45)).until(() -> texts(before).contains("33655555501 Chaque jour"));
        assertThat(Instant.now()).isAfter(first.toInstant());
        await().atMost(Duration.ofSeconds(90)).until(() -> texts(before).contains("33655555503 Par lots"));
        assertThat(Duration.between(start, Instant.now())).as("the second batch a minute after the first").isGreaterThan(Duration.ofSeconds(55));
        assertThat(texts(before)).hasSize(3);
        assertThat(api("GET", "/balance", key.group(1), null).body()).isEqualTo("{\"balance\":7}");
    }

    /**
     * Issue 17, the broker entry: from this JVM, as service buses would, logged in as the broker's
     * user "bus" (its password generated into etc/initial-passwords): a send over AMQP 1.0
     * (qpid-jms) and one over Artemis Core, each answered on a temporary reply-to with code 80 and
     * its id, the account's events on a subscription of colibri.events; bad JSON and a wrong key
     * answered; the gateway's own queues closed to that user.
     */
    @Test
    @Order(27)
    void a_service_bus_sends_over_amqp_and_core_gets_answers_on_its_reply_to_and_events_on_its_subscription() throws Exception {
        String email = "esb@colibri.test";
        colibri.account(email, 10);
        Matcher key = Pattern.compile("(?m)^key: (clb_[A-Za-z0-9_-]{43})\\s*$").matcher(colibri.client("colibri:apikey-create " + email));
        assertThat(key.find()).isTrue();
        assertThat(colibri.client("colibri:callback-set " + email + " bus:colibri.events")).contains("secret: ");
        String bus = Files.readAllLines(colibri.home.resolve("etc/initial-passwords")).stream().filter(l -> l.startsWith("bus = "))
                .findFirst().orElseThrow().substring(6);
        String amqp = "amqp://127.0.0.1:" + colibri.brokerPort;
        String core = "tcp://127.0.0.1:" + colibri.brokerPort;
        int before = smsc.received().size();

        try (jakarta.jms.Connection viaAmqp = new org.apache.qpid.jms.JmsConnectionFactory("bus", bus, amqp).createConnection();
             jakarta.jms.Connection viaCore = new org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory(core, "bus", bus)
                     .createConnection()) {
            viaAmqp.start();
            viaCore.start();
            jakarta.jms.Session amqpSession = viaAmqp.createSession(false, jakarta.jms.Session.AUTO_ACKNOWLEDGE);
            jakarta.jms.Session coreSession = viaCore.createSession(false, jakarta.jms.Session.AUTO_ACKNOWLEDGE);
            jakarta.jms.MessageConsumer events = amqpSession.createConsumer(amqpSession.createTopic("colibri.events"));

            String overAmqp = busRequest(amqpSession, "{\"version\":1,\"apiKey\":\"" + key.group(1)
                    + "\",\"to\":[\"0677777701\"],\"text\":\"Par AMQP\"}");
            String overCore = busRequest(coreSession, "{\"version\":1,\"apiKey\":\"" + key.group(1)
                    + "\",\"to\":[\"0677777702\"],\"text\":\"Par Core\"}");
            assertThat(overAmqp).contains("\"status\":200").contains("\"code\":80").containsPattern("\"messageIds\":\\[\\d+\\]");
            assertThat(overCore).contains("\"code\":80").containsPattern("\"messageIds\":\\[\\d+\\]");
            await().atMost(Duration.ofSeconds(30)).until(() -> texts(before).containsAll(
                    java.util.List.of("33677777701 Par AMQP", "33677777702 Par Core")));

            String id = overAmqp.replaceAll(".*\"messageIds\":\\[(\\d+)\\].*", "$1");
            java.util.List<String> statuses = new java.util.ArrayList<>();
            long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!statuses.contains("DELIVERED") && System.nanoTime() < until) {
                jakarta.jms.Message e = events.receive(1000);
                if (e instanceof jakarta.jms.TextMessage t && t.getText().contains("\"messageId\":" + id + ",")) {
                    statuses.add(t.getText().replaceAll(".*\"status\":\"([A-Z]+)\".*", "$1"));
                }
            }
            assertThat(statuses).containsExactly("ACCEPTED", "SUBMITTED", "DELIVERED");

            assertThat(busRequest(amqpSession, "{\"version\":1,")).contains("\"status\":400").contains("not valid JSON");
            assertThat(busRequest(coreSession, "{\"version\":1,\"apiKey\":\"clb_" + "B".repeat(43)
                    + "\",\"to\":[\"0677777703\"],\"text\":\"Non\"}")).contains("\"status\":401").contains("\"code\":82");
            assertThat(colibri.client("colibri:dead-letters")).contains("colibri.inbound: 2");

            // Nothing else is open to the bus user: not the gateway's queues, not the dead letters, no forged events.
            assertThatThrownBy(() -> coreSession.createConsumer(coreSession.createQueue("colibri.dead")))
                    .isInstanceOf(jakarta.jms.JMSSecurityException.class);
            assertThatThrownBy(() -> coreSession.createProducer(coreSession.createQueue("colibri.outbound.mobile"))
                    .send(coreSession.createTextMessage("1"))).isInstanceOf(jakarta.jms.JMSSecurityException.class);
            assertThatThrownBy(() -> coreSession.createProducer(coreSession.createTopic("colibri.events"))
                    .send(coreSession.createTextMessage("{}"))).isInstanceOf(jakarta.jms.JMSSecurityException.class);
            assertThatThrownBy(() -> coreSession.createBrowser(coreSession.createQueue("colibri.inbound")).getEnumeration())
                    .isInstanceOf(jakarta.jms.JMSSecurityException.class);
        }
        assertThat(colibri.client("colibri:account-show " + email)).containsPattern("(?m)^balance: 8\\s*$");
        assertThat(colibri.log()).doesNotContain(key.group(1)).doesNotContain(bus);
    }

    /** A request on colibri.inbound with a temporary reply-to; its answer, correlated by the request's id. */
    static String busRequest(jakarta.jms.Session session, String json) throws Exception {
        jakarta.jms.TemporaryQueue replyTo = session.createTemporaryQueue();
        try (jakarta.jms.MessageProducer producer = session.createProducer(session.createQueue("colibri.inbound"));
             jakarta.jms.MessageConsumer answers = session.createConsumer(replyTo)) {
            jakarta.jms.TextMessage request = session.createTextMessage(json);
            request.setJMSReplyTo(replyTo);
            producer.send(request);
            jakarta.jms.Message answer = answers.receive(20_000);
            assertThat(answer).as("an answer to " + json).isInstanceOf(jakarta.jms.TextMessage.class);
            assertThat(answer.getJMSCorrelationID()).isEqualTo(request.getJMSMessageID());
            return ((jakarta.jms.TextMessage) answer).getText();
        } finally {
            replyTo.delete();
        }
    }

    /** What the SMSC received since that many messages: "number text". */
    static java.util.List<String> texts(int from) {
        java.util.List<SmscSimulator.Submitted> all = smsc.received();
        return all.subList(from, all.size()).stream().map(m -> m.destination() + " " + m.text()).toList();
    }

    static HttpResponse<String> api(String method, String path, String key, String json) throws Exception {
        java.net.http.HttpRequest.Builder b = java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + colibri.httpPort + "/api/v1" + path)).timeout(Duration.ofSeconds(30));
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        if (json != null) {
            b.header("Content-Type", "application/json").method(method, java.net.http.HttpRequest.BodyPublishers.ofString(json));
        } else {
            b.method(method, java.net.http.HttpRequest.BodyPublishers.noBody());
        }
        return java.net.http.HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Sends a mail to the distribution's sandbox mail server over SMTP, as any mail client does. */
    static void mail(String from, String to, String subject, String text) throws Exception {
        mail(colibri.smtpPort, from, to, subject, text);
    }

    /** A mail through the SMTP server on 127.0.0.1:smtpPort. */
    static void mail(int smtpPort, String from, String to, String subject, String text) throws Exception {
        java.util.Properties p = new java.util.Properties();
        p.setProperty("mail.smtp.host", "127.0.0.1");
        p.setProperty("mail.smtp.port", Integer.toString(smtpPort));
        jakarta.mail.internet.MimeMessage m = new jakarta.mail.internet.MimeMessage(jakarta.mail.Session.getInstance(p));
        m.setFrom(new jakarta.mail.internet.InternetAddress(from));
        m.setRecipients(jakarta.mail.Message.RecipientType.TO, to);
        m.setSubject(subject, "UTF-8");
        m.setText(text, "UTF-8");
        jakarta.mail.Transport.send(m);
    }

    /** Subject and text of each mail in the address's sandbox mailbox (read over IMAP; login and password are the address). */
    static java.util.List<String> inbox(String address) throws Exception {
        return inbox(colibri, address);
    }

    /** The same, in this distribution's sandbox. */
    static java.util.List<String> inbox(Distribution colibri, String address) throws Exception {
        java.util.Properties p = new java.util.Properties();
        p.setProperty("mail.imap.host", "127.0.0.1");
        p.setProperty("mail.imap.port", Integer.toString(colibri.imapPort));
        java.util.List<String> out = new java.util.ArrayList<>();
        try (jakarta.mail.Store imap = jakarta.mail.Session.getInstance(p).getStore("imap")) {
            imap.connect(address, address);
            jakarta.mail.Folder inbox = imap.getFolder("INBOX");
            inbox.open(jakarta.mail.Folder.READ_ONLY);
            for (jakarta.mail.Message m : inbox.getMessages()) {
                out.add(m.getSubject() + "\n" + new String(m.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    static boolean portOpen(int port) {
        try (var socket = new java.net.Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static String passwordOf(String accountCreateOutput) {
        Matcher m = Pattern.compile("(?m)^password: (\\S+)\\s*$").matcher(accountCreateOutput);
        assertThat(m.find()).as(accountCreateOutput).isTrue();
        return m.group(1);
    }

    String send(String numero, String message) throws Exception {
        return colibri.get("/http.php?" + q("email", EMAIL, "pass", password, "numero", numero, "message", message)).body();
    }

    static String q(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    static String ping(String answer) {
        return """
                - route:
                    id: ping
                    from:
                      uri: "jetty:http://{{http.host}}:{{http.port}}/ping"
                      steps:
                        - removeHeaders:
                            pattern: "*"
                        - setBody:
                            constant: "%s"
                """.formatted(answer);
    }

    /** A bundle made of this module's compiled HelloRoutes and HelloActivator, as ops would build one. */
    static void writeRouteBundle(Path jar) throws IOException {
        Manifest mf = new Manifest();
        Attributes a = mf.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue("Bundle-ManifestVersion", "2");
        a.putValue("Bundle-SymbolicName", "io.colibri.itests.hello");
        a.putValue("Bundle-Version", "1.0.0");
        a.putValue("Bundle-Activator", "io.colibri.itests.bundle.HelloActivator");
        a.putValue("Import-Package", "org.apache.camel;version=\"[4.14,5)\",org.apache.camel.builder,org.apache.camel.model,"
                + "org.apache.camel.spi,org.osgi.framework");
        Path classes = Path.of("target/test-classes/io/colibri/itests/bundle");
        Path tmp = jar.resolveSibling(jar.getFileName() + ".part");
        try (OutputStream out = Files.newOutputStream(tmp); JarOutputStream jos = new JarOutputStream(out, mf)) {
            for (String name : new String[] {"HelloRoutes.class", "HelloActivator.class"}) {
                jos.putNextEntry(new JarEntry("io/colibri/itests/bundle/" + name));
                jos.write(Files.readAllBytes(classes.resolve(name)));
                jos.closeEntry();
            }
        }
        // Written aside then moved, so the deployer never reads half a jar.
        Files.move(tmp, jar);
    }
}
