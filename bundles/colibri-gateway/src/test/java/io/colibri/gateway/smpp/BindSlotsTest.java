package io.colibri.gateway.smpp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.colibri.domain.SmscCharset;
import io.colibri.gateway.Connector;
import io.colibri.gateway.RouteTestSupport;
import io.colibri.gateway.node.Node;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;

/**
 * Issue 18: a connector the operator lets only one node bind to (binds = 1). While another node,
 * alive, holds the slot, this node does not bind (the SMSC sees no session of it) and its
 * messages wait on the broker's queue; once that node is dead, this one takes the slot within a
 * heartbeat, binds, and the messages leave.
 */
class BindSlotsTest extends RouteTestSupport {

    @Override
    protected List<Connector> connectors() {
        return List.of(new Connector("mobile", "127.0.0.1", smscPort, "itest", "secret", 1, 100, SmscCharset.GSM, List.of(), "", 1),
                connector("landline", "itest-land"));
    }

    @Override
    protected CamelContext createCamelContext() throws Exception {
        // Another node, alive, holds the one slot of "mobile" before this node starts.
        store.database().jdbc(c -> {
            try (var s = c.prepareStatement("insert into node (name, instance, started_at, seen_at) values ('other', 'x', ?, ?)")) {
                OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
                s.setObject(1, now);
                s.setObject(2, now.plusHours(1));
                s.executeUpdate();
            }
            try (var s = c.prepareStatement("insert into smpp_bind_slot (connector, slot, node, taken_at) values ('mobile', 1, 'other', ?)")) {
                s.setObject(1, OffsetDateTime.now(ZoneOffset.UTC));
                return s.executeUpdate();
            }
        });
        return super.createCamelContext();
    }

    @Test
    void a_node_binds_only_with_a_slot_and_takes_a_dead_nodes_slot() throws Exception {
        String account = newAccount(5);
        assertThat(get(params(account, "0612345678", "waits for a slot"))).startsWith("80");
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> smsc.received().isEmpty());
        assertThat(context.getRouteController().getRouteStatus("smpp-outbound-mobile").isStarted()).isFalse();
        assertThat(context.getRouteController().getRouteStatus("smpp-inbound-mobile").isStarted()).isFalse();
        assertThat(context.getRouteController().getRouteStatus("smpp-outbound-landline").isStarted()).isTrue();

        // The other node dies (not heard from since long ago): this one takes its slot and sends.
        store.database().jdbc(c -> {
            try (var s = c.prepareStatement("update node set seen_at = ? where name = 'other'")) {
                s.setObject(1, OffsetDateTime.now(ZoneOffset.UTC).minusHours(1));
                return s.executeUpdate();
            }
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> smsc.received().stream().anyMatch(m -> m.text().equals("waits for a slot")));
        String me = context.getRegistry().lookupByNameAndType("node", Node.class).name();
        String holder = store.database().jdbc(c -> {
            try (var s = c.createStatement(); var r = s.executeQuery("select node from smpp_bind_slot where connector = 'mobile'")) {
                return r.next() ? r.getString(1) : null;
            }
        });
        assertThat(holder).isEqualTo(me);
        assertThat(context.getRegistry().lookupByNameAndType("bindSlots", BindSlots.class).held()).containsEntry("mobile", 1);
    }
}
