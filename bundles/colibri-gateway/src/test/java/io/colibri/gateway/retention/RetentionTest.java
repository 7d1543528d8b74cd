package io.colibri.gateway.retention;

import static org.assertj.core.api.Assertions.assertThat;

import io.colibri.gateway.TestDatabases;
import io.colibri.gateway.store.Database;
import io.colibri.gateway.store.Store;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Issue 13, point 14: what is kept only for a while is purged, on H2 and PostgreSQL; nothing else. */
class RetentionTest {
    static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

    static List<String> databases() {
        return TestDatabases.kinds();
    }

    @ParameterizedTest
    @MethodSource("databases")
    void rows_past_their_time_are_purged_in_batches_and_nothing_else(String kind) throws Exception {
        Database.Settings settings = TestDatabases.fresh(kind);
        try (Store store = new Store(Database.open(settings), 1000)) {
            Database db = store.database();
            store.accounts().create("a@b.fr");
            long account = store.accounts().require("a@b.fr").id();
            int old = Retention.BATCH + 7;
            String key = "insert into request_key (request_key, account_id, kind, legacy_code, created_at)"
                    + " values (?, " + account + ", 'REQUEST', 80, ?)";
            insert(db, key, old, 31, "old-");
            insert(db, key, 3, 29, "new-");
            insert(db, "insert into reply (source_key, account_id, connector, sender, body, kind, received_at)"
                    + " values (?, " + account + ", 'mobile', '+33612345678', 'Oui', 'OTHER', ?)", 2, 366, "r-old-");
            insert(db, "insert into reply (source_key, account_id, connector, sender, body, kind, received_at)"
                    + " values (?, " + account + ", 'mobile', '+33612345678', 'Oui', 'OTHER', ?)", 1, 300, "r-new-");
            insert(db, "insert into unmatched_receipt (connector, smsc_id, stat, received_at) values ('mobile', ?, 'DELIVRD', ?)", 2, 40, "u-");
            // Callback events: told 8 days ago (purged), told yesterday (kept), never told though old (kept).
            String event = "insert into callback_event (account_id, ordering_key, body, created_at, attempts, next_at)"
                    + " values (" + account + ", ?, '{}', ?, 0, current_timestamp)";
            insert(db, event, 2, 8, "told-old-");
            insert(db, event, 1, 1, "told-new-");
            insert(db, event, 1, 30, "pending-");
            db.jdbc(c -> {
                try (var s = c.createStatement()) {
                    return s.executeUpdate("update callback_event set done_at = created_at where ordering_key like 'told-%'");
                }
            });

            // Console sessions and reset links: purged once past their time, the live ones kept.
            new io.colibri.gateway.account.Sessions(db, Clock.fixed(NOW.minus(1, ChronoUnit.DAYS), ZoneOffset.UTC), java.time.Duration.ofHours(8))
                    .openForAccount(account);
            new io.colibri.gateway.account.Sessions(db, Clock.fixed(NOW, ZoneOffset.UTC), java.time.Duration.ofHours(8)).openForAccount(account);
            new io.colibri.gateway.account.PasswordResets(db, Clock.fixed(NOW.minus(2, ChronoUnit.HOURS), ZoneOffset.UTC),
                    java.time.Duration.ofHours(1)).issue(account);
            new io.colibri.gateway.account.PasswordResets(db, Clock.fixed(NOW, ZoneOffset.UTC), java.time.Duration.ofHours(1)).issue(account);
            Retention retention = new Retention(db, Retention.Settings.DEFAULTS, Clock.fixed(NOW, ZoneOffset.UTC));
            Map<String, Integer> purged = retention.purge();

            assertThat(purged).containsEntry("request_key", old).containsEntry("reply", 2).containsEntry("unmatched_receipt", 2)
                    .containsEntry("callback_event", 2).containsEntry("console_session", 1).containsEntry("password_reset", 1);
            assertThat(count(db, "select count(*) from console_session")).isEqualTo(1);
            assertThat(count(db, "select count(*) from password_reset")).isEqualTo(1);
            assertThat(count(db, "select count(*) from request_key")).isEqualTo(3);
            assertThat(count(db, "select count(*) from request_key where request_key like 'old-%'")).isZero();
            assertThat(count(db, "select count(*) from reply")).isEqualTo(1);
            assertThat(count(db, "select count(*) from unmatched_receipt")).isZero();
            assertThat(count(db, "select count(*) from callback_event")).isEqualTo(2);
            assertThat(count(db, "select count(*) from callback_event where done_at is null")).isEqualTo(1);
            assertThat(retention.purge().values()).containsOnly(0);

            Retention forever = new Retention(db, new Retention.Settings(0, 0, 0, 0, 60), Clock.fixed(NOW.plus(3650, ChronoUnit.DAYS),
                    ZoneOffset.UTC));
            assertThat(forever.purge()).containsEntry("request_key", 0).containsEntry("reply", 0).containsEntry("callback_event", 0);
            assertThat(count(db, "select count(*) from request_key")).isEqualTo(3);
        } finally {
            TestDatabases.drop(settings);
        }
    }

    /** n rows, each dated that many days before NOW (the callback events' done_at aside). */
    private static void insert(Database db, String sql, int n, int daysAgo, String prefix) {
        db.jdbc(c -> {
            try (PreparedStatement s = c.prepareStatement(sql)) {
                for (int i = 0; i < n; i++) {
                    s.setString(1, prefix + i);
                    s.setObject(2, OffsetDateTime.ofInstant(NOW.minus(daysAgo, ChronoUnit.DAYS), ZoneOffset.UTC));
                    s.addBatch();
                }
                s.executeBatch();
            }
            return null;
        });
    }

    private static long count(Database db, String sql) {
        return db.jdbc(c -> {
            try (var s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
                r.next();
                return r.getLong(1);
            }
        });
    }
}
