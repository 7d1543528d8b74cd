package io.colibri.gateway.reply;

import io.colibri.gateway.RouteTestSupport;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.colibri.domain.PhoneNumber;
import io.colibri.domain.ReplyOptions;
import io.colibri.domain.ReplyRule;
import io.colibri.gateway.store.Sms;
import io.colibri.gateway.store.Reply;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Replies (MO) sent by the SMSC simulator over SMPP to the real routes/replies/:
 * matched to the account that last wrote, STOP, CONTACT, criteria rules, acknowledgement,
 * forwarding to a mobile, and a reply nobody asked for kept aside.
 */
class RepliesTest extends RouteTestSupport {
    static final String PHONE = "33612345678";

    private String sentTo(String account, String number) throws Exception {
        int before = smsc.received().size();
        assertThat(get(params(account, number, "Réunion jeudi"))).isEqualTo("80");
        await().atMost(Duration.ofSeconds(20)).until(() -> smsc.received().size() == before + 1);
        return account;
    }

    private long id(String account) {
        return store.accounts().show(account.split(" ")[0]).orElseThrow().id();
    }

    private List<String> textsTo(String destination) {
        return smsc.received().stream().filter(s -> s.destination().equals(destination))
                .map(io.colibri.smsc.SmscSimulator.Submitted::text).toList();
    }

    private List<Reply> replies(String account) {
        return store.replies().latest(id(account), 10);
    }

    @Test
    void stop_blacklists_at_once_cancels_what_waits_and_confirms_free() throws Exception {
        String account = sentTo(newAccount(10), "0612345678");
        // A deferred message to the same number, tomorrow: the STOP cancels it and gives its credit back.
        String tomorrow = ZonedDateTime.now(ZoneId.of("Europe/Paris")).plusDays(1).format(DateTimeFormatter.ofPattern("HHmmddMMyyyy"));
        Map<String, String> deferred = params(account, "0612345678", "Rappel demain");
        deferred.put("diff", tomorrow);
        assertThat(get(deferred)).isEqualTo("81");
        assertThat(balance(account)).isEqualTo(8);

        smsc.mo(null, PHONE, "38100", "Stop.");

        await().atMost(Duration.ofSeconds(20)).until(() -> textsTo(PHONE).size() == 2);
        assertThat(textsTo(PHONE).get(1)).isEqualTo(ReplyOptions.STOP_TEXT);
        assertThat(store.blacklist().contains(id(account), PhoneNumber.parse("0612345678").orElseThrow())).isTrue();
        await().atMost(Duration.ofSeconds(5)).until(() -> messages(account).stream()
                .anyMatch(m -> m.getStatus() == Sms.Status.CANCELLED && m.getBody().equals("Rappel demain")));
        assertThat(balance(account)).as("the deferred credit back, the confirmation free").isEqualTo(9);
        assertThat(get(params(account, "0612345678", "Encore"))).isEqualTo("84");
        assertThat(replies(account)).singleElement().satisfies(r -> assertThat(r.getKind()).isEqualTo("STOP"));
    }

    @Test
    void contact_gets_the_approved_text_only_and_is_debited() throws Exception {
        String account = sentTo(newAccount(10), "0612345678");
        long id = id(account);
        store.replies().proposeContactText(id, "Mairie : 01 23 45 67 89");
        store.replies().approveContactText(id);
        store.replies().proposeContactText(id, "Texte pas encore approuvé");

        smsc.mo(null, PHONE, "38100", "contact");

        await().atMost(Duration.ofSeconds(20)).until(() -> textsTo(PHONE).size() == 2);
        assertThat(textsTo(PHONE).get(1)).isEqualTo("Mairie : 01 23 45 67 89");
        await().atMost(Duration.ofSeconds(5)).until(() -> balance(account) == 8);
    }

    @Test
    void criteria_rules_answer_and_move_the_contact_other_replies_get_the_acknowledgement() throws Exception {
        String account = newAccount(10);
        long id = id(account);
        PhoneNumber number = PhoneNumber.parse("0612345678").orElseThrow();
        store.groups().add(id, "Invités", number, "Léa", "14", null, null);
        store.replyRules().add(id, new ReplyRule(ReplyRule.Match.KEYWORD, "oui", "Merci, à jeudi !", "Inscrits"));
        store.accounts().setOption(account.split(" ")[0], "reply-ack-text", "Sms reçu, merci.");
        sentTo(account, "0612345678");

        smsc.mo(null, PHONE, "38100", "Oui !");
        await().atMost(Duration.ofSeconds(20)).until(() -> textsTo(PHONE).size() == 2);
        assertThat(textsTo(PHONE).get(1)).isEqualTo("Merci, à jeudi !");
        assertThat(store.groups().members(id, "Inscrits").orElseThrow()).singleElement()
                .satisfies(m -> assertThat(m.name()).isEqualTo("Léa"));
        assertThat(store.groups().members(id, "Invités").orElseThrow()).isEmpty();

        smsc.mo(null, PHONE, "38100", "Je viendrai avec mon fils");
        await().atMost(Duration.ofSeconds(20)).until(() -> textsTo(PHONE).size() == 3);
        assertThat(textsTo(PHONE).get(2)).isEqualTo("Sms reçu, merci.");
        await().atMost(Duration.ofSeconds(5)).until(() -> balance(account) == 7);
    }

    /**
     * Issue 13, point 4: a rule that backtracks without end, ((a+)\2?)+b, used to hold the one replies
     * consumer for ever. It gives up within its step budget, counts as not matching (the reply
     * gets the acknowledgement), and the next rule still answers.
     */
    @Test
    void a_rule_that_backtracks_without_end_gives_up_and_the_next_rule_answers() throws Exception {
        String account = newAccount(10);
        long id = id(account);
        store.replyRules().add(id, new ReplyRule(ReplyRule.Match.REGEX, "((a+)\\2?)+b", "Jamais", ""));
        store.replyRules().add(id, new ReplyRule(ReplyRule.Match.STARTS, "aaaa", "Bien reçu", ""));
        store.accounts().setOption(account.split(" ")[0], "reply-ack-text", "Sms reçu, merci.");
        sentTo(account, "0612345678");

        smsc.mo(null, PHONE, "38100", "a".repeat(60) + "!");
        await().atMost(Duration.ofSeconds(20)).until(() -> textsTo(PHONE).size() == 2);
        assertThat(textsTo(PHONE).get(1)).isEqualTo("Sms reçu, merci.");

        smsc.mo(null, PHONE, "38100", "aaaa oui");
        await().atMost(Duration.ofSeconds(20)).until(() -> textsTo(PHONE).size() == 3);
        assertThat(textsTo(PHONE).get(2)).isEqualTo("Bien reçu");
    }

    @Test
    void replies_are_forwarded_to_the_accounts_mobile_for_one_credit() throws Exception {
        String account = newAccount(10);
        store.accounts().setOption(account.split(" ")[0], "reply-forward-mobile", "07 98 76 54 32");
        sentTo(account, "0612345678");

        smsc.mo(null, PHONE, "38100", "Absent demain");

        await().atMost(Duration.ofSeconds(20)).until(() -> textsTo("33798765432").size() == 1);
        assertThat(textsTo("33798765432").get(0)).isEqualTo("Réponse de +33612345678 : Absent demain");
        await().atMost(Duration.ofSeconds(5)).until(() -> balance(account) == 8);
        assertThat(textsTo(PHONE)).hasSize(1);
    }

    @Test
    void a_reply_from_a_number_nobody_wrote_to_is_kept_aside() throws Exception {
        smsc.mo(null, "33699999999", "38100", "Qui êtes-vous ?");

        await().atMost(Duration.ofSeconds(20)).until(() -> store.replies().keptAside(50).stream()
                .anyMatch(r -> r.getSender().equals("+33699999999") && r.getBody().equals("Qui êtes-vous ?")));
        assertThat(textsTo("33699999999")).isEmpty();
    }

    @Test
    void the_last_account_to_write_gets_the_reply() throws Exception {
        String first = sentTo(newAccount(10), "0612345678");
        String second = sentTo(newAccount(10), "0612345678");

        smsc.mo(null, PHONE, "38100", "C'est qui ?");

        await().atMost(Duration.ofSeconds(20)).until(() -> !replies(second).isEmpty());
        assertThat(replies(first)).isEmpty();
    }

    /**
     * Issue 13, point 7: a message that never reached the phone (refused by the SMSC, or waiting
     * for tomorrow) makes its account no writer: the STOP goes to the account whose SMS arrived.
     */
    @Test
    void a_message_that_never_left_takes_no_reply() throws Exception {
        String delivered = sentTo(newAccount(10), "0612345678");
        String refused = newAccount(10);
        smsc.refuse(PHONE, 0x0B, 1);
        assertThat(get(params(refused, "0612345678", "Refusé"))).isEqualTo("80");
        await().atMost(Duration.ofSeconds(20)).until(() -> messages(refused).stream().anyMatch(m -> m.getStatus() == Sms.Status.FAILED));
        String deferred = newAccount(10);
        Map<String, String> tomorrow = params(deferred, "0612345678", "Demain");
        tomorrow.put("diff", ZonedDateTime.now(ZoneId.of("Europe/Paris")).plusDays(1).format(DateTimeFormatter.ofPattern("HHmmddMMyyyy")));
        assertThat(get(tomorrow)).isEqualTo("81");

        smsc.mo(null, PHONE, "38100", "STOP");

        await().atMost(Duration.ofSeconds(20)).until(() -> !replies(delivered).isEmpty());
        assertThat(store.blacklist().contains(id(delivered), PhoneNumber.parse("0612345678").orElseThrow())).isTrue();
        assertThat(replies(refused)).isEmpty();
        assertThat(replies(deferred)).isEmpty();
        assertThat(store.blacklist().contains(id(deferred), PhoneNumber.parse("0612345678").orElseThrow())).isFalse();
    }

    @Test
    void a_number_the_operator_says_does_not_exist_leaves_the_groups_for_mauvais_numeros() throws Exception {
        String account = newAccount(10);
        long id = id(account);
        store.groups().add(id, "Parents", PhoneNumber.parse("0612345678").orElseThrow(), "Léa", null, null, null);
        store.groups().add(id, "Parents", PhoneNumber.parse("0712345678").orElseThrow(), "Bob", null, null, null);
        store.groups().add(id, "Club", PhoneNumber.parse("0612345678").orElseThrow(), "Léa", null, null, null);
        smsc.undeliverable(PHONE, 1, "001");
        // Undeliverable for another reason (absent subscriber): the number stays.
        smsc.undeliverable("33712345678", 1, "027");

        assertThat(get(params(account, "Parents", "Sortie annulée"))).isEqualTo("80");

        await().atMost(Duration.ofSeconds(20)).until(() -> store.groups().members(id, "Mauvais numéros")
                .map(m -> m.size() == 1).orElse(false));
        assertThat(store.groups().members(id, "Mauvais numéros").orElseThrow()).singleElement()
                .satisfies(m -> assertThat(m.number()).isEqualTo("+33612345678"));
        assertThat(store.groups().members(id, "Club").orElseThrow()).isEmpty();
        await().atMost(Duration.ofSeconds(10)).until(() -> messages(account).stream()
                .filter(m -> m.getStatus() == Sms.Status.UNDELIVERABLE).count() == 2);
        assertThat(store.groups().members(id, "Parents").orElseThrow()).extracting(m -> m.number()).containsExactly("+33712345678");
    }
}
