package io.colibri.gateway.smpp;

import io.colibri.gateway.RouteTestSupport;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.colibri.gateway.store.Sms;
import io.colibri.smsc.SmscSimulator;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Issue 13, point 3: a long message leaves part by part, one submit_sm each, and what the SMSC
 * took is never submitted again. camel-smpp used to send a message's parts in one exchange and
 * stop at the first failure, losing the ids of the parts before it: a throttled later part
 * resent every part, a refused later part refunded a message whose first part had arrived, and
 * a response timeout refunded what the SMSC may have had.
 */
class LongMessagesTest extends RouteTestSupport {
    static final String NUMBER = "33612345678";
    /** 400 GSM characters: 3 parts (153 + 153 + 94). */
    static final String TEXT = "Rendez-vous demain. ".repeat(20);

    private String longSmsAccount(int credits) {
        String account = newAccount(credits);
        store.accounts().setOption(account.split(" ")[0], "long-sms", "on");
        return account;
    }

    private long accountId(String account) {
        return store.accounts().show(account.split(" ")[0]).orElseThrow().id();
    }

    private List<SmscSimulator.Submitted> toNumber() {
        return smsc.received().stream().filter(s -> s.destination().equals(NUMBER)).toList();
    }

    /** The part number in a submit_sm's UDH (05 00 03 ref total seq). */
    private static int partNumber(SmscSimulator.Submitted s) {
        return s.shortMessage()[5];
    }

    private List<?> submissions(long messageId) {
        return store.database().tx(em -> em.createNativeQuery("select smsc_id, status from submission where message_id = ?1 order by id")
                .setParameter(1, messageId).getResultList());
    }

    @Test
    void a_later_part_throttled_once_is_sent_alone_later_and_the_message_delivered_charged_once() throws Exception {
        String account = longSmsAccount(10);
        smsc.answerNth(NUMBER, 2, 0x58, 1); // part 2 throttled, once

        assertThat(get(params(account, "0612345678", TEXT))).isEqualTo("80");

        await().atMost(Duration.ofSeconds(30)).until(() -> messages(account).get(0).getStatus() == Sms.Status.DELIVERED);
        Sms m = messages(account).get(0);
        assertThat(m.getParts()).isEqualTo(3);
        // Exactly three submit_sm were taken: parts 1, 2, 3 once each (part 1 was not sent again with part 2).
        await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> true);
        assertThat(toNumber()).extracting(LongMessagesTest::partNumber).containsExactly(1, 2, 3);
        assertThat(toNumber()).allSatisfy(p -> assertThat(p.esmClass() & 0x40).as("UDH present").isNotZero());
        assertThat(toNumber()).extracting(p -> p.shortMessage()[3]).as("one UDH reference: the phone joins them").containsOnly(
                toNumber().get(0).shortMessage()[3]);
        assertThat(toNumber().stream().map(SmscSimulator.Submitted::text).collect(Collectors.joining())).isEqualTo(TEXT);
        // Each part's receipt matched its own row, the first part's too (recorded before the others left).
        assertThat(submissions(m.getId())).hasSize(3).allSatisfy(r -> assertThat(((Object[]) r)[1]).isEqualTo("DELIVRD"));
        assertThat(balance(account)).isEqualTo(7);
        assertThat(store.accounts().ledgerSum(accountId(account))).isEqualTo(7);
    }

    @Test
    void a_later_part_refused_for_good_fails_the_message_and_refunds_only_the_parts_not_sent() throws Exception {
        String account = longSmsAccount(10);
        smsc.answerNth(NUMBER, 2, 0x0B, 1); // part 2: invalid destination

        assertThat(get(params(account, "0612345678", TEXT))).isEqualTo("80");
        assertThat(balance(account)).isEqualTo(7);

        await().atMost(Duration.ofSeconds(30)).until(() -> messages(account).get(0).getStatus() == Sms.Status.FAILED);
        Sms m = messages(account).get(0);
        // Part 1 reached the SMSC once; part 3 never left; its receipt still matched.
        await().atMost(Duration.ofSeconds(10)).until(() -> submissions(m.getId()).size() == 1
                && "DELIVRD".equals(((Object[]) submissions(m.getId()).get(0))[1]));
        assertThat(toNumber()).extracting(LongMessagesTest::partNumber).containsExactly(1);
        // The credit of parts 2 and 3 back, part 1 paid.
        assertThat(balance(account)).isEqualTo(9);
        assertThat(store.accounts().ledgerSum(accountId(account))).isEqualTo(9);
        assertThat(messages(account).get(0).getStatus()).as("still failed after part 1's receipt").isEqualTo(Sms.Status.FAILED);
        assertThat(m.getReason()).isEqualTo("refused by SMSC: error 0x0B (part 2 of 3); part 1 sent");
    }

    @Test
    void a_later_part_left_unanswered_is_never_sent_again_and_only_the_parts_after_it_are_refunded() throws Exception {
        String account = longSmsAccount(10);
        smsc.answerNth(NUMBER, 2, SmscSimulator.NO_ANSWER, 1); // part 2: no submit_sm_resp (the gateway waits 10 s)

        assertThat(get(params(account, "0612345678", TEXT))).isEqualTo("80");

        await().atMost(Duration.ofSeconds(40)).until(() -> messages(account).get(0).getStatus() == Sms.Status.FAILED);
        Sms m = messages(account).get(0);
        // Part 1 sent and recorded, part 2 perhaps: never again, neither it nor part 3.
        await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> true);
        assertThat(toNumber()).extracting(LongMessagesTest::partNumber).containsExactly(1, 2);
        assertThat(submissions(m.getId())).hasSize(1);
        // Only part 3 surely did not leave: its credit back.
        assertThat(balance(account)).isEqualTo(8);
        assertThat(store.accounts().ledgerSum(accountId(account))).isEqualTo(8);
        assertThat(m.getReason()).isEqualTo("no answer from the SMSC in time (part 2 of 3); may have been sent (part 1 sent)");
    }

    @Test
    void a_one_part_message_left_unanswered_is_failed_as_may_have_been_sent_and_paid() throws Exception {
        String account = newAccount(5);
        smsc.answerNth(NUMBER, 1, SmscSimulator.NO_ANSWER, 1);

        assertThat(get(params(account, "0612345678", "perdu ?"))).isEqualTo("80");

        await().atMost(Duration.ofSeconds(40)).until(() -> messages(account).get(0).getStatus() == Sms.Status.FAILED);
        assertThat(messages(account).get(0).getReason()).isEqualTo("no answer from the SMSC in time; may have been sent");
        await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> true);
        assertThat(toNumber()).hasSize(1);
        assertThat(balance(account)).isEqualTo(4);
        assertThat(store.accounts().ledgerSum(accountId(account))).isEqualTo(4);
    }

    @Test
    void the_first_part_refused_for_good_refunds_the_whole_message() throws Exception {
        String account = longSmsAccount(10);
        smsc.answerNth(NUMBER, 1, 0x0B, 1);

        assertThat(get(params(account, "0612345678", TEXT))).isEqualTo("80");

        await().atMost(Duration.ofSeconds(30)).until(() -> messages(account).get(0).getStatus() == Sms.Status.FAILED);
        assertThat(messages(account).get(0).getReason()).contains("0x0B");
        assertThat(toNumber()).isEmpty();
        assertThat(balance(account)).isEqualTo(10);
        assertThat(store.accounts().ledgerSum(accountId(account))).isEqualTo(10);
    }
}
