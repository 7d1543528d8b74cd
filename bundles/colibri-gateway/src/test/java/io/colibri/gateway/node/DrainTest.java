package io.colibri.gateway.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.colibri.domain.PhoneNumber;
import io.colibri.gateway.RouteTestSupport;
import io.colibri.gateway.TestDrafts;
import io.colibri.gateway.store.Sms;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Issue 18: a node drained before it is stopped takes no new work (its HTTP port closes, its
 * timers stop, recorded messages are left to the other nodes), keeps its metrics and heartbeat,
 * says it is draining, and takes work again when resumed.
 */
class DrainTest extends RouteTestSupport {

    @Test
    void a_drained_node_takes_no_new_work_and_a_resumed_one_takes_it_again() throws Exception {
        String account = newAccount(10);
        assertThat(get(params(account, "0612345678", "before"))).startsWith("80");
        await().atMost(Duration.ofSeconds(30)).until(() -> smsc.received().stream().anyMatch(s -> s.text().equals("before")));

        Drain drain = context.getRegistry().lookupByNameAndType("drain", Drain.class);
        Drain.Report report = drain.drain(Duration.ofSeconds(10));
        assertThat(report.done()).as("%s", report).isTrue();
        assertThat(report.claims()).isZero();
        assertThat(report.inputs()).contains("http-legacy", "dispatch-timer", "schedules");
        assertThat(report.consumers()).anyMatch(id -> id.startsWith("smpp-outbound"));
        assertThat(portOpen(httpPort)).isFalse();
        assertThat(context.getRouteController().getRouteStatus("node-heartbeat").isStarted()).isTrue();
        assertThat(metrics()).contains("colibri_node_draining 1").contains("colibri_node_info{node=\"");
        String name = context.getRegistry().lookupByNameAndType("node", Node.class).name();
        assertThat(store.database().<Boolean>jdbc(c -> {
            try (var s = c.prepareStatement("select draining from node where name = ?")) {
                s.setString(1, name);
                try (var r = s.executeQuery()) {
                    return r.next() && r.getBoolean(1);
                }
            }
        })).isTrue();

        // Recorded while the node drains (by another node, say): this node does not send it.
        long id = store.accounts().require(account.split(" ")[0]).id();
        long left = TestDrafts.accept(store, id, PhoneNumber.parse("0612345679").orElseThrow(), "while drained", 1).orElseThrow();
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                .until(() -> smsc.received().stream().noneMatch(s -> s.text().equals("while drained")));

        assertThat(drain.resume()).contains("http-legacy");
        awaitHttpListening();
        assertThat(metrics()).contains("colibri_node_draining 0");
        await().atMost(Duration.ofSeconds(30)).until(() -> store.queries().find(left).orElseThrow().getStatus() == Sms.Status.DELIVERED);
        assertThat(get(params(account, "0612345678", "after"))).startsWith("80");
        await().atMost(Duration.ofSeconds(30)).until(() -> smsc.received().stream().anyMatch(s -> s.text().equals("after")));
    }

    private String metrics() throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsPort + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }
}
