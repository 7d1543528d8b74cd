package io.colibri.gateway.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.colibri.gateway.TestDatabases;
import io.colibri.gateway.store.Database;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18: a master route (as csv-drop reads its folder) on two nodes sharing one folder and one
 * PostgreSQL schema: only the leader's consumer runs, each file is taken once, and when the
 * leader's session dies the other node takes the next files. PostgreSQL only.
 */
class MasterRouteTest {
    static final Duration CHECK = Duration.ofMillis(500);

    @TempDir
    Path folder;
    Database.Settings settings;
    final List<AutoCloseable> opened = new ArrayList<>();
    /** Each file's name, with the nodes that took it. */
    final Map<String, List<String>> taken = new ConcurrentHashMap<>();

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

    /** A node: its own database pool and lock session, a CamelContext whose route reads the shared folder as master:csv-drop. */
    Node node(String name) throws Exception {
        Database db = Database.open(settings);
        opened.add(db);
        AdvisoryLockLeaders leaders = new AdvisoryLockLeaders(name, db.unpooled(), CHECK);
        CamelContext context = new DefaultCamelContext();
        context.getCamelContextExtension().setName(name);
        // As NodeFlow.wire does: registered before the routes are added.
        context.addService(leaders, true, true);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("master:csv-drop:file:" + folder + "?delay=100&initialDelay=0")
                        .routeId("csv-drop")
                        .process(e -> taken.computeIfAbsent(e.getMessage().getHeader("CamelFileName", String.class),
                                k -> new CopyOnWriteArrayList<>()).add(name));
            }
        });
        context.start();
        opened.add(context::stop);
        return new Node(name, context, leaders);
    }

    /**
     * A lead lost and taken back in the same JVM: camel-master stops and shuts down the route's
     * endpoint, then starts it again. The alerts' Quartz trigger and the start's timer must
     * fire again afterwards (the catch-up runs at each lead taken).
     */
    @Test
    void a_quartz_trigger_and_a_one_shot_timer_run_again_when_their_node_takes_the_lead_back() throws Exception {
        Database db = Database.open(settings);
        opened.add(db);
        AdvisoryLockLeaders leaders = new AdvisoryLockLeaders("alone", db.unpooled(), CHECK);
        CamelContext context = new DefaultCamelContext();
        context.addService(leaders, true, true);
        List<String> fired = new CopyOnWriteArrayList<>();
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("master:balance-alerts:quartz://colibri/balance-alerts?cron=0/1+*+*+*+*+?").routeId("cron").process(e -> fired.add("cron"));
                from("master:balance-alerts:timer:at-start?repeatCount=1&delay=0").routeId("at-start").process(e -> fired.add("at-start"));
            }
        });
        context.start();
        opened.add(context::stop);
        await().atMost(Duration.ofSeconds(15)).until(() -> fired.contains("at-start") && fired.contains("cron"));
        assertThat(fired.stream().filter("at-start"::equals).count()).isEqualTo(1);

        LeadersTest.terminate(leaders.sessionPid());
        await().atMost(Duration.ofSeconds(10)).until(() -> !leaders.isLeader("balance-alerts"));
        await().atMost(Duration.ofSeconds(10)).until(() -> leaders.told("balance-alerts"));
        int before = fired.size();
        // Nobody else: the node takes the lead back at its next check, and both consumers run again.
        await().atMost(Duration.ofSeconds(10)).until(() -> leaders.isLeader("balance-alerts"));
        await().atMost(Duration.ofSeconds(15)).alias("fired " + new Object() {
            @Override
            public String toString() {
                return fired + " (" + before + " before the cut)";
            }
        }).until(() -> fired.stream().filter("at-start"::equals).count() == 2
                && fired.subList(before, fired.size()).contains("cron"));
    }

    record Node(String name, CamelContext context, AdvisoryLockLeaders leaders) {
        boolean leads() {
            return leaders.isLeader("csv-drop");
        }
    }

    void drop(String name) throws Exception {
        Path tmp = folder.resolve("." + name);
        Files.writeString(tmp, "#message: hello\n0612345678\n");
        Files.move(tmp, folder.resolve(name));
    }

    @Test
    void the_leaders_consumer_alone_takes_the_files_and_the_other_node_takes_over_when_the_leader_is_cut() throws Exception {
        Node a = node("a");
        await().atMost(Duration.ofSeconds(10)).until(a::leads);
        Node b = node("b");
        for (int i = 1; i <= 5; i++) {
            drop("f" + i + ".csv");
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> taken.size() == 5);
        // Each file once, by the leader; b's consumer never ran.
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> taken.size() == 5);
        assertThat(taken.values()).allSatisfy(nodes -> assertThat(nodes).containsExactly("a"));
        assertThat(b.leads()).isFalse();

        long cut = System.nanoTime();
        LeadersTest.terminate(a.leaders().sessionPid());
        await().atMost(Duration.ofSeconds(10)).until(() -> b.leads() && !a.leads());
        // a is alive (only its session was cut): its consumer stops once told, a moment later.
        await().atMost(Duration.ofSeconds(10)).until(() -> a.leaders().told("csv-drop"));
        System.out.println("MasterRouteTest: leader's session cut, the other node leads after " + (System.nanoTime() - cut) / 1_000_000 + " ms");

        long dropped = System.nanoTime();
        for (int i = 6; i <= 8; i++) {
            drop("f" + i + ".csv");
        }
        await().atMost(Duration.ofSeconds(15)).until(() -> taken.size() == 8);
        System.out.println("MasterRouteTest: files dropped after the takeover taken by the new leader within "
                + (System.nanoTime() - dropped) / 1_000_000 + " ms (its consumer starts about a second after it leads)");
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> taken.size() == 8);
        for (int i = 6; i <= 8; i++) {
            assertThat(taken.get("f" + i + ".csv")).containsExactly("b");
        }
        assertThat(taken.values()).allSatisfy(nodes -> assertThat(nodes).hasSize(1));

        // b shuts down: a (reconnected) takes the lead back, and the next file.
        long stop = System.nanoTime();
        b.context().stop();
        await().atMost(Duration.ofSeconds(10)).until(a::leads);
        drop("f9.csv");
        await().atMost(Duration.ofSeconds(10)).until(() -> taken.containsKey("f9.csv"));
        System.out.println("MasterRouteTest: leader stopped, a file dropped then taken by the other node "
                + (System.nanoTime() - stop) / 1_000_000 + " ms after the stop");
        assertThat(taken.get("f9.csv")).containsExactly("a");
    }
}
