package io.colibri.gateway.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

/**
 * Issue 18, a node alone on its database (H2): it leads every namespace, so each master route
 * runs; and taking the lead never holds up the start of the routes (camel-master's start of a
 * consumer blocks its caller for seconds: 5 s per master route at boot, before the listeners were
 * told on their own threads).
 */
class SoleNodeLeadersTest {
    @Test
    void a_node_alone_runs_every_master_route_and_their_starts_do_not_wait_for_each_other() throws Exception {
        Set<String> fired = ConcurrentHashMap.newKeySet();
        CamelContext context = new DefaultCamelContext();
        try {
            SoleNodeLeaders leaders = new SoleNodeLeaders("alone");
            context.addService(leaders, true, true);
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    for (int i = 1; i <= 6; i++) {
                        String name = "single-" + i;
                        // Two routes in the first namespace, as the alerts' cron and catch-up share theirs.
                        String namespace = i == 2 ? "single-1" : name;
                        from("master:" + namespace + ":timer:" + name + "?repeatCount=1&delay=0").routeId(name).process(e -> fired.add(name));
                    }
                }
            });
            long start = System.nanoTime();
            context.start();
            await().atMost(Duration.ofSeconds(20)).until(() -> fired.size() == 6);
            long all = (System.nanoTime() - start) / 1_000_000;
            System.out.println("SoleNodeLeadersTest: six master routes started and fired within " + all + " ms");
            // One after the other, they took 5 s each.
            assertThat(all).isLessThan(12_000);
            assertThat(leaders.isLeader("single-1")).isTrue();
            assertThat(leaders.isLeader("single-6")).isTrue();
        } finally {
            context.stop();
        }
    }
}
