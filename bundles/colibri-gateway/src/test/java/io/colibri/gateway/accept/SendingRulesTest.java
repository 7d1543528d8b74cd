package io.colibri.gateway.accept;

import io.colibri.gateway.Connector;
import io.colibri.gateway.RouteTestSupport;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.colibri.domain.PhoneNumber;
import io.colibri.domain.PriceTable;
import io.colibri.domain.SmscCharset;
import io.colibri.gateway.store.Sms;
import io.colibri.smsc.SmscSimulator;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Every code of /http.php and every sending rule, through the real routes, broker, SMSC and database. */
class SendingRulesTest extends RouteTestSupport {
    static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    static final DateTimeFormatter DIFF = DateTimeFormatter.ofPattern("HHmmddMMyyyy");

    @Override
    protected List<Connector> connectors() {
        return List.of(connector("mobile", "colibri"), connector("landline", "colibri-land"),
                new Connector("latin", "127.0.0.1", smscPort, "colibri-latin", "secret", 1, 100, SmscCharset.LATIN1, List.of("+33755")));
    }

    @Override
    protected PriceTable prices() {
        return PriceTable.from(Map.of("international.44", "2"));
    }

    /** Longer than the schedule route's period (1 s) with room: a due message would have left by then. */
    static final Duration ONE_SCHEDULE_ROUND = Duration.ofSeconds(4);

    /** Asserts that the condition holds during the whole time, not only at its end. */
    private static void stays(Duration time, java.util.concurrent.Callable<Boolean> condition) {
        await().during(time).atMost(time.plusSeconds(2)).until(condition);
    }

    private void option(String account, String key, String value) {
        store.accounts().setOption(account.split(" ")[0], key, value);
    }

    private Map<String, String> with(Map<String, String> p, String key, String value) {
        p.put(key, value);
        return p;
    }

    /** Puts the clock at this Paris wall time today (or tomorrow, if it has passed). */
    private ZonedDateTime parisAt(LocalTime time) {
        ZonedDateTime t = ZonedDateTime.now(PARIS).with(time);
        if (t.isBefore(ZonedDateTime.now(PARIS))) {
            t = t.plusDays(1);
        }
        clock.setNow(t.toInstant());
        return t;
    }

    @Test
    void when_several_rules_apply_the_first_in_the_tables_order_answers() throws Exception {
        String account = newAccount(0);
        option(account, "allowed-ips", "10.0.0.0/8");
        String poor = newAccount(0);
        store.blacklist().add(store.accounts().require(poor.split(" ")[0]).id(), PhoneNumber.parse("0611111111").orElseThrow(), "test");

        assertThat(get(params(account.split(" ")[0] + " wrong", "123", "x".repeat(500)))).isEqualTo("82");
        assertThat(get(params(account, "123", "hi"))).as("96 before 84").isEqualTo("96");
        assertThat(get(with(params(poor, "0611111111", "hi"), "diff", "9999"))).as("84 (blacklisted) before 85").isEqualTo("84");
        assertThat(get(with(params(poor, "0690123456", "hi"), "diff", "9999"))).as("85 before 93").isEqualTo("85");
        assertThat(get(params(poor, "0690123456", "x".repeat(200)))).as("93 before 97").isEqualTo("93");
        assertThat(get(params(poor, "0612345678", "x".repeat(200)))).as("97 before 83").isEqualTo("97");
        assertThat(get(params(poor, "0612345678", "hi"))).as("83 last").isEqualTo("83");
        assertThat(get(params(poor, "0612345678", "x".repeat(1225)))).as("over 8 parts").isEqualTo("97");
        assertThat(smsc.received()).isEmpty();
    }

    @Test
    void an_account_can_be_limited_to_addresses_and_networks() throws Exception {
        String account = newAccount(10);
        option(account, "allowed-ips", "192.0.2.7, 10.0.0.0/8");
        assertThat(get(params(account, "0612345678", "hi"))).isEqualTo("96");
        option(account, "allowed-ips", "192.0.2.7,127.0.0.0/8");
        assertThat(get(params(account, "0612345678", "hi"))).isEqualTo("80");
        assertThat(balance(account)).isEqualTo(9);
    }

    @Test
    void test_mode_checks_everything_and_sends_and_debits_nothing() throws Exception {
        String account = newAccount(1);
        assertThat(get(with(params(account, "0612345678", "hi"), "test", "o"))).isEqualTo("92");
        assertThat(get(with(params(account, "0812345678", "hi"), "test", "o"))).isEqualTo("84");
        assertThat(get(with(params(account, "0612345678", "x".repeat(161)), "test", "o"))).isEqualTo("97");
        assertThat(balance(account)).isEqualTo(1);
        assertThat(messages(account)).isEmpty();
        stays(Duration.ofSeconds(1), () -> smsc.received().isEmpty());
    }

    @Test
    void the_same_text_to_the_same_number_within_24_hours_is_refused_unless_the_guard_is_off() throws Exception {
        String account = newAccount(10);
        assertThat(get(params(account, "0612345678", "Rappel RDV"))).isEqualTo("80");
        assertThat(get(params(account, "06 12 34 56 78", "Rappel RDV"))).isEqualTo("91");
        assertThat(get(params(account, "0612345678", "Rappel RDV demain"))).isEqualTo("80");
        assertThat(get(params(account, "0712345678", "Rappel RDV"))).isEqualTo("80");
        option(account, "duplicate-guard", "off");
        assertThat(get(params(account, "0612345678", "Rappel RDV"))).isEqualTo("80");
        assertThat(balance(account)).isEqualTo(6);
    }

    @Test
    void fifty_concurrent_sends_on_ten_credits_give_exactly_ten_messages() throws Exception {
        String account = newAccount(10);
        option(account, "duplicate-guard", "off");
        ExecutorService pool = Executors.newFixedThreadPool(50);
        try {
            List<Future<String>> answers = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                Callable<String> send = () -> get(params(account, "0612345678", "course"));
                answers.add(pool.submit(send));
            }
            List<String> codes = new ArrayList<>();
            for (Future<String> f : answers) {
                codes.add(f.get());
            }
            assertThat(codes).filteredOn("80"::equals).hasSize(10);
            assertThat(codes).filteredOn("83"::equals).hasSize(40);
        } finally {
            pool.shutdownNow();
        }
        long id = store.accounts().require(account.split(" ")[0]).id();
        assertThat(balance(account)).isZero();
        assertThat(store.accounts().ledgerSum(id)).isZero();
        await().atMost(Duration.ofSeconds(30)).until(() -> smsc.received().size() == 10);
    }

    @Test
    void a_deferred_message_waits_in_the_database_and_leaves_once_at_its_minute() throws Exception {
        String account = newAccount(5);
        ZonedDateTime at = ZonedDateTime.now(PARIS).plusHours(3).withSecond(0).withNano(0);

        assertThat(get(with(params(account, "0612345678", "plus tard"), "diff", at.format(DIFF)))).isEqualTo("81");
        assertThat(get(with(params(account, "0612345678", "trop tôt"), "diff", "120001012020"))).as("in the past").isEqualTo("85");
        assertThat(get(with(params(account, "0612345678", "mal écrit"), "diff", "2500310299"))).isEqualTo("85");
        assertThat(get(with(params(account, "0612345678", "faux"), "diff", "120031022030"))).as("31 February").isEqualTo("85");
        Sms m = messages(account).get(0);
        assertThat(m.getStatus()).isEqualTo(Sms.Status.SCHEDULED);
        assertThat(m.getSendAt().toInstant()).isEqualTo(at.toInstant());
        assertThat(balance(account)).as("credit reserved at registration").isEqualTo(4);

        stays(ONE_SCHEDULE_ROUND, () -> smsc.received().isEmpty()); // not before its time
        clock.setNow(at.toInstant().plusSeconds(1));
        await().atMost(Duration.ofSeconds(20)).until(() -> smsc.received().size() == 1);
        assertThat(smsc.received().get(0).text()).isEqualTo("plus tard");
        stays(ONE_SCHEDULE_ROUND, () -> smsc.received().size() == 1); // sent once
        assertThat(balance(account)).isEqualTo(4);
    }

    @Test
    void a_deferred_message_is_cancelled_with_its_date_and_s_and_its_credit_comes_back() throws Exception {
        String account = newAccount(5);
        ZonedDateTime at = ZonedDateTime.now(PARIS).plusDays(1).withSecond(0).withNano(0);
        assertThat(get(with(params(account, "0612345678", "annulé"), "diff", at.format(DIFF)))).isEqualTo("81");
        assertThat(balance(account)).isEqualTo(4);

        assertThat(get(with(params(account, "0612345678", null), "diff", at.plusMinutes(1).format(DIFF) + "s"))).as("other minute").isEqualTo("95");
        assertThat(get(with(params(account, "0712345678", null), "diff", at.format(DIFF) + "s"))).as("other number").isEqualTo("95");
        assertThat(get(with(params(account, "06 12 34 56 78", null), "diff", at.format(DIFF) + "s"))).isEqualTo("94");
        assertThat(balance(account)).isEqualTo(5);
        assertThat(messages(account).get(0).getStatus()).isEqualTo(Sms.Status.CANCELLED);
        assertThat(get(with(params(account, "0612345678", null), "diff", at.format(DIFF) + "s"))).as("twice").isEqualTo("95");
        assertThat(balance(account)).isEqualTo(5);

        clock.setNow(at.toInstant().plusSeconds(60));
        stays(ONE_SCHEDULE_ROUND, () -> smsc.received().isEmpty());
    }

    @Test
    void dom_tom_needs_its_option_and_costs_four_credits_a_part() throws Exception {
        String account = newAccount(10);
        assertThat(get(params(account, "0690 12 34 56", "Bonjour la Guadeloupe"))).isEqualTo("93");
        option(account, "domtom", "on");
        assertThat(get(params(account, "0690 12 34 56", "Bonjour la Guadeloupe"))).isEqualTo("80");
        assertThat(balance(account)).isEqualTo(6);
        await().atMost(Duration.ofSeconds(20)).until(() -> smsc.received().size() == 1);
        assertThat(smsc.received().get(0).destination()).isEqualTo("590690123456");
    }

    @Test
    void international_needs_its_option_and_a_price() throws Exception {
        String account = newAccount(10);
        assertThat(get(params(account, "+44 7700 900123", "Hello"))).isEqualTo("84");
        option(account, "international", "on");
        assertThat(get(params(account, "+44 7700 900123", "Hello"))).isEqualTo("80");
        assertThat(get(params(account, "+49 151 23456789", "Hallo"))).as("no price for Germany here").isEqualTo("84");
        assertThat(balance(account)).isEqualTo(8);
        await().atMost(Duration.ofSeconds(20)).until(() -> smsc.received().size() == 1);
        assertThat(smsc.received().get(0).destination()).isEqualTo("447700900123");
    }

    @Test
    void a_landline_message_at_night_waits_for_eight_and_leaves_through_the_landline_connector() throws Exception {
        String account = newAccount(10);
        assertThat(get(params(account, "01 45 67 89 01", "Votre commande est prête"))).isEqualTo("84");
        option(account, "landline", "on");
        ZonedDateTime night = parisAt(LocalTime.of(22, 30));

        assertThat(get(params(account, "01 45 67 89 01", "Votre commande est prête"))).isEqualTo("80");
        Sms m = messages(account).get(0);
        assertThat(m.getStatus()).isEqualTo(Sms.Status.SCHEDULED);
        assertThat(m.getConnector()).isEqualTo("landline");
        ZonedDateTime eight = LocalDate.from(night).plusDays(1).atTime(8, 0).atZone(PARIS);
        assertThat(m.getSendAt().toInstant()).isEqualTo(eight.toInstant());
        stays(ONE_SCHEDULE_ROUND, () -> smsc.received().isEmpty());

        clock.setNow(eight.toInstant().plusSeconds(30));
        await().atMost(Duration.ofSeconds(20)).until(() -> smsc.received().size() == 1);
        SmscSimulator.Submitted s = smsc.received().get(0);
        assertThat(s.systemId()).isEqualTo("colibri-land");
        assertThat(s.destination()).isEqualTo("33145678901");
        await().atMost(Duration.ofSeconds(20)).until(() -> messages(account).get(0).getStatus() == Sms.Status.DELIVERED);
    }

    @Test
    void a_landline_message_in_the_day_leaves_at_once() throws Exception {
        String account = newAccount(10);
        option(account, "landline", "on");
        parisAt(LocalTime.of(10, 0));
        assertThat(get(params(account, "09 51 23 45 67", "Bonjour"))).isEqualTo("80");
        await().atMost(Duration.ofSeconds(20)).until(() -> smsc.received().size() == 1);
        assertThat(smsc.received().get(0).systemId()).isEqualTo("colibri-land");
    }

    @Test
    void latin1_and_utf8_requests_are_both_understood() throws Exception {
        String account = newAccount(10);
        String email = account.split(" ")[0];
        String pass = account.split(" ")[1];
        // A legacy script: the query percent-encoded in ISO-8859-1, "é" as %E9.
        String latin1 = "email=" + email + "&pass=" + pass + "&numero=0612345678&message=R%E9union+%E0+9h&unknown=1";
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/http.php?" + latin1))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.body()).isEqualTo("80");
        // The same in UTF-8, as a POST form with no charset named.
        String utf8 = "email=" + email + "&pass=" + pass + "&numero=0712345678&message=R%C3%A9union+%C3%A0+9h";
        r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/http.php"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(utf8)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.body()).isEqualTo("80");
        await().atMost(Duration.ofSeconds(20)).until(() -> smsc.received().size() == 2);
        assertThat(smsc.received()).extracting(SmscSimulator.Submitted::text).containsOnly("Réunion à 9h");
        // "é" and "à" are in the GSM alphabet: data coding 0, bytes 0x05 and 0x7F.
        assertThat(smsc.received()).allSatisfy(s -> {
            assertThat(s.dataCoding()).isZero();
            assertThat(s.shortMessage()).containsExactly('R', 0x05, 'u', 'n', 'i', 'o', 'n', ' ', 0x7F, ' ', '9', 'h');
        });
    }

    @Test
    void the_parts_the_smsc_receives_are_the_parts_billed() throws Exception {
        String account = newAccount(20);
        option(account, "long-sms", "on");
        // 152 GSM characters then "€" (2 septets) and more: the escape pair never straddles two parts.
        String text = "a".repeat(152) + "€" + "b".repeat(10);
        assertThat(get(params(account, "0612345678", text))).isEqualTo("80");
        await().atMost(Duration.ofSeconds(20)).until(() -> smsc.received().size() == 2);
        List<SmscSimulator.Submitted> parts = smsc.received();
        assertThat(messages(account).get(0).getParts()).isEqualTo(2);
        assertThat(balance(account)).isEqualTo(18);
        byte[] first = parts.get(0).shortMessage();
        byte[] second = parts.get(1).shortMessage();
        assertThat(first).startsWith(0x05, 0x00, 0x03);
        assertThat(first[4]).isEqualTo((byte) 2);
        assertThat(first[5]).isEqualTo((byte) 1);
        assertThat(second[5]).isEqualTo((byte) 2);
        assertThat(first[3]).isEqualTo(second[3]);
        assertThat(first).hasSize(6 + 152);
        assertThat(second).hasSize(6 + 2 + 10);
        assertThat(second[6]).isEqualTo((byte) 0x1B);
        assertThat(second[7]).isEqualTo((byte) 0x65);
        assertThat(parts).allSatisfy(p -> assertThat(p.esmClass() & 0x40).isNotZero());
        assertThat(parts.get(0).text() + parts.get(1).text()).isEqualTo(text);
    }

    @Test
    void a_connector_takes_its_prefixes_and_speaks_latin1_when_its_smsc_reads_data_coding_0_so() throws Exception {
        String account = newAccount(10);
        assertThat(get(params(account, "07 55 12 34 56", "Réunion à 9h"))).isEqualTo("80");
        assertThat(get(params(account, "07 55 12 34 57", "Prix: 5 €"))).isEqualTo("80");
        await().atMost(Duration.ofSeconds(20)).until(() -> smsc.received().size() == 2);
        SmscSimulator.Submitted latin = smsc.received().stream().filter(s -> s.destination().equals("33755123456")).findFirst().orElseThrow();
        assertThat(latin.systemId()).isEqualTo("colibri-latin");
        assertThat(latin.dataCoding()).isZero();
        assertThat(latin.shortMessage()).containsExactly('R', 0xE9, 'u', 'n', 'i', 'o', 'n', ' ', 0xE0, ' ', '9', 'h');
        // "€" is GSM but not Latin-1: on this connector the text goes as UCS-2.
        SmscSimulator.Submitted euro = smsc.received().stream().filter(s -> s.destination().equals("33755123457")).findFirst().orElseThrow();
        assertThat(euro.dataCoding()).isEqualTo((byte) 8);
        assertThat(euro.text()).isEqualTo("Prix: 5 €");
    }

    @Test
    void the_validity_period_goes_with_every_part_as_the_account_chose() throws Exception {
        String account = newAccount(5);
        assertThat(get(params(account, "0612345678", "par défaut"))).isEqualTo("80");
        option(account, "validity", "3h");
        option(account, "long-sms", "on");
        assertThat(get(params(account, "0712345678", "x".repeat(200)))).isEqualTo("80");
        await().atMost(Duration.ofSeconds(20)).until(() -> smsc.received().size() == 3);
        assertThat(smsc.received().stream().filter(s -> s.destination().equals("33612345678")))
                .extracting(SmscSimulator.Submitted::validityPeriod).containsExactly("000002000000000R");
        assertThat(smsc.received().stream().filter(s -> s.destination().equals("33712345678")))
                .extracting(SmscSimulator.Submitted::validityPeriod).containsExactly("000000030000000R", "000000030000000R");
    }

    @Test
    void flash_format_sends_message_class_zero() throws Exception {
        String account = newAccount(5);
        option(account, "format", "flash");
        assertThat(get(params(account, "0612345678", "Alerte"))).isEqualTo("80");
        assertThat(get(params(account, "0712345678", "Alerte ê"))).isEqualTo("80");
        await().atMost(Duration.ofSeconds(20)).until(() -> smsc.received().size() == 2);
        assertThat(smsc.received()).extracting(SmscSimulator.Submitted::dataCoding).containsExactlyInAnyOrder((byte) 0x10, (byte) 0x18);
    }

    @Test
    void normal_plus_flash_sends_again_as_flash_once_when_the_normal_message_is_not_delivered() throws Exception {
        String account = newAccount(5);
        option(account, "format", "normal+flash");
        smsc.undeliverable("33612345678", 1);
        assertThat(get(params(account, "0612345678", "Votre code: 1234"))).isEqualTo("80");
        await().atMost(Duration.ofSeconds(30)).until(() -> smsc.received().size() == 2);
        assertThat(smsc.received()).extracting(SmscSimulator.Submitted::dataCoding).containsExactly((byte) 0x00, (byte) 0x10);
        await().atMost(Duration.ofSeconds(20)).until(() -> messages(account).get(0).getStatus() == Sms.Status.DELIVERED);
        assertThat(balance(account)).as("charged once").isEqualTo(4);

        smsc.undeliverable("33712345678", 2);
        assertThat(get(params(account, "0712345678", "Votre code: 5678"))).isEqualTo("80");
        await().atMost(Duration.ofSeconds(30)).until(() -> messages(account).get(0).getStatus() == Sms.Status.UNDELIVERABLE);
        assertThat(smsc.received()).as("flash tried once, not more").hasSize(4);
        assertThat(balance(account)).isEqualTo(3);
    }

    @Test
    void a_temporary_smsc_refusal_is_retried_and_a_permanent_one_fails_and_refunds() throws Exception {
        String account = newAccount(5);
        smsc.refuse("33612345678", 0x58, 1); // throttled once
        smsc.refuse("33712345678", 0x0B, 5); // invalid destination
        assertThat(get(params(account, "0612345678", "encore"))).isEqualTo("80");
        assertThat(get(params(account, "0712345678", "jamais"))).isEqualTo("80");
        await().atMost(Duration.ofSeconds(30)).until(() -> smsc.received().size() == 1);
        assertThat(smsc.received().get(0).text()).isEqualTo("encore");
        await().atMost(Duration.ofSeconds(20)).until(() -> messages(account).stream()
                .anyMatch(m -> m.getStatus() == Sms.Status.FAILED));
        Sms failed = messages(account).stream().filter(m -> m.getStatus() == Sms.Status.FAILED).findFirst().orElseThrow();
        assertThat(failed.getRecipient()).isEqualTo("+33712345678");
        assertThat(failed.getReason()).contains("0x0B");
        assertThat(balance(account)).isEqualTo(4);
    }
}
