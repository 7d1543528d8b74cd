package io.colibri.gateway.message;

import io.colibri.gateway.store.LedgerEntry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Credit moves (ACC-3) in the caller's JDBC transaction: each move is a ledger entry, and the
 * account row's balance moves with it under the row's lock, once per account however many
 * entries a batch writes, so the balance always equals the ledger's sum.
 */
public final class Ledger {
    private Ledger() {
    }

    /** One entry: a debit (negative) or a refund (positive) for a message. */
    public record Move(long accountId, int credits, LedgerEntry.Kind kind, long messageId) {
    }

    /**
     * Locks the accounts' rows until the transaction ends, in id order (two batches never wait on
     * each other in a circle), and returns their balances.
     */
    public static Map<Long, Long> lock(Connection c, Collection<Long> accountIds) throws SQLException {
        Map<Long, Long> balances = new TreeMap<>();
        try (PreparedStatement s = c.prepareStatement("select balance from account where id = ? for update")) {
            for (long id : new TreeSet<>(accountIds)) {
                s.setLong(1, id);
                try (ResultSet r = s.executeQuery()) {
                    if (!r.next()) {
                        throw new IllegalStateException("no account " + id);
                    }
                    balances.put(id, r.getLong(1));
                }
            }
        }
        return balances;
    }

    /**
     * Writes the entries and moves each account's balance by their sum, under the rows' locks
     * (taken here if the caller has not taken them).
     */
    public static void move(Connection c, List<Move> moves, OffsetDateTime at) throws SQLException {
        if (moves.isEmpty()) {
            return;
        }
        Map<Long, Long> sums = new TreeMap<>();
        for (Move m : moves) {
            sums.merge(m.accountId(), (long) m.credits(), Long::sum);
        }
        Map<Long, Long> balances = lock(c, sums.keySet());
        entries(c, moves, at);
        try (PreparedStatement u = c.prepareStatement("update account set balance = ? where id = ?")) {
            for (var e : sums.entrySet()) {
                if (e.getValue() != 0) {
                    u.setLong(1, balances.get(e.getKey()) + e.getValue());
                    u.setLong(2, e.getKey());
                    u.addBatch();
                }
            }
            u.executeBatch();
        }
    }

    /** Writes the entries alone: the caller moves the balances (it locked the rows and knows them). */
    static void entries(Connection c, List<Move> moves, OffsetDateTime at) throws SQLException {
        try (PreparedStatement l = c.prepareStatement(
                "insert into ledger_entry (account_id, credits, kind, reference, created_at) values (?, ?, ?, ?, ?)")) {
            int pending = 0;
            for (Move m : moves) {
                l.setLong(1, m.accountId());
                l.setInt(2, m.credits());
                l.setString(3, m.kind().name());
                l.setString(4, "message:" + m.messageId());
                l.setObject(5, at);
                l.addBatch();
                if (++pending == Batches.SIZE) {
                    l.executeBatch();
                    pending = 0;
                }
            }
            if (pending > 0) {
                l.executeBatch();
            }
        }
    }
}
