package io.colibri.gateway.store;

import io.colibri.gateway.TestDatabases;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.colibri.domain.Code;
import io.colibri.gateway.store.Database;
import io.colibri.gateway.store.RequestKey;
import io.colibri.gateway.store.RequestKey.Kind;
import io.colibri.gateway.store.RequestKey.Outcome;
import io.colibri.gateway.store.Store;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** A database made by an earlier version is brought up to date without losing credit. */
class MigrationTest {

    static List<String> databases() {
        return TestDatabases.kinds();
    }

    @ParameterizedTest
    @MethodSource("databases")
    void the_account_balance_added_by_v2_is_the_sum_of_the_existing_ledger(String kind) throws Exception {
        Database.Settings settings = TestDatabases.fresh(kind);
        try {
            Flyway v1 = Flyway.configure().dataSource(settings.url(), settings.user(), settings.password())
                    .locations("classpath:db/migration").target("1").load();
            v1.migrate();
            try (Connection c = v1.getConfiguration().getDataSource().getConnection(); Statement s = c.createStatement()) {
                s.execute("insert into account (email, password_hash, created_at) values ('old@b.fr', 'x', current_timestamp)");
                s.execute("insert into account (email, password_hash, created_at) values ('empty@b.fr', 'x', current_timestamp)");
                s.execute("insert into ledger_entry (account_id, credits, kind, created_at) "
                        + "select id, 10, 'TOP_UP', current_timestamp from account where email = 'old@b.fr'");
                s.execute("insert into ledger_entry (account_id, credits, kind, created_at) "
                        + "select id, -3, 'DEBIT', current_timestamp from account where email = 'old@b.fr'");
                if (!c.getAutoCommit()) {
                    c.commit();
                }
            }
            try (Store store = new Store(Database.open(settings), 1000)) {
                assertThat(store.accounts().require("old@b.fr").balance()).isEqualTo(7);
                assertThat(store.accounts().require("empty@b.fr").balance()).isZero();
            }
        } finally {
            TestDatabases.drop(settings);
        }
    }

    /**
     * Issue 14: V18 gives each meaning of request_key.code its own column. Every key shape ever
     * written is converted, the pre-namespace ones (a mail's bare Message-ID, its recipients
     * {@code <id>#<n>}) included, and code is gone.
     */
    @ParameterizedTest
    @MethodSource("databases")
    void v18_splits_the_request_key_code_into_kind_legacy_code_and_outcome(String kind) throws Exception {
        Database.Settings settings = TestDatabases.fresh(kind);
        String mail = "mail:" + "ab".repeat(32);
        String asideMail = "mail:" + "cd".repeat(32);
        try {
            Flyway v17 = Flyway.configure().dataSource(settings.url(), settings.user(), settings.password())
                    .locations("classpath:db/migration").target("17").load();
            v17.migrate();
            try (Connection c = v17.getConfiguration().getDataSource().getConnection(); Statement s = c.createStatement()) {
                s.execute("insert into account (email, password_hash, created_at) values ('old@b.fr', 'x', current_timestamp)");
                String[][] rows = {
                    {mail, "0"}, {mail + "#1", "80"}, {mail + "#2", "84"}, {asideMail, "1"},
                    {"reply:5:stop", "0"}, {"reply:6:rule", "83"}, {"reply:6:forward", "80"}, {"alert:1:2026-12-01", "80"},
                    {"<old@client.example>", "1"}, {"<old@client.example>#1", "91"}, {"sha256:" + "ef".repeat(32), "0"},
                };
                for (String[] r : rows) {
                    s.execute("insert into request_key (request_key, account_id, code, created_at) select '" + r[0] + "', id, "
                            + r[1] + ", current_timestamp from account where email = 'old@b.fr'");
                }
                if (!c.getAutoCommit()) {
                    c.commit();
                }
            }
            try (Store store = new Store(Database.open(settings), 1000)) {
                Database db = store.database();
                long account = store.accounts().require("old@b.fr").id();
                assertKey(db, mail, account, Kind.MAIL, null, Outcome.DONE);
                assertKey(db, mail + "#1", account, Kind.REQUEST, Code.ACCEPTED, null);
                assertKey(db, mail + "#2", account, Kind.REQUEST, Code.INVALID_NUMBER, null);
                assertKey(db, asideMail, account, Kind.MAIL, null, Outcome.SET_ASIDE);
                assertKey(db, "reply:5:stop", account, Kind.STOP, null, Outcome.DONE);
                assertKey(db, "reply:6:rule", account, Kind.REQUEST, Code.NOT_ENOUGH_CREDIT, null);
                assertKey(db, "reply:6:forward", account, Kind.REQUEST, Code.ACCEPTED, null);
                assertKey(db, "alert:1:2026-12-01", account, Kind.REQUEST, Code.ACCEPTED, null);
                assertKey(db, "<old@client.example>", account, Kind.MAIL, null, Outcome.SET_ASIDE);
                assertKey(db, "<old@client.example>#1", account, Kind.REQUEST, Code.DUPLICATE, null);
                assertKey(db, "sha256:" + "ef".repeat(32), account, Kind.MAIL, null, Outcome.DONE);
                assertThatThrownBy(() -> update(db, "update request_key set code = 0")).as("code is dropped")
                        .hasCauseInstanceOf(SQLException.class);
                // One meaning per column, held by the database too: a mail with a legacy code is refused.
                String mailWithACode = "insert into request_key (request_key, account_id, kind, legacy_code, outcome, created_at)"
                        + " values ('mail:x', " + account + ", 'MAIL', 80, 'DONE', current_timestamp)";
                assertThatThrownBy(() -> update(db, mailWithACode)).hasCauseInstanceOf(SQLException.class);
            }
        } finally {
            TestDatabases.drop(settings);
        }
    }

    private static int update(Database db, String sql) {
        return db.jdbc(c -> {
            try (Statement s = c.createStatement()) {
                return s.executeUpdate(sql);
            }
        });
    }

    private static void assertKey(Database db, String key, long account, Kind kind, Code legacyCode, Outcome outcome) {
        RequestKey k = db.tx(em -> em.find(RequestKey.class, key));
        assertThat(k).as(key).isNotNull();
        assertThat(k.getAccountId()).as(key).isEqualTo(account);
        assertThat(k.getKind()).as(key).isEqualTo(kind);
        assertThat(k.getLegacyCode()).as(key).isEqualTo(legacyCode);
        assertThat(k.getOutcome()).as(key).isEqualTo(outcome);
    }
}
