package io.colibri.gateway.smppserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.colibri.domain.ConnectorChoice;
import io.colibri.domain.PriceTable;
import io.colibri.domain.SmscCharset;
import io.colibri.domain.SubmitChecks;
import io.colibri.gateway.Configs;
import io.colibri.gateway.TwoNodes;
import io.colibri.gateway.accept.Accept;
import io.colibri.gateway.account.SmppCredentials;
import io.colibri.gateway.store.Store;
import io.colibri.gateway.store.StoreTest;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.smpp.Session;
import org.smpp.TCPIPConnection;
import org.smpp.pdu.BindReceiver;
import org.smpp.pdu.DeliverSM;
import org.smpp.pdu.PDU;

/**
 * Issue 18: an ESME bound as receiver to two nodes' SMPP servers at once gets each event kept for
 * it once, from one node or the other, in order; a node with no receiver of the account bound
 * takes none.
 */
class EsmeEventsNodesTest {
    @Test
    void two_nodes_with_a_receiver_bound_each_deliver_each_event_once_in_order() throws Exception {
        try (TwoNodes nodes = TwoNodes.open()) {
            long account = StoreTest.account(nodes.a, 10);
            SmppCredentials.Made login = nodes.a.smppCredentials().create("a@b.fr", "esme1", new SmppCredentials.Limits(0, 0, 0));
            int n = 700; // pages of 200: the nodes' rounds meet on them
            nodes.a.database().jdbc(c -> {
                try (var s = c.prepareStatement("insert into smpp_event (account_id, kind, source, destination, body, created_at)"
                        + " values (?, 'reply', '33612345678', 'Colibri', ?, ?)")) {
                    for (int i = 0; i < n; i++) {
                        s.setLong(1, account);
                        s.setString(2, "e" + i);
                        s.setObject(3, OffsetDateTime.now());
                        s.addBatch();
                    }
                    s.executeBatch();
                }
                return null;
            });
            SmppServer serverA = server(nodes.a);
            SmppServer serverB = server(nodes.b);
            EsmeEvents onA = new EsmeEvents(nodes.a.database(), nodes.a.smppCredentials(), serverA, 60);
            EsmeEvents onB = new EsmeEvents(nodes.b.database(), nodes.b.smppCredentials(), serverB, 60);
            List<String> received = Collections.synchronizedList(new ArrayList<>());
            AtomicBoolean done = new AtomicBoolean();
            List<Thread> readers = new ArrayList<>();
            List<Session> sessions = new ArrayList<>();
            try {
                // Node b has no receiver of the account yet: it takes nothing.
                assertThat(onB.deliver()).isZero();
                assertThat(TwoNodes.count(nodes.a, "select count(*) from smpp_event")).isEqualTo(n);

                for (SmppServer server : List.of(serverA, serverB)) {
                    Session s = new Session(new TCPIPConnection("127.0.0.1", server.port()));
                    BindReceiver bind = new BindReceiver();
                    bind.setSystemId("esme1");
                    bind.setPassword(login.password());
                    bind.setInterfaceVersion((byte) 0x34);
                    assertThat(s.bind(bind).getCommandStatus()).isZero();
                    sessions.add(s);
                    Thread reader = new Thread(() -> read(s, received, done));
                    reader.start();
                    readers.add(reader);
                }
                await().atMost(Duration.ofSeconds(10)).until(() -> serverA.receiving().contains(account)
                        && serverB.receiving().contains(account));

                List<Integer> sent = TwoNodes.together(onA::deliver, onB::deliver, onA::deliver, onB::deliver);

                assertThat(sent.stream().mapToInt(Integer::intValue).sum()).isEqualTo(n);
                await().atMost(Duration.ofSeconds(10)).until(() -> received.size() >= n);
                List<String> inOrder = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    inOrder.add("e" + i);
                }
                assertThat(received).as("each once, in order").containsExactlyElementsOf(inOrder);
                assertThat(TwoNodes.count(nodes.a, "select count(*) from smpp_event")).isZero();
            } finally {
                done.set(true);
                for (Session s : sessions) {
                    try {
                        s.close();
                    } catch (Exception e) {
                        // gone
                    }
                }
                for (Thread t : readers) {
                    t.join(5000);
                }
                serverA.stop();
                serverB.stop();
            }
        }
    }

    /** The ESME's side: each deliver_sm answered as it comes, its text kept. */
    private static void read(Session s, List<String> received, AtomicBoolean done) {
        while (!done.get()) {
            try {
                PDU p = s.receive(200);
                if (p instanceof DeliverSM d) {
                    received.add(d.getShortMessage());
                    s.respond(d.getResponse());
                }
            } catch (Exception e) {
                if (!done.get()) {
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    private static SmppServer server(Store store) {
        store.smppCredentials().load();
        Accept accept = new Accept(store.database(), store.accounts(), store.recorder(), store.cancellations(), store.queries(),
                store.recentTexts(), store.blacklist(), store.groups(),
                new SubmitChecks.Rules(PriceTable.DEFAULT, Clock.systemUTC(), x -> SmscCharset.GSM),
                List.of(new ConnectorChoice.Candidate("mobile", List.of())));
        SmppServer server = new SmppServer(Configs.of(SmppServerFlow.Config.class, Map.of("port", 0)), store.smppCredentials(),
                store.accounts(), new EsmeSubmits(store.database(), accept, store.accounts()));
        server.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> server.port() > 0);
        return server;
    }
}
