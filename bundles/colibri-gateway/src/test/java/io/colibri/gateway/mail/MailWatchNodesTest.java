package io.colibri.gateway.mail;

import static org.assertj.core.api.Assertions.assertThat;

import io.colibri.domain.PhoneNumber;
import io.colibri.gateway.TestDrafts;
import io.colibri.gateway.TwoNodes;
import io.colibri.gateway.store.StoreTest;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Issue 18: two nodes run the mail-watch round at the same time: each "delivered" and each
 * "finished" mail is written once (the update that marks it told decides who tells).
 */
class MailWatchNodesTest {
    @Test
    void two_rounds_at_once_tell_each_delivery_and_each_finished_send_once() throws Exception {
        try (TwoNodes nodes = TwoNodes.open()) {
            long account = StoreTest.account(nodes.a, 1000);
            MailWatch onA = new MailWatch(nodes.a.database(), ZoneId.of("Europe/Paris"));
            MailWatch onB = new MailWatch(nodes.b.database(), ZoneId.of("Europe/Paris"));
            int watches = 20;
            int each = 5;
            for (int w = 0; w < watches; w++) {
                List<Long> ids = new ArrayList<>();
                for (int m = 0; m < each; m++) {
                    ids.add(TestDrafts.accept(nodes.a, account, PhoneNumber.parse("06123456" + String.format("%02d", m)).orElseThrow(),
                            "w" + w + " m" + m, 1).orElseThrow());
                }
                onA.open(account, "w" + w + "@example.org", "send " + w, true, true, 0, ids);
            }
            nodes.a.database().jdbc(c -> c.createStatement().executeUpdate("update message set status = 'DELIVERED', done_at = current_timestamp"));

            List<List<MailWatch.Outgoing>> rounds = TwoNodes.together(onA::due, onB::due, onA::due, onB::due);

            List<MailWatch.Outgoing> all = rounds.stream().flatMap(List::stream).toList();
            assertThat(all).hasSize(watches * (each + 1));
            Map<String, Long> perWatch = all.stream().collect(Collectors.groupingBy(MailWatch.Outgoing::to, Collectors.counting()));
            assertThat(perWatch).hasSize(watches).allSatisfy((to, n) -> assertThat(n).as(to).isEqualTo(each + 1L));
            assertThat(all.stream().map(o -> o.to() + "|" + o.subject() + "|" + o.body()).distinct().count()).isEqualTo(all.size());
            assertThat(onA.due()).isEmpty();
            assertThat(onB.due()).isEmpty();
        }
    }
}
