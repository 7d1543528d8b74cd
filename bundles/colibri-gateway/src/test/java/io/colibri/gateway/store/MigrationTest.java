package io.colibri.gateway.store;

import io.colibri.gateway.TestDatabases;
import static org.assertj.core.api.Assertions.assertThat;

import io.colibri.gateway.store.Database;
import io.colibri.gateway.store.Store;
import java.sql.Connection;
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
}
