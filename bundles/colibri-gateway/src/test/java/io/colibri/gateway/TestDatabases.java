package io.colibri.gateway;

import io.colibri.gateway.store.Database;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The databases tests run on: H2 always; PostgreSQL too when COLIBRI_TEST_PG_URL (or the system
 * property colibri.test.pg.url) names one. Each test database is fresh: a new H2 in memory, or a
 * new PostgreSQL schema dropped by {@link #drop}.
 */
public final class TestDatabases {
    private TestDatabases() {
    }

    public static String pgUrl() {
        String url = System.getProperty("colibri.test.pg.url");
        if (url == null || url.isBlank() || url.startsWith("${")) {
            url = System.getenv("COLIBRI_TEST_PG_URL");
        }
        return url == null || url.isBlank() ? null : url.trim();
    }

    /** Names for parameterised tests: "h2", and "postgresql" when configured. */
    public static List<String> kinds() {
        List<String> kinds = new ArrayList<>(List.of("h2"));
        if (pgUrl() != null) {
            kinds.add("postgresql");
        }
        return kinds;
    }

    public static Database.Settings fresh(String kind) {
        if ("h2".equals(kind)) {
            return new Database.Settings("jdbc:h2:mem:t" + UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1",
                    "sa", "", 8);
        }
        String schema = "colibri_t" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String base = pgUrl();
        try (Connection c = DriverManager.getConnection(base, user(), ""); Statement s = c.createStatement()) {
            s.execute("create schema " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL named by COLIBRI_TEST_PG_URL is unreachable: " + base, e);
        }
        String sep = base.contains("?") ? "&" : "?";
        return new Database.Settings(base + sep + "currentSchema=" + schema, user(), "", 8);
    }

    public static void drop(Database.Settings settings) {
        int at = settings.url().indexOf("currentSchema=");
        if (!settings.url().startsWith("jdbc:postgresql:") || at < 0) {
            return;
        }
        String schema = settings.url().substring(at + "currentSchema=".length());
        try (Connection c = DriverManager.getConnection(pgUrl(), user(), ""); Statement s = c.createStatement()) {
            s.execute("drop schema " + schema + " cascade");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String user() {
        String u = System.getenv("COLIBRI_TEST_PG_USER");
        return u == null || u.isBlank() ? "postgres" : u;
    }
}
