package io.colibri.gateway.accept;

import io.colibri.domain.ContactRows;
import java.io.IOException;
import java.util.function.Consumer;

/**
 * A send file of the drop folder (CSV-2), for the accept flow: its text and optional date (the
 * file's {@code #message:} and {@code #diff:} lines), its rows, and where to report each refused
 * row. The rows are read twice (checked, then recorded), so a file of any size is never held.
 *
 * @param contentHash SHA-256 of the file's bytes: the same file dropped again is a duplicate
 */
public record FileRequest(long accountId, String name, String contentHash, String text, String diff, Rows rows, Refusals refusals) {
    /** The file's rows, read afresh, in the same order, at each call. */
    @FunctionalInterface
    public interface Rows {
        void each(Consumer<ContactRows.Row> row) throws IOException;
    }

    /** Where a refused row is told: its line in the file and why, as the report says it. */
    @FunctionalInterface
    public interface Refusals {
        void row(long line, String reason);
    }
}
