package io.colibri.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.colibri.gateway.store.Sms;
import io.colibri.smsc.SmscSimulator;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The HTTP → accept → SMPP → receipt flow, through the real route files. */
class GatewayRoutesTest extends RouteTestSupport {

    @Test
    void an_accepted_sms_reaches_the_smsc_and_its_receipt_makes_it_delivered() throws Exception {
        String account = newAccount(10);

        assertThat(get(params(account, "06 12 34 56 78", "Bonjour de Colibri"))).isEqualTo("80");

        await().atMost(Duration.ofSeconds(20)).until(() -> smsc.received().size() == 1);
        SmscSimulator.Submitted s = smsc.received().get(0);
        assertThat(s.destination()).isEqualTo("33612345678");
        assertThat(s.text()).isEqualTo("Bonjour de Colibri");
        assertThat(s.dataCoding()).isZero();
        await().atMost(Duration.ofSeconds(20)).until(() -> messages(account).get(0).getStatus() == Sms.Status.DELIVERED);
        Sms m = messages(account).get(0);
        assertThat(m.getRecipient()).isEqualTo("+33612345678");
        assertThat(m.getParts()).isEqualTo(1);
        assertThat(m.getDoneAt()).isNotNull();
        assertThat(balance(account)).isEqualTo(9);
    }

    @Test
    void every_refusal_answers_its_code_and_debits_nothing() throws Exception {
        String account = newAccount(1);
        String wrongPassword = account.split(" ")[0] + " wrong";
        String poor = newAccount(0);
        Map<Map<String, String>, String> cases = new LinkedHashMap<>();
        cases.put(params(null, null, null), "87");
        cases.put(Map.of("email", "x@y.fr"), "88");
        cases.put(params(account, null, "hi"), "89");
        cases.put(params(account, "0612345678", null), "90");
        cases.put(params(account, "0612345678", ""), "90");
        cases.put(params(wrongPassword, "0612345678", "hi"), "82");
        cases.put(params("nobody@example.org pw", "0612345678", "hi"), "82");
        cases.put(params(account, "0145678901", "hi"), "84");
        cases.put(params(account, "+44 7700 900123", "hi"), "84");
        cases.put(params(account, "06123", "hi"), "84");
        cases.put(params(account, "0612345678", "x".repeat(161)), "97");
        cases.put(params(poor, "0612345678", "hi"), "83");
        for (var c : cases.entrySet()) {
            assertThat(get(c.getKey())).as("%s", c.getKey()).isEqualTo(c.getValue());
        }
        assertThat(balance(account)).isEqualTo(1);
        assertThat(messages(account)).isEmpty();
        assertThat(smsc.received()).isEmpty();
    }

    @Test
    void a_utf8_form_post_is_understood_and_sent_in_ucs2() throws Exception {
        String account = newAccount(5);
        HttpResponse<String> r = post(params(account, "+33712345678", "Café à 5 € — ça marche ?"));

        assertThat(r.body()).isEqualTo("80");
        assertThat(r.headers().firstValue("pass")).as("the password is not echoed").isEmpty();
        await().atMost(Duration.ofSeconds(20)).until(() -> smsc.received().size() == 1);
        SmscSimulator.Submitted s = smsc.received().get(0);
        assertThat(s.dataCoding()).isEqualTo((byte) 8);
        assertThat(s.text()).isEqualTo("Café à 5 € — ça marche ?");
        assertThat(s.destination()).isEqualTo("33712345678");
    }

    @Test
    void a_long_text_is_billed_and_sent_in_as_many_parts() throws Exception {
        String account = newAccount(5);
        store.accounts().setOption(account.split(" ")[0], "long-sms", "on");
        String text = "Rendez-vous demain. ".repeat(10); // 200 GSM characters: 2 parts of 153

        assertThat(get(params(account, "0612345678", text))).isEqualTo("80");

        await().atMost(Duration.ofSeconds(20)).until(() -> smsc.received().size() == 2);
        assertThat(smsc.received()).allSatisfy(p -> assertThat(p.esmClass() & 0x40).as("UDH present").isNotZero());
        assertThat(smsc.received().stream().map(SmscSimulator.Submitted::text).collect(Collectors.joining())).isEqualTo(text);
        assertThat(balance(account)).isEqualTo(3);
        await().atMost(Duration.ofSeconds(20)).until(() -> messages(account).get(0).getStatus() == Sms.Status.DELIVERED);
        assertThat(messages(account).get(0).getParts()).isEqualTo(2);
    }

    @Test
    void a_message_waits_while_the_smsc_is_down_and_leaves_when_it_is_back() throws Exception {
        String account = newAccount(5);
        smsc.close();
        await().atMost(Duration.ofSeconds(10)).until(() -> !portOpen(smscPort));

        assertThat(get(params(account, "0612345678", "patience"))).isEqualTo("80");
        await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                .until(() -> messages(account).get(0).getStatus() == Sms.Status.ACCEPTED);

        smsc = SmscSimulator.start("127.0.0.1", smscPort, Duration.ofMillis(100));
        await().atMost(Duration.ofSeconds(60)).until(() -> smsc.received().size() == 1);
        assertThat(smsc.received().get(0).text()).isEqualTo("patience");
        await().atMost(Duration.ofSeconds(60)).until(() -> messages(account).get(0).getStatus() == Sms.Status.DELIVERED);
        assertThat(balance(account)).isEqualTo(4);
    }


    @Test
    void receipts_come_back_after_the_smsc_was_down_for_a_while() throws Exception {
        String account = newAccount(5);
        // The receiver started while its SMSC was down (a gateway start during an SMSC outage)...
        smsc.close();
        await().atMost(Duration.ofSeconds(10)).until(() -> !portOpen(smscPort));
        context.getRouteController().stopRoute("smpp-inbound-mobile");
        try {
            context.getRouteController().startRoute("smpp-inbound-mobile");
        } catch (Exception expected) {
            // the supervisor keeps trying
        }
        smsc = SmscSimulator.start("127.0.0.1", smscPort, Duration.ofMillis(100));
        // The receiver binds (the transmitter binds at the first submit).
        await().atMost(Duration.ofSeconds(60)).until(() -> smsc.boundSessions() == 1);
        // ...then the SMSC restarts: the receiver must bind again.
        smsc.close();
        await().atMost(Duration.ofSeconds(10)).until(() -> !portOpen(smscPort));
        smsc = SmscSimulator.start("127.0.0.1", smscPort, Duration.ofMillis(100));
        assertThat(get(params(account, "0612345678", "après la panne"))).isEqualTo("80");
        await().atMost(Duration.ofSeconds(60)).until(() -> smsc.received().size() == 1);
        await().atMost(Duration.ofSeconds(60)).until(() -> messages(account).get(0).getStatus() == Sms.Status.DELIVERED);
    }

    /**
     * Issue 13, point 2: once the SMSC has said yes, only the database write is tried again. An
     * SMSC that gives an id it gave before (its counter restarted) made the record fail on the
     * unique (connector, smsc_id): the message stayed claimed, unrecorded, then refunded at the
     * next start although it had been sent. Now it is SUBMITTED, once, and its receipt is its own.
     */
    @Test
    void an_smsc_id_given_twice_is_recorded_and_the_message_sent_once() throws Exception {
        String account = newAccount(5);
        smsc.fixedId("33612345678", "c0ffee");
        smsc.fixedId("33698765432", "c0ffee");
        assertThat(get(params(account, "0612345678", "premier"))).isEqualTo("80");
        await().atMost(Duration.ofSeconds(20)).until(() -> messages(account).get(0).getStatus() == Sms.Status.DELIVERED);

        assertThat(get(params(account, "0698765432", "second"))).isEqualTo("80");

        await().atMost(Duration.ofSeconds(20)).until(() -> messages(account).stream().allMatch(m -> m.getStatus() == Sms.Status.DELIVERED));
        assertThat(smsc.received()).extracting(SmscSimulator.Submitted::text).containsExactly("premier", "second");
        assertThat(balance(account)).isEqualTo(3);
        long older = messages(account).stream().filter(m -> m.getBody().equals("premier")).findFirst().orElseThrow().getId();
        java.util.List<?> ids = store.database().tx(em -> em.createNativeQuery("select s.smsc_id from submission s"
                + " where s.message_id in (select id from message where account_id = (select account_id from message where id = ?1))"
                + " order by s.id").setParameter(1, older).getResultList());
        assertThat(ids).hasSize(2);
        assertThat(ids.get(0).toString()).startsWith("c0ffee~");
        assertThat(ids.get(1).toString()).isEqualTo("c0ffee");
    }

    /**
     * Issue 13, point 6: an SMSC that answers "throttled" for ever used to keep the message (and
     * its credit) for ever. Past its validity it is FAILED and refunded, saying why.
     */
    @Test
    void a_message_refused_for_now_past_its_validity_is_failed_and_refunded() throws Exception {
        String account = newAccount(5);
        smsc.refuse("33612345678", 0x58, 10_000);
        assertThat(get(params(account, "0612345678", "trop tard"))).isEqualTo("80");
        assertThat(balance(account)).isEqualTo(4);
        await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                .until(() -> messages(account).get(0).getStatus() == Sms.Status.ACCEPTED);

        clock.setNow(java.time.Instant.now().plus(Duration.ofDays(2)).plus(Duration.ofMinutes(1)));

        await().atMost(Duration.ofSeconds(30)).until(() -> messages(account).get(0).getStatus() == Sms.Status.FAILED);
        assertThat(messages(account).get(0).getReason()).contains("within its validity (2880 min)").contains("0x58");
        assertThat(balance(account)).isEqualTo(5);
        assertThat(smsc.received()).isEmpty();
    }
}
