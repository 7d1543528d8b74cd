package io.colibri.gateway.contact;

import io.colibri.gateway.RouteTestSupport;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.colibri.domain.PhoneNumber;
import io.colibri.gateway.store.Sms;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** HTTP-3 and MERGE-1..3 on the real routes: a group as numero, one merged text per member. */
class BulkSendTest extends RouteTestSupport {

    private long id(String account) {
        return store.accounts().require(account.split(" ")[0]).id();
    }

    private void contact(String account, String group, String number, String name, String v1) {
        store.groups().add(id(account), group, PhoneNumber.parse(number).orElseThrow(), name, v1, null, null);
    }

    private List<String> texts() {
        return smsc.received().stream().map(s -> s.destination() + " " + s.text()).sorted().toList();
    }

    @Test
    void each_member_gets_its_own_merged_text_and_each_is_debited_once() throws Exception {
        String account = newAccount(10);
        contact(account, "Parents", "0612345678", "Léa", "14");
        contact(account, "Parents", "0712345678", "Bob", null);
        contact(account, "Parents", "0612000000", "Zoé", "9");
        contact(account, "Bureau", "0699999999", "Max", "0");

        assertThat(get(params(account, "parents", "Bonjour [v1], note : [v2]."))).isEqualTo("80");
        await().atMost(Duration.ofSeconds(20)).until(() -> smsc.received().size() == 3);
        // The contact's name is not a merge field; [v1] is its first variable.
        assertThat(texts()).containsExactly(
                "33612000000 Bonjour 9, note : .",
                "33612345678 Bonjour 14, note : .",
                "33712345678 Bonjour , note : .");
        assertThat(balance(account)).isEqualTo(7);
        assertThat(store.accounts().ledgerSum(id(account))).isEqualTo(7);
        await().atMost(Duration.ofSeconds(20)).until(() -> messages(account).stream()
                .filter(m -> m.getStatus() == Sms.Status.DELIVERED).count() == 3);
    }

    @Test
    void a_blacklisted_member_is_left_out_and_not_charged() throws Exception {
        String account = newAccount(10);
        contact(account, "Parents", "0612345678", "Léa", null);
        contact(account, "Parents", "0712345678", "Bob", null);
        store.blacklist().add(id(account), PhoneNumber.parse("0712345678").orElseThrow(), "STOP");
        assertThat(get(params(account, "Parents", "Réunion jeudi"))).isEqualTo("80");
        await().atMost(Duration.ofSeconds(20)).until(() -> smsc.received().size() == 1);
        assertThat(smsc.received().get(0).destination()).isEqualTo("33612345678");
        assertThat(balance(account)).isEqualTo(9);
    }

    @Test
    void an_unknown_or_empty_group_is_86_and_a_mistyped_number_still_84() throws Exception {
        String account = newAccount(10);
        assertThat(get(params(account, "Inconnus", "hi"))).isEqualTo("86");
        contact(account, "Vide", "0612345678", null, null);
        store.groups().remove(id(account), "Vide", PhoneNumber.parse("0612345678").orElseThrow());
        assertThat(get(params(account, "Vide", "hi"))).isEqualTo("86");
        assertThat(get(params(account, "06 12 AB 56 78", "hi"))).isEqualTo("84");
        assertThat(balance(account)).isEqualTo(10);
    }

    @Test
    void when_the_credit_does_not_cover_every_member_nothing_is_sent_83() throws Exception {
        String account = newAccount(2);
        contact(account, "Parents", "0612345678", null, null);
        contact(account, "Parents", "0712345678", null, null);
        contact(account, "Parents", "0612000000", null, null);
        assertThat(get(params(account, "Parents", "hi"))).isEqualTo("83");
        assertThat(balance(account)).isEqualTo(2);
        assertThat(messages(account)).isEmpty();
        stays(() -> smsc.received().isEmpty());
    }

    @Test
    void a_member_the_account_may_not_reach_is_recorded_failed_with_its_reason_and_the_rest_goes() throws Exception {
        String account = newAccount(10);
        contact(account, "Parents", "0612345678", null, null);
        contact(account, "Parents", "0690123456", null, null); // DOM-TOM, option off
        assertThat(get(params(account, "Parents", "hi"))).isEqualTo("80");
        await().atMost(Duration.ofSeconds(20)).until(() -> smsc.received().size() == 1);
        assertThat(balance(account)).isEqualTo(9);
        Sms failed = messages(account).stream().filter(m -> m.getRecipient().equals("+590690123456")).findFirst().orElseThrow();
        assertThat(failed.getStatus()).isEqualTo(Sms.Status.FAILED);
        assertThat(failed.getReason()).contains("93");
        assertThat(failed.getCredits()).isZero();
    }

    @Test
    void the_same_bulk_twice_is_not_sent_twice_within_24_hours() throws Exception {
        String account = newAccount(10);
        contact(account, "Parents", "0612345678", "Léa", "a");
        contact(account, "Parents", "0712345678", "Bob", "b");
        assertThat(get(params(account, "Parents", "Code [v1]"))).isEqualTo("80");
        assertThat(get(params(account, "Parents", "Code [v1]"))).isEqualTo("91");
        await().atMost(Duration.ofSeconds(20)).until(() -> smsc.received().size() == 2);
        stays(() -> smsc.received().size() == 2);
        assertThat(balance(account)).isEqualTo(8);
    }

    @Test
    void a_deferred_bulk_waits_for_its_minute_and_can_be_cancelled_for_every_member() throws Exception {
        String account = newAccount(10);
        contact(account, "Parents", "0612345678", null, null);
        contact(account, "Parents", "0712345678", null, null);
        String at = ZonedDateTime.now(ZoneId.of("Europe/Paris")).plusDays(1).format(DateTimeFormatter.ofPattern("HHmmddMMyyyy"));
        Map<String, String> p = params(account, "Parents", "demain");
        p.put("diff", at);
        assertThat(get(p)).isEqualTo("81");
        assertThat(balance(account)).isEqualTo(8);
        p.put("diff", at + "s");
        assertThat(get(p)).isEqualTo("94");
        assertThat(balance(account)).isEqualTo(10);
        assertThat(get(p)).isEqualTo("95");
        assertThat(smsc.received()).isEmpty();
    }

    @Test
    void test_mode_on_a_group_sends_and_debits_nothing() throws Exception {
        String account = newAccount(10);
        contact(account, "Parents", "0612345678", null, null);
        Map<String, String> p = params(account, "Parents", "hi");
        p.put("test", "o");
        assertThat(get(p)).isEqualTo("92");
        assertThat(balance(account)).isEqualTo(10);
        assertThat(messages(account)).isEmpty();
    }

    private static void stays(java.util.concurrent.Callable<Boolean> condition) {
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(condition);
    }

}
