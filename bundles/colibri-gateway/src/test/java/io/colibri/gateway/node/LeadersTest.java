package io.colibri.gateway.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.colibri.gateway.TestDatabases;
import io.colibri.gateway.store.Database;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.cluster.CamelClusterView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 18: two nodes' leaders on one PostgreSQL schema (the database opened twice, each node
 * with its own lock session): one leads a namespace, the other takes it within seconds when the
 * leader's session dies (pg_terminate_backend: what a kill -9 looks like to PostgreSQL) or its
 * service stops. PostgreSQL only (COLIBRI_TEST_PG_URL); on H2 a node leads alone.
 */
class LeadersTest {
    static final Duration CHECK = Duration.ofMillis(500);

    Database.Settings settings;
    final List<AutoCloseable> opened = new ArrayList<>();

    @BeforeEach
    void database() {
        Assumptions.assumeTrue(TestDatabases.pgUrl() != null, "COLIBRI_TEST_PG_URL not set");
        settings = TestDatabases.fresh("postgresql");
    }

    @AfterEach
    void cleanUp() throws Exception {
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
        if (settings != null) {
            TestDatabases.drop(settings);
        }
    }

    AdvisoryLockLeaders node(String name) {
        Database db = Database.open(settings);
        opened.add(db);
        AdvisoryLockLeaders leaders = new AdvisoryLockLeaders(name, db.unpooled(), CHECK);
        opened.add(leaders::stop);
        leaders.start();
        return leaders;
    }

    static boolean leads(CamelClusterView view) {
        return view.getLocalMember().isLeader();
    }

    @Test
    void one_node_leads_and_the_other_takes_over_within_seconds_when_its_session_dies_or_its_service_stops() throws Exception {
        AdvisoryLockLeaders a = node("a");
        CamelClusterView aView = a.getView("mail-inbound");
        await().atMost(Duration.ofSeconds(10)).until(() -> leads(aView));
        AdvisoryLockLeaders b = node("b");
        CamelClusterView bView = b.getView("mail-inbound");
        // b tries at each of its checks, and never gets it while a is alive.
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(4)).until(() -> leads(aView) && !leads(bView));

        // a's session dies, as when its JVM is killed: b leads at its next check.
        long cut = System.nanoTime();
        terminate(a.sessionPid());
        await().atMost(Duration.ofSeconds(10)).until(() -> leads(bView));
        long takeover = (System.nanoTime() - cut) / 1_000_000;
        System.out.println("LeadersTest: session of the leader cut, the other node leads after " + takeover + " ms (check every "
                + CHECK.toMillis() + " ms)");
        assertThat(takeover).isLessThan(5000);
        // a finds its connection gone, gives its lead up, reconnects and waits: never two leaders for long.
        await().atMost(Duration.ofSeconds(10)).until(() -> !leads(aView) && a.sessionPid() != 0);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> leads(bView) && !leads(aView));

        // b stops (a node shut down): its session closes and a takes the lead back.
        long stop = System.nanoTime();
        b.stop();
        await().atMost(Duration.ofSeconds(10)).until(() -> leads(aView));
        long back = (System.nanoTime() - stop) / 1_000_000;
        System.out.println("LeadersTest: the leader stopped, the other node leads after " + back + " ms");
        assertThat(back).isLessThan(5000);
    }

    @Test
    void each_namespace_has_its_own_leader_and_a_lost_connection_gives_every_lead_up_at_once() throws Exception {
        AdvisoryLockLeaders a = node("a");
        AdvisoryLockLeaders b = node("b");
        CamelClusterView aDrop = a.getView("csv-drop");
        CamelClusterView aRetention = a.getView("retention");
        await().atMost(Duration.ofSeconds(10)).until(() -> leads(aDrop) && leads(aRetention));
        CamelClusterView bMail = b.getView("mail-inbound");
        CamelClusterView bDrop = b.getView("csv-drop");
        CamelClusterView bRetention = b.getView("retention");
        await().atMost(Duration.ofSeconds(10)).until(() -> leads(bMail));
        CamelClusterView aMail = a.getView("mail-inbound");
        // Two nodes, two leaders: a leads what it asked for first, b the mailbox.
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3))
                .until(() -> leads(aDrop) && leads(aRetention) && !leads(aMail) && leads(bMail) && !leads(bDrop) && !leads(bRetention));

        terminate(a.sessionPid());
        await().atMost(Duration.ofSeconds(10)).until(() -> !leads(aDrop) && !leads(aRetention));
        await().atMost(Duration.ofSeconds(10)).until(() -> leads(bDrop) && leads(bRetention) && leads(bMail));

        // A namespace no route needs any more is unlocked for the others at once.
        b.releaseView(bDrop);
        await().atMost(Duration.ofSeconds(10)).until(() -> leads(aDrop));
        assertThat(leads(aMail)).isFalse();
    }

    @Test
    void schemas_of_one_database_do_not_contend() throws Exception {
        AdvisoryLockLeaders a = node("a");
        Database.Settings mine = settings;
        settings = TestDatabases.fresh("postgresql");
        try {
            AdvisoryLockLeaders other = node("other");
            CamelClusterView aView = a.getView("retention");
            CamelClusterView otherView = other.getView("retention");
            await().atMost(Duration.ofSeconds(10)).until(() -> leads(aView) && leads(otherView));
        } finally {
            for (int i = opened.size() - 1; i >= 2; i--) {
                opened.remove(i).close();
            }
            TestDatabases.drop(settings);
            settings = mine;
        }
    }

    /** What PostgreSQL sees of a node killed: its backend ends, its session's locks go with it. */
    static void terminate(int pid) throws Exception {
        assertThat(pid).isPositive();
        try (Connection c = DriverManager.getConnection(TestDatabases.pgUrl(), pgUser(), "");
             PreparedStatement s = c.prepareStatement("select pg_terminate_backend(?)")) {
            s.setInt(1, pid);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                assertThat(r.getBoolean(1)).isTrue();
            }
        }
    }

    static String pgUser() {
        String u = System.getenv("COLIBRI_TEST_PG_USER");
        return u == null || u.isBlank() ? "postgres" : u;
    }
}
