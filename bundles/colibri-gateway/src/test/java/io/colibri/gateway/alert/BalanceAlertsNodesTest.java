package io.colibri.gateway.alert;

import static org.assertj.core.api.Assertions.assertThat;

import io.colibri.gateway.TwoNodes;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 18: two nodes run the morning's balance alerts at the same time: each account below its
 * threshold is alerted once (the day's row is inserted first; the insert that makes it alerts).
 */
class BalanceAlertsNodesTest {
    @Test
    void two_runs_at_once_alert_each_account_once() throws Exception {
        try (TwoNodes nodes = TwoNodes.open()) {
            int n = 40;
            for (int i = 0; i < n; i++) {
                String email = "low" + i + "@example.org";
                nodes.a.accounts().create(email);
                nodes.a.accounts().addCredit(email, 5, "test");
                nodes.a.accounts().setOption(email, "alert-threshold", "10");
            }
            Clock morning = Clock.fixed(LocalDateTime.now().withHour(10).atZone(ZoneId.of("Europe/Paris")).toInstant(), ZoneId.of("UTC"));
            BalanceAlerts onA = new BalanceAlerts(nodes.a.database(), nodes.a.accounts(), morning);
            BalanceAlerts onB = new BalanceAlerts(nodes.b.database(), nodes.b.accounts(), morning);

            List<List<BalanceAlerts.Alert>> runs = TwoNodes.together(onA::due, onB::due, onA::due, onB::due);

            List<Long> alerted = runs.stream().flatMap(List::stream).map(BalanceAlerts.Alert::accountId).toList();
            assertThat(alerted).hasSize(n).doesNotHaveDuplicates();
            assertThat(TwoNodes.count(nodes.a, "select count(*) from balance_alert")).isEqualTo(n);
            assertThat(onA.due()).isEmpty();
        }
    }
}
