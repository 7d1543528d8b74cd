package io.colibri.gateway.message;

import io.colibri.domain.PhoneNumber;
import io.colibri.gateway.callback.Callbacks;
import io.colibri.gateway.store.Database;
import io.colibri.gateway.store.LedgerEntry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** Messages that will not leave after all: cancelled by their sender (HTTP-2) or by a STOP (OPT-14), refunded. */
public final class Cancellations {
    private final Database db;
    private final Callbacks callbacks;
    private final Clock clock;

    public Cancellations(Database db, Callbacks callbacks, Clock clock) {
        this.db = db;
        this.callbacks = callbacks;
        this.clock = clock;
    }

    /**
     * HTTP-2: cancels the account's scheduled message to this number for this minute, refunding it.
     *
     * @return false when there is none (never registered, already left, already cancelled)
     */
    public boolean cancel(long accountId, PhoneNumber to, Instant at) {
        OffsetDateTime from = OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
        return cancel("select id from message where account_id = ? and recipient = ? and status = 'SCHEDULED'"
                + " and send_at >= ? and send_at < ? for update", "cancelled by the sender", accountId, to.e164(), from, from.plusMinutes(1)) > 0;
    }

    /**
     * The API's {@code DELETE /messages/{id}}: cancels this scheduled message of the account, refunding it.
     *
     * @return false when the account has no such message waiting for its time (never sent, already left, cancelled, another's)
     */
    public boolean cancel(long accountId, long messageId) {
        return cancel("select id from message where account_id = ? and id = ? and status = 'SCHEDULED' for update",
                "cancelled by the sender", accountId, messageId) > 0;
    }

    /**
     * OPT-14: every message of the account to this number that has not left yet (waiting for its
     * time, or for its connector) is cancelled and refunded. A message already being submitted goes.
     *
     * @return how many were cancelled
     */
    public int cancelPending(long accountId, PhoneNumber to, String reason) {
        return cancel("select id from message where account_id = ? and recipient = ? and status in ('SCHEDULED', 'ACCEPTED')"
                + " for update", reason, accountId, to.e164());
    }

    private int cancel(String select, String reason, Object... params) {
        OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        int cancelled = db.jdbc(c -> {
            List<Long> ids = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement(select)) {
                for (int i = 0; i < params.length; i++) {
                    s.setObject(1 + i, params[i]);
                }
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        ids.add(r.getLong(1));
                    }
                }
            }
            if (ids.isEmpty()) {
                return 0;
            }
            var rows = Submissions.rows(c, ids);
            java.util.Map<Long, Integer> partsSent = partsSent(c, ids);
            List<Ledger.Move> refunds = new ArrayList<>();
            List<Callbacks.Change> changes = new ArrayList<>();
            try (PreparedStatement u = c.prepareStatement("update message set status = 'CANCELLED', reason = ?, done_at = ? where id = ?")) {
                for (Submissions.Row row : rows.values()) {
                    u.setString(1, reason);
                    u.setObject(2, now);
                    u.setLong(3, row.id);
                    u.addBatch();
                    // A long message whose first parts left before a part was refused for now: those are paid.
                    int refund = io.colibri.domain.Price.refund(row.credits, row.parts, partsSent.getOrDefault(row.id, 0));
                    if (refund > 0) {
                        refunds.add(new Ledger.Move(row.accountId, refund, LedgerEntry.Kind.REFUND, row.id));
                    }
                    changes.add(new Callbacks.Change(row.accountId, row.id, row.recipient, "CANCELLED", reason, now.toInstant()));
                    Journal.changed(row.id, row.accountId, row.recipient, "CANCELLED", "reason=" + reason);
                }
                u.executeBatch();
            }
            Ledger.move(c, refunds, now);
            Outbox.remove(c, rows.keySet());
            Outbox.removeLater(c, rows.keySet());
            callbacks.recordAll(c, changes);
            return rows.size();
        });
        callbacks.committed();
        return cancelled;
    }

    /** The messages among these of which the SMSC took some parts already (a long message waiting to send the others). */
    private static java.util.Map<Long, Integer> partsSent(Connection c, List<Long> ids) throws SQLException {
        java.util.Map<Long, Integer> sent = new java.util.HashMap<>();
        try (PreparedStatement s = c.prepareStatement("select message_id, parts_sent from message_outbox where message_id = any(?) and parts_sent > 0")) {
            s.setArray(1, Batches.ids(c, ids));
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    sent.put(r.getLong(1), r.getInt(2));
                }
            }
        }
        return sent;
    }

}
