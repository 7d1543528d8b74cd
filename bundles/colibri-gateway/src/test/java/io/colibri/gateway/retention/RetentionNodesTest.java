package io.colibri.gateway.retention;

import static org.assertj.core.api.Assertions.assertThat;

import io.colibri.gateway.TwoNodes;
import io.colibri.gateway.store.StoreTest;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 18: two nodes purge at the same time: each old row is deleted once, by one of them, all
 * of them are, neither waits for the other's batches (SKIP LOCKED) nor fails.
 */
class RetentionNodesTest {
    @Test
    void two_purges_at_once_delete_every_old_row_once() throws Exception {
        try (TwoNodes nodes = TwoNodes.open()) {
            long account = StoreTest.account(nodes.a, 0);
            int old = 2 * Retention.BATCH + 1234;
            nodes.a.database().jdbc(c -> {
                try (var s = c.prepareStatement("insert into callback_event (account_id, ordering_key, body, created_at, attempts, next_at,"
                        + " done_at) values (?, 'm:1', 'x', ?, 1, ?, ?)")) {
                    OffsetDateTime at = OffsetDateTime.now().minusDays(30);
                    for (int i = 0; i < old + 10; i++) {
                        s.setLong(1, account);
                        s.setObject(2, at);
                        s.setObject(3, at);
                        s.setObject(4, i < old ? at : OffsetDateTime.now()); // the last ten told today: kept
                        s.addBatch();
                        if (i % 1000 == 999) {
                            s.executeBatch();
                        }
                    }
                    s.executeBatch();
                }
                return null;
            });
            Retention onA = new Retention(nodes.a.database(), Retention.Settings.DEFAULTS, Clock.systemUTC());
            Retention onB = new Retention(nodes.b.database(), Retention.Settings.DEFAULTS, Clock.systemUTC());

            List<Map<String, Integer>> purged = TwoNodes.together(onA::purge, onB::purge);

            assertThat(purged.get(0).get("callback_event") + purged.get(1).get("callback_event")).isEqualTo(old);
            assertThat(TwoNodes.count(nodes.a, "select count(*) from callback_event")).isEqualTo(10);
        }
    }
}
