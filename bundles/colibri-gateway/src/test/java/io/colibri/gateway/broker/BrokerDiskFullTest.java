package io.colibri.gateway.broker;

import io.colibri.gateway.RouteTestSupport;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.colibri.gateway.store.Sms;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.activemq.artemis.core.server.files.FileStoreMonitor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 13, fault suite: the broker's journal disk full. Artemis then blocks every producer (its
 * max-disk-usage, the state a filling disk reaches first). Requests are still recorded and
 * answered 80 (the broker is off the answer's path), wait in the database while the disk is full,
 * and leave once, each, when there is room again.
 */
class BrokerDiskFullTest extends RouteTestSupport {
    private Double normal;

    @AfterEach
    void roomAgain() {
        if (normal != null) {
            FileStoreMonitor monitor = broker.diskMonitor();
            monitor.setMaxUsage(normal);
            monitor.tick();
        }
    }

    @Test
    void while_the_journals_disk_is_full_requests_are_answered_and_wait_then_leave_once_each() throws Exception {
        String account = newAccount(10);
        FileStoreMonitor monitor = broker.diskMonitor();
        normal = monitor.getMaxUsage();
        monitor.setMaxUsage(0);
        monitor.tick();
        await().atMost(Duration.ofSeconds(10)).until(broker::diskFull);

        for (int i = 0; i < 5; i++) {
            assertThat(get(params(account, "061234567" + i, "disque plein " + i))).isEqualTo("80");
        }
        assertThat(balance(account)).isEqualTo(5);
        await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(6)).until(() -> smsc.received().isEmpty());
        assertThat(messages(account)).extracting(Sms::getStatus).containsOnly(Sms.Status.ACCEPTED);

        monitor.setMaxUsage(normal);
        monitor.tick();
        await().atMost(Duration.ofSeconds(10)).until(() -> !broker.diskFull());
        await().atMost(Duration.ofSeconds(90)).until(() -> smsc.received().size() >= 5);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> messages(account).stream().allMatch(m -> m.getStatus() == Sms.Status.DELIVERED));
        Map<String, Integer> atSmsc = new HashMap<>();
        smsc.received().forEach(s -> atSmsc.merge(s.text(), 1, Integer::sum));
        assertThat(atSmsc).hasSize(5).allSatisfy((text, n) -> assertThat(n).as(text).isEqualTo(1));
        assertThat(balance(account)).isEqualTo(5);
    }
}
