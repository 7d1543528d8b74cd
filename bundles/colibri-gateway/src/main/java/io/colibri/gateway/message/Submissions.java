package io.colibri.gateway.message;

import io.colibri.gateway.callback.Callbacks;
import io.colibri.gateway.store.Database;
import io.colibri.gateway.store.LedgerEntry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * A message on its way to the SMSC, a batch at a time: claimed (its outbox row taken in one
 * statement, so of two queue entries for one message only one is submitted), then SUBMITTED with
 * the SMSC's id of each part, or FAILED and refunded, or given back (unclaimed) to be tried later.
 * Each step is one transaction for the whole batch.
 */
public final class Submissions {
    /** A claimed message, with what its submit_sm needs. */
    public record Claimed(long id, long accountId, String recipient, String text, String encoding, int parts, String connector,
                          String format, int validityMinutes, java.time.Instant acceptedAt) {
        /** Past its validity: the SMSC would drop it anyway, so the gateway no longer offers it. */
        public boolean expiredAt(java.time.Instant now) {
            return acceptedAt != null && now.isAfter(acceptedAt.plus(java.time.Duration.ofMinutes(validityMinutes)));
        }
    }

    /** A message the SMSC took: the id it gave each part. */
    public record Sent(long id, String connector, List<String> smscIds) {
    }

    /** A message that will not be sent, and why. */
    public record Failure(long id, String reason) {
    }

    private final Database db;
    private final Callbacks callbacks;
    private final Clock clock;

    public Submissions(Database db, Callbacks callbacks, Clock clock) {
        this.db = db;
        this.callbacks = callbacks;
        this.clock = clock;
    }

    private static final String CLAIMED_COLUMNS = "id, account_id, recipient, body, encoding, parts, connector, format, validity_minutes,"
            + " coalesce(send_at, accepted_at)";

    /**
     * Claims the messages that are waiting among these, in one statement on their outbox rows
     * (a narrow table: the message row is written once, when the SMSC's answer is recorded); the
     * others (already taken, sent, failed, cancelled: no outbox row, or a claimed one) are left out.
     */
    public List<Claimed> claim(Collection<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return db.jdbc(c -> {
            String update = "update message_outbox set claimed_at = ? where message_id = any(?) and claimed_at is null";
            String sql = db.postgresql() ? update + " returning message_id" : "select message_id from final table (" + update + ")";
            List<Long> taken = new ArrayList<>(ids.size());
            try (PreparedStatement s = c.prepareStatement(sql)) {
                s.setObject(1, now());
                s.setArray(2, Batches.ids(c, ids));
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        taken.add(r.getLong(1));
                    }
                }
            }
            List<Claimed> claimed = new ArrayList<>(taken.size());
            if (taken.isEmpty()) {
                return claimed;
            }
            try (PreparedStatement s = c.prepareStatement("select " + CLAIMED_COLUMNS + " from message where id = any(?) order by id")) {
                s.setArray(1, Batches.ids(c, taken));
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        claimed.add(new Claimed(r.getLong(1), r.getLong(2), r.getString(3), r.getString(4), r.getString(5), r.getInt(6),
                                r.getString(7), r.getString(8), r.getInt(9), r.getObject(10, OffsetDateTime.class).toInstant()));
                    }
                }
            }
            return claimed;
        });
    }

    /** One message: {@link #claim} for tests and the shell. */
    public java.util.Optional<Claimed> claim(long id) {
        return claim(List.of(id)).stream().findFirst();
    }

    /**
     * Records what the SMSC answered for a batch in one transaction: the parts of the sent ones
     * (SUBMITTED), the failed ones (FAILED and refunded), and the ones to try again (ACCEPTED,
     * still on their queue).
     */
    public void record(List<Sent> sent, List<Failure> failed, List<Long> again) {
        record(sent, failed, again, false);
    }

    /**
     * One message the SMSC took, recorded alone (when its batch could not be): an SMSC id that
     * the SMSC used before on this connector (its counter restarted) is taken from the older
     * submission, which keeps it with {@code ~<its id>} appended, so that receipts from now on
     * match this one.
     */
    public void recordAlone(Sent sent) {
        record(List.of(sent), List.of(), List.of(), true);
    }

    private void record(List<Sent> sent, List<Failure> failed, List<Long> again, boolean retireReusedIds) {
        if (sent.isEmpty() && failed.isEmpty() && again.isEmpty()) {
            return;
        }
        OffsetDateTime now = now();
        List<Callbacks.Change> changes = new ArrayList<>();
        db.jdbc(c -> {
            if (retireReusedIds) {
                retireReused(c, sent);
            }
            submitted(c, sent, now, changes);
            failed(c, failed, now, changes);
            release(c, again);
            List<Long> settled = new ArrayList<>(sent.size() + failed.size());
            sent.forEach(s -> settled.add(s.id()));
            failed.forEach(f -> settled.add(f.id()));
            Outbox.remove(c, settled);
            callbacks.recordAll(c, changes);
            return null;
        });
        callbacks.committed();
    }

    /** Records the SMSC's ids. */
    public void submitted(long id, List<String> smscIds) {
        String connector = db.jdbc(c -> {
            try (PreparedStatement s = c.prepareStatement("select connector from message where id = ?")) {
                s.setLong(1, id);
                try (ResultSet r = s.executeQuery()) {
                    return r.next() ? r.getString(1) : null;
                }
            }
        });
        record(List.of(new Sent(id, connector, smscIds)), List.of(), List.of());
    }

    /** The message will not be sent: FAILED, its credit back (once: a final message stays as it is). */
    public void failed(long id, String reason) {
        record(List.of(), List.of(new Failure(id, reason)), List.of());
    }

    /** A submission attempt failed for a passing reason: the message waits again. */
    public void release(long id) {
        record(List.of(), List.of(), List.of(id));
    }

    private void submitted(Connection c, List<Sent> sent, OffsetDateTime now, List<Callbacks.Change> changes) throws SQLException {
        if (sent.isEmpty()) {
            return;
        }
        List<Long> ids = sent.stream().map(Sent::id).toList();
        java.util.Map<Long, Row> rows = rows(c, ids);
        try (PreparedStatement u = c.prepareStatement(
                "update message set status = 'SUBMITTED', submitted_at = ? where id = ? and status in ('SUBMITTING', 'ACCEPTED')")) {
            for (Sent s : sent) {
                u.setObject(1, now);
                u.setLong(2, s.id());
                u.addBatch();
            }
            int[] counts = u.executeBatch();
            for (int i = 0; i < counts.length; i++) {
                Row row = rows.get(sent.get(i).id());
                if (counts[i] != 0 && row != null) {
                    changes.add(new Callbacks.Change(row.accountId, row.id, row.recipient, "SUBMITTED", null, now.toInstant()));
                    Journal.changed(row.id, row.accountId, row.recipient, "SUBMITTED", "smsc=" + sent.get(i).smscIds());
                }
            }
        }
        try (PreparedStatement p = c.prepareStatement(
                "insert into submission (message_id, connector, smsc_id, status) values (?, ?, ?, 'SUBMITTED')")) {
            for (Sent s : sent) {
                for (String smscId : s.smscIds()) {
                    p.setLong(1, s.id());
                    p.setString(2, s.connector());
                    p.setString(3, smscId);
                    p.addBatch();
                }
            }
            p.executeBatch();
        }
    }

    private static void retireReused(Connection c, List<Sent> sent) throws SQLException {
        try (PreparedStatement u = c.prepareStatement("update submission set smsc_id = substring(smsc_id, 1, 44) || '~' || cast(id as varchar(20))"
                + " where connector = ? and smsc_id = ?")) {
            for (Sent s : sent) {
                for (String smscId : s.smscIds()) {
                    u.setString(1, s.connector());
                    u.setString(2, smscId);
                    u.addBatch();
                }
            }
            u.executeBatch();
        }
    }

    /** Fails (and refunds) the messages that are not final yet, in the caller's transaction. */
    void failed(Connection c, List<Failure> failed, OffsetDateTime now, List<Callbacks.Change> changes) throws SQLException {
        if (failed.isEmpty()) {
            return;
        }
        java.util.Map<Long, Row> rows = rows(c, failed.stream().map(Failure::id).toList());
        List<Ledger.Move> refunds = new ArrayList<>();
        try (PreparedStatement u = c.prepareStatement("update message set status = 'FAILED', reason = ?, done_at = ? where id = ?")) {
            for (Failure f : failed) {
                Row row = rows.get(f.id());
                if (row == null || io.colibri.gateway.store.Message.Status.valueOf(row.status).isFinal()) {
                    continue;
                }
                row.status = "FAILED";
                u.setString(1, shorten(f.reason()));
                u.setObject(2, now);
                u.setLong(3, f.id());
                u.addBatch();
                if (row.credits > 0) {
                    refunds.add(new Ledger.Move(row.accountId, row.credits, LedgerEntry.Kind.REFUND, row.id));
                }
                changes.add(new Callbacks.Change(row.accountId, row.id, row.recipient, "FAILED", f.reason(), now.toInstant()));
                Journal.changed(row.id, row.accountId, row.recipient, "FAILED", "reason=" + f.reason());
            }
            u.executeBatch();
        }
        Ledger.move(c, refunds, now);
    }

    private static void release(Connection c, List<Long> again) throws SQLException {
        if (again.isEmpty()) {
            return;
        }
        try (PreparedStatement u = c.prepareStatement("update message_outbox set claimed_at = null where message_id = ?")) {
            for (long id : again) {
                u.setLong(1, id);
                u.addBatch();
            }
            u.executeBatch();
        }
    }

    /**
     * After a restart: messages claimed before it and still unanswered were interrupted
     * mid-submission and may or may not have reached the SMSC. Rather than risk sending twice,
     * they are failed and refunded.
     */
    public int failInterrupted(OffsetDateTime start) {
        List<Long> ids = db.jdbc(c -> {
            List<Long> found = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("select message_id from message_outbox where claimed_at < ?")) {
                s.setObject(1, start);
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        found.add(r.getLong(1));
                    }
                }
            }
            return found;
        });
        for (int from = 0; from < ids.size(); from += Batches.SIZE) {
            record(List.of(), ids.subList(from, Math.min(ids.size(), from + Batches.SIZE)).stream()
                    .map(id -> new Failure(id, "interrupted while being submitted (gateway restart); may not have been sent")).toList(),
                    List.of());
        }
        return ids.size();
    }

    /** The columns a status change needs, read under the rows' locks. */
    static final class Row {
        final long id;
        final long accountId;
        final String recipient;
        final int credits;
        String status;

        Row(long id, long accountId, String recipient, int credits, String status) {
            this.id = id;
            this.accountId = accountId;
            this.recipient = recipient;
            this.credits = credits;
            this.status = status;
        }
    }

    /** The rows of these messages, locked until the transaction ends, by id. */
    static java.util.Map<Long, Row> rows(Connection c, Collection<Long> ids) throws SQLException {
        java.util.Map<Long, Row> rows = new java.util.LinkedHashMap<>();
        try (PreparedStatement s = c.prepareStatement(
                "select id, account_id, recipient, credits, status from message where id = any(?) order by id for update")) {
            s.setArray(1, Batches.ids(c, ids));
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    rows.put(r.getLong(1), new Row(r.getLong(1), r.getLong(2), r.getString(3), r.getInt(4), r.getString(5)));
                }
            }
        }
        return rows;
    }

    static String shorten(String s) {
        return s == null ? null : s.length() > 200 ? s.substring(0, 200) : s;
    }

    private OffsetDateTime now() {
        return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    }
}
