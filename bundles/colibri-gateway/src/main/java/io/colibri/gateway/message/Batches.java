package io.colibri.gateway.message;

import java.sql.Array;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;

/** What the JDBC batches of the message package share. */
final class Batches {
    /** Rows per JDBC batch. */
    static final int SIZE = 500;

    private Batches() {
    }

    /** Ids as an SQL array, for {@code id = any(?)}: one statement text whatever the count (H2 and PostgreSQL). */
    static Array ids(Connection c, Collection<Long> ids) throws SQLException {
        return c.createArrayOf("BIGINT", ids.toArray());
    }
}
