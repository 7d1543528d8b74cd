package io.colibri.gateway.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.colibri.domain.PhoneNumber;
import io.colibri.gateway.TestDrafts;
import io.colibri.gateway.TwoNodes;
import io.colibri.gateway.node.Node;
import io.colibri.gateway.store.Sms;
import io.colibri.gateway.store.Store;
import io.colibri.gateway.store.StoreTest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Issue 18: claims on messages with several nodes. A node's start fails and refunds its own
 * earlier claims (and those made before claims said by whom), never a live node's; a dead node's
 * are failed by the others. Whoever settles them, at the same time, each message is failed and
 * refunded once, and the ledger holds.
 */
class RecoveryNodesTest {
    static final PhoneNumber TO = PhoneNumber.parse("0612345678").orElseThrow();

    @Test
    void a_restart_a_dead_node_sweep_and_another_restart_at_once_settle_each_claim_once_and_never_a_live_claim() throws Exception {
        try (TwoNodes nodes = TwoNodes.open()) {
            long account = StoreTest.account(nodes.a, 1000);
            List<Long> ofA = claimed(nodes.a, account, 120);
            List<Long> ofB = claimed(nodes.b, account, 40);
            nodes.a.submissions().node(null); // claims made before V30: by nobody in particular
            List<Long> legacy = claimed(nodes.a, account, 10);
            nodes.a.submissions().node("a");
            OffsetDateTime startB = after(OffsetDateTime.now());
            // b's claims of its run, before a restarts: in flight, b is alive.
            List<Long> bLive = claimed(nodes.b, account, 20);
            OffsetDateTime startA = after(OffsetDateTime.now());

            // a restarts, b restarts, and b finds a dead: all at once.
            List<Integer> settled = TwoNodes.together(
                    () -> nodes.a.submissions().failInterrupted(startA),
                    () -> nodes.b.submissions().failClaimsOf("a"),
                    () -> nodes.b.submissions().failInterrupted(startB));

            assertThat(settled.stream().mapToInt(Integer::intValue).sum()).as("each claim settled once").isEqualTo(120 + 40 + 10);
            assertThat(settled.get(1)).as("the sweep of a takes only a's").isLessThanOrEqualTo(120);
            for (List<Long> ids : List.of(ofA, ofB, legacy)) {
                for (long id : ids) {
                    Sms m = nodes.b.queries().find(id).orElseThrow();
                    assertThat(m.getStatus()).isEqualTo(Sms.Status.FAILED);
                    assertThat(m.getReason()).contains("interrupted");
                }
            }
            for (long id : bLive) {
                assertThat(nodes.a.queries().find(id).orElseThrow().getStatus()).as("a live claim is left alone").isEqualTo(Sms.Status.ACCEPTED);
            }
            assertThat(TwoNodes.count(nodes.a, "select count(*) from message_outbox where claimed_by = 'b'")).isEqualTo(20);
            assertThat(TwoNodes.count(nodes.a, "select count(*) from message_outbox")).isEqualTo(20);
            assertRefundedOnce(nodes.a, account, 170, 190);
        }
    }

    @Test
    void two_live_nodes_sweeping_at_once_fail_and_refund_a_dead_nodes_claims_once() throws Exception {
        try (TwoNodes nodes = TwoNodes.open()) {
            long account = StoreTest.account(nodes.a, 1000);
            nodes.b.submissions().node("c"); // the dead one: its claims were made through b's pool, it does not matter
            List<Long> ofDead = claimed(nodes.b, account, 150);
            nodes.b.submissions().node("b");
            List<Long> ofB = claimed(nodes.b, account, 10);
            Instant now = Instant.now();
            Duration deadAfter = Duration.ofSeconds(15);
            new Node("c", nodes.a.database(), Clock.fixed(now.minusSeconds(20), ZoneOffset.UTC), deadAfter).beat();
            Node a = new Node("a", nodes.a.database(), Clock.fixed(now, ZoneOffset.UTC), deadAfter);
            Node b = new Node("b", nodes.b.database(), Clock.fixed(now, ZoneOffset.UTC), deadAfter);
            a.beat();
            b.beat();
            Recovery onA = new Recovery(nodes.a.submissions(), a, Clock.systemUTC());
            Recovery onB = new Recovery(nodes.b.submissions(), b, Clock.systemUTC());

            List<Integer> swept = TwoNodes.together(onA::sweep, onB::sweep);

            assertThat(swept.get(0) + swept.get(1)).isEqualTo(150);
            for (long id : ofDead) {
                assertThat(nodes.a.queries().find(id).orElseThrow().getStatus()).isEqualTo(Sms.Status.FAILED);
            }
            for (long id : ofB) {
                assertThat(nodes.a.queries().find(id).orElseThrow().getStatus()).isEqualTo(Sms.Status.ACCEPTED);
            }
            assertRefundedOnce(nodes.a, account, 150, 160);
            assertThat(onA.sweep() + onB.sweep()).as("settled: nothing more").isZero();
        }
    }

    /** That time, once the clock (and the database's microseconds) are strictly past it. */
    static OffsetDateTime after(OffsetDateTime t) {
        Awaitility.await().until(() -> OffsetDateTime.now().isAfter(t.plusNanos(2000)));
        return t;
    }

    /** Messages recorded and claimed through this store (so by its node). */
    static List<Long> claimed(Store store, long account, int n) {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long id = TestDrafts.accept(store, account, TO, "m" + i + " " + System.nanoTime(), 1).orElseThrow();
            ids.add(id);
        }
        assertThat(store.submissions().claim(ids)).hasSize(n);
        return ids;
    }

    /** {@code refunded} messages refunded once each, of {@code debited} debited: the balance is the ledger's sum. */
    static void assertRefundedOnce(Store store, long account, int refunded, int debited) {
        assertThat(TwoNodes.count(store, "select count(*) from ledger_entry where kind = 'REFUND'")).isEqualTo(refunded);
        assertThat(TwoNodes.count(store, "select count(distinct reference) from ledger_entry where kind = 'REFUND'")).isEqualTo(refunded);
        assertThat(store.accounts().balance(account)).isEqualTo(1000 - debited + refunded).isEqualTo(store.accounts().ledgerSum(account));
    }
}
