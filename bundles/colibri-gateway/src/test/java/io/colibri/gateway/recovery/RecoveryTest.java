package io.colibri.gateway.recovery;

import io.colibri.gateway.RouteTestSupport;
import io.colibri.gateway.TestDrafts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.colibri.domain.PartCount;
import io.colibri.domain.PhoneNumber;
import io.colibri.gateway.store.Sms;
import java.time.Duration;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;

/**
 * A start after a crash: a message debited but never queued is sent (the dispatch route finds it),
 * one interrupted mid-submission is failed and refunded (the real recovery.yaml); one a dead node
 * was submitting is failed and refunded by the dead-node sweep.
 */
class RecoveryTest extends RouteTestSupport {
    String account;
    long neverQueued;
    long interrupted;
    long ofDeadNode;

    @Override
    protected CamelContext createCamelContext() throws Exception {
        // What the previous run left: written before this run's gateway is configured.
        account = newAccount(5);
        long id = store.accounts().require(account.split(" ")[0]).id();
        PhoneNumber to = PhoneNumber.parse("0612345678").orElseThrow();
        neverQueued = TestDrafts.accept(store, id, to, "left behind", 1).orElseThrow();
        interrupted = TestDrafts.accept(store, id, to, "cut short", 1).orElseThrow();
        store.submissions().claim(interrupted);
        // Issue 18: a node "ghost" that shares the database died while submitting a message: not this node's to
        // settle at its start, but the dead-node sweep's once ghost is not heard from for deadAfterMillis.
        ofDeadNode = TestDrafts.accept(store, id, to, "ghost's", 1).orElseThrow();
        new io.colibri.gateway.node.Node("ghost", store.database(), java.time.Clock.offset(java.time.Clock.systemUTC(),
                Duration.ofMinutes(-5)), Duration.ofSeconds(15)).beat();
        store.submissions().node("ghost");
        store.submissions().claim(ofDeadNode);
        store.submissions().node(null);
        return super.createCamelContext();
    }

    @Test
    void a_start_sends_what_was_never_queued_and_refunds_what_was_interrupted() {
        await().atMost(Duration.ofSeconds(30)).until(() -> smsc.received().stream().anyMatch(s -> s.text().equals("left behind")));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> store.queries().find(neverQueued).orElseThrow().getStatus() == Sms.Status.DELIVERED);

        // The recovery runs a second after the start, whether or not the other message has left by then.
        await().atMost(Duration.ofSeconds(30))
                .until(() -> store.queries().find(interrupted).orElseThrow().getStatus() == Sms.Status.FAILED);
        Sms cut = store.queries().find(interrupted).orElseThrow();
        assertThat(cut.getReason()).contains("interrupted");
        assertThat(smsc.received()).noneMatch(s -> s.text().equals("cut short"));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> store.queries().find(ofDeadNode).orElseThrow().getStatus() == Sms.Status.FAILED);
        assertThat(store.queries().find(ofDeadNode).orElseThrow().getReason()).contains("node ghost stopped");
        assertThat(smsc.received()).noneMatch(s -> s.text().equals("ghost's"));
        assertThat(balance(account)).isEqualTo(4);
    }
}
