package io.colibri.gateway.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.colibri.domain.ConnectorChoice;
import io.colibri.domain.PriceTable;
import io.colibri.domain.Recurrence;
import io.colibri.domain.SmscCharset;
import io.colibri.domain.SubmitChecks;
import io.colibri.gateway.TwoNodes;
import io.colibri.gateway.accept.Accept;
import io.colibri.gateway.store.Store;
import io.colibri.gateway.store.StoreTest;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 18: two nodes run the schedules' round at the same time: each occurrence due is sent
 * once, by one of them (the schedule's row taken with SKIP LOCKED, and moved on in the same
 * transaction), debited once.
 */
class SchedulesNodesTest {
    static final ZoneId PARIS = ZoneId.of("Europe/Paris");

    @Test
    void two_rounds_at_once_run_each_occurrence_once() throws Exception {
        try (TwoNodes nodes = TwoNodes.open()) {
            long account = StoreTest.account(nodes.a, 1000);
            Schedules onA = schedules(nodes.a, Clock.systemUTC());
            int n = 30;
            for (int i = 0; i < n; i++) {
                onA.recurring(account, List.of("06123456" + String.format("%02d", i)), "every day " + i, Recurrence.Every.DAY,
                        LocalDateTime.now(PARIS).withNano(0), PARIS, null);
            }
            // The rounds run a minute later: each schedule's first occurrence is due, its second tomorrow.
            Clock later = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(1));
            Schedules a = schedules(nodes.a, later);
            Schedules b = schedules(nodes.b, later);

            List<Integer> ran = TwoNodes.together(a::round, b::round, a::round, b::round);

            assertThat(ran.stream().mapToInt(Integer::intValue).sum()).as("each occurrence ran once").isEqualTo(n);
            assertThat(TwoNodes.count(nodes.a, "select count(*) from schedule_run")).isEqualTo(n);
            assertThat(TwoNodes.count(nodes.a, "select count(distinct schedule_id) from schedule_run where n = 0 and sent = 1")).isEqualTo(n);
            assertThat(TwoNodes.count(nodes.a, "select count(*) from message")).isEqualTo(n);
            assertThat(TwoNodes.count(nodes.a, "select count(*) from schedule where next_n = 1 and status = 'ACTIVE'")).isEqualTo(n);
            assertThat(nodes.b.accounts().balance(account)).isEqualTo(1000 - n).isEqualTo(nodes.b.accounts().ledgerSum(account));
            assertThat(a.round() + b.round()).as("nothing more due today").isZero();
        }
    }

    static Schedules schedules(Store store, Clock clock) {
        Accept accept = new Accept(store.database(), store.accounts(), store.recorder(), store.cancellations(), store.queries(),
                store.recentTexts(), store.blacklist(), store.groups(), new SubmitChecks.Rules(PriceTable.DEFAULT, clock, x -> SmscCharset.GSM),
                List.of(new ConnectorChoice.Candidate("mobile", List.of())));
        return new Schedules(store.database(), accept, store.accounts(), store.groups(), clock);
    }
}
