package io.colibri.gateway.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.colibri.gateway.TestDatabases;
import io.colibri.gateway.store.Database;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Issue 18: nodes sharing a database see each other alive, then dead when one stops beating. */
class NodeTest {
    static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");

    static List<String> databases() {
        return TestDatabases.kinds();
    }

    @ParameterizedTest
    @MethodSource("databases")
    void a_node_that_stops_beating_is_dead_to_the_others_and_a_restart_takes_its_row_back(String kind) {
        Database.Settings settings = TestDatabases.fresh(kind);
        try (Database db = Database.open(settings)) {
            Duration deadAfter = Duration.ofSeconds(15);
            Node a = new Node("a", db, Clock.fixed(T0, ZoneOffset.UTC), deadAfter);
            Node b = new Node("b", db, Clock.fixed(T0.plusSeconds(5), ZoneOffset.UTC), deadAfter);
            a.beat();
            b.beat();
            assertThat(b.alive()).containsExactly("a", "b");
            assertThat(b.dead()).isEmpty();

            Node bLater = new Node("b", db, Clock.fixed(T0.plusSeconds(16), ZoneOffset.UTC), deadAfter);
            assertThat(bLater.dead()).containsExactly("a");
            assertThat(bLater.alive()).containsExactly("b");

            // a restarts under its own name: one row, its new run, alive again.
            Node aAgain = new Node("a", db, Clock.fixed(T0.plusSeconds(17), ZoneOffset.UTC), deadAfter);
            aAgain.beat();
            assertThat(bLater.dead()).isEmpty();
            String row = db.jdbc(c -> {
                try (var s = c.createStatement(); var r = s.executeQuery("select count(*), max(instance) from node where name = 'a'")) {
                    r.next();
                    return r.getInt(1) + " " + r.getString(2);
                }
            });
            assertThat(row).isEqualTo("1 " + aAgain.instance());
            assertThat(aAgain.instance()).isNotEqualTo(a.instance());
        } finally {
            TestDatabases.drop(settings);
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void a_blank_name_is_the_host_name_and_a_name_that_is_no_plain_word_of_64_characters_is_refused(String kind) {
        Database.Settings settings = TestDatabases.fresh(kind);
        try (Database db = Database.open(settings)) {
            assertThat(new Node(" ", db, Clock.systemUTC(), Duration.ofSeconds(15)).name()).isEqualTo(Node.hostName()).isNotBlank();
            assertThatThrownBy(() -> new Node("n".repeat(65), db, Clock.systemUTC(), Duration.ofSeconds(15)))
                    .hasMessageContaining("1 to 64 letters");
            assertThatThrownBy(() -> new Node("node 1", db, Clock.systemUTC(), Duration.ofSeconds(15))).hasMessageContaining("node 1");
        } finally {
            TestDatabases.drop(settings);
        }
    }
}
