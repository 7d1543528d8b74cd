package io.colibri.gateway.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.colibri.domain.PhoneNumber;
import io.colibri.gateway.TestDatabases;
import io.colibri.gateway.store.Changes;
import io.colibri.gateway.store.Database;
import io.colibri.gateway.store.Store;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Issue 18 without PostgreSQL: how a notification is read, and H2 (one node) telling and hearing nothing. */
class ChangesOnOneNodeTest {

    @Test
    void a_notification_reaches_the_handlers_of_its_kind_but_never_its_own_sender() {
        Changes changes = Changes.none();
        List<String> heard = new ArrayList<>();
        int[] lost = {0};
        changes.on(Changes.OPTIONS, heard::add);
        changes.onLost(() -> lost[0]++);

        changes.received("0badcafe options:42");
        changes.received(changes.sender() + " options:43"); // our own: the cache was updated at the change
        changes.received("0badcafe newer-kind:1"); // a newer node's: ignored
        changes.received("no-kind-at-all");
        assertThat(heard).containsExactly("42");
        assertThat(lost[0]).isZero();

        // A handler that cannot apply a change: every cache drops what it holds.
        changes.on(Changes.CALLBACK, id -> {
            throw new NumberFormatException(id);
        });
        changes.received("0badcafe callback:x");
        assertThat(lost[0]).isEqualTo(1);
    }

    @Test
    void on_h2_nothing_is_told_and_no_listener_runs() {
        Database.Settings settings = TestDatabases.fresh("h2");
        try (Store store = new Store(Database.open(settings), 1000)) {
            assertThat(store.changes().enabled()).isFalse();
            assertThat(store.changes().channel()).isNull();
            // Changes are made as before (no pg_notify statement on H2).
            store.accounts().create("h2@example.com");
            long id = store.accounts().require("h2@example.com").id();
            store.accounts().setOption("h2@example.com", "long-sms", "on");
            store.blacklist().add(id, PhoneNumber.parse("0612345678").orElseThrow(), "console");
            assertThat(store.accounts().options(id).longSms()).isTrue();

            ChangeListener listener = new ChangeListener(store.database(), store.changes(), 5000);
            listener.start();
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(1)).until(() -> !listener.listening() && listener.drops() == 0);
            listener.stop();
        }
    }
}
