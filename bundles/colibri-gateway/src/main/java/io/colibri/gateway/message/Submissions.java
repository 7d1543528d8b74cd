package io.colibri.gateway.message;

import io.colibri.domain.Price;
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
 * Each step is one transaction for the whole batch. The parts of a long message leave one by one:
 * those the SMSC took are recorded (a submission row each) whatever becomes of the others, the
 * outbox row counts them, and a message given back sends only the others next time; a message
 * that fails is refunded for the parts that did not leave ({@link Price#refund}).
 */
public final class Submissions {
    /**
     * A claimed message, with what its submit_sm needs; {@code partsSent}: how many of its parts
     * the SMSC took in earlier attempts (those are never submitted again). {@code connector} is the
     * message's own (chosen at acceptance; once a part has left, the one it left by), {@code via}
     * the connector whose route claimed it: another one when the message was handed to a fallback
     * (issue 17).
     */
    public record Claimed(long id, long accountId, String recipient, String text, String encoding, int parts, String connector,
                          String format, int validityMinutes, java.time.Instant acceptedAt, int partsSent, String via) {
        public Claimed(long id, long accountId, String recipient, String text, String encoding, int parts, String connector,
                       String format, int validityMinutes, java.time.Instant acceptedAt, int partsSent) {
            this(id, accountId, recipient, text, encoding, parts, connector, format, validityMinutes, acceptedAt, partsSent, connector);
        }

        /** Past its validity: the SMSC would drop it anyway, so the gateway no longer offers it. */
        public boolean expiredAt(java.time.Instant now) {
            return acceptedAt != null && now.isAfter(acceptedAt.plus(java.time.Duration.ofMinutes(validityMinutes)));
        }
    }

    /**
     * Parts of a message the SMSC took in one attempt, the id it gave each, in order, by this
     * connector (it becomes the message's connector: its receipts come back there);
     * {@code complete} when the last of them was the message's last part (it is then SUBMITTED);
     * {@code step}: what its history keeps of how it got there (a fallback taken), or null.
     */
    public record Sent(long id, String connector, List<String> smscIds, boolean complete, String step) {
        public Sent(long id, String connector, List<String> smscIds, boolean complete) {
            this(id, connector, smscIds, complete, null);
        }

        /** The whole message, taken. */
        public Sent(long id, String connector, List<String> smscIds) {
            this(id, connector, smscIds, true);
        }
    }

    /**
     * A message that will not be sent (any further), and why; {@code partsKept}: how many of its
     * parts left or may have left (paid: the others are refunded; 0 for a whole refund).
     */
    public record Failure(long id, String reason, int partsKept) {
        public Failure(long id, String reason) {
            this(id, reason, 0);
        }
    }

    /**
     * A message given back to be tried later; {@code partsSent}: how many of its parts the SMSC has
     * taken so far; {@code connector}: the connector whose queue it now waits on (its outbox row
     * says so: a crash before the queue send queues it there again), null for the same.
     */
    public record Again(long id, int partsSent, String connector) {
        public Again(long id, int partsSent) {
            this(id, partsSent, null);
        }
    }

    private final Database db;
    private final Callbacks callbacks;
    private final Clock clock;
    /** The node whose claims these are (issue 18; null: a claim by nobody in particular, as before V30). */
    private volatile String node;

    public Submissions(Database db, Callbacks callbacks, Clock clock) {
        this.db = db;
        this.callbacks = callbacks;
        this.clock = clock;
    }

    /**
     * The node the claims made here belong to (set once the node is known, before any route
     * consumes): its start fails only its own earlier claims, and the others fail them if it dies.
     */
    public void node(String name) {
        this.node = name;
    }

    private static final String CLAIMED_COLUMNS = "id, account_id, recipient, body, encoding, parts, connector, format, validity_minutes,"
            + " coalesce(send_at, accepted_at)";

    /**
     * Claims the messages that are waiting among these, in one statement on their outbox rows
     * (a narrow table: the message row is written once, when the SMSC's answer is recorded); the
     * others (already taken, sent, failed, cancelled: no outbox row, or a claimed one) are left out.
     */
    public List<Claimed> claim(Collection<Long> ids) {
        return claim(ids, null);
    }

    /** {@link #claim(Collection)} by the route of connector {@code via} (null: each message's own). */
    public List<Claimed> claim(Collection<Long> ids, String via) {
        if (ids.isEmpty()) {
            return List.of();
        }
        long token = TOKENS.nextLong();
        try {
            return db.jdbc(c -> {
                String update = "update message_outbox set claimed_at = ?, claim_token = ?, claimed_by = ? where message_id = any(?)"
                        + " and claimed_at is null";
                String sql = db.postgresql() ? update + " returning message_id, parts_sent"
                        : "select message_id, parts_sent from final table (" + update + ")";
                try (PreparedStatement s = c.prepareStatement(sql)) {
                    s.setObject(1, now());
                    s.setLong(2, token);
                    s.setString(3, node);
                    s.setArray(4, Batches.ids(c, ids));
                    return claimed(c, s, via);
                }
            });
        } catch (RuntimeException e) {
            // The claim may have been committed with its answer lost (a connection cut during the
            // commit): then its messages are this batch's, and nobody else's. Asked on a new connection.
            List<Claimed> mine;
            try {
                mine = db.askUntil(CLAIM_CHECK, c -> {
                    try (PreparedStatement s = c.prepareStatement(
                            "select message_id, parts_sent from message_outbox where claim_token = ? and message_id = any(?)")) {
                        s.setLong(1, token);
                        s.setArray(2, Batches.ids(c, ids));
                        return claimed(c, s, via);
                    }
                });
            } catch (RuntimeException stillDown) {
                LOG.error("claim of {} message(s) failed ({}) and the database cannot say whether it was made: if it was, they"
                        + " wait for the next start, which fails and refunds them (recovery)", ids.size(), e.toString());
                throw e;
            }
            if (mine.isEmpty()) {
                throw e;
            }
            LOG.warn("claim of {} message(s) failed ({}) yet it was made: {} submitted", ids.size(), e.toString(), mine.size());
            return mine;
        }
    }

    /** How long a claim whose answer was lost is looked for before its batch is given back to the broker. */
    static final java.time.Duration CLAIM_CHECK = java.time.Duration.ofSeconds(30);
    private static final java.security.SecureRandom TOKENS = new java.security.SecureRandom();
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Submissions.class);

    /** The claimed messages among the outbox rows this query returns (message_id, parts_sent). */
    private List<Claimed> claimed(Connection c, PreparedStatement outboxRows, String via) throws SQLException {
        java.util.Map<Long, Integer> partsSent = new java.util.HashMap<>();
        List<Long> taken = new ArrayList<>();
        try (ResultSet r = outboxRows.executeQuery()) {
            while (r.next()) {
                taken.add(r.getLong(1));
                partsSent.put(r.getLong(1), r.getInt(2));
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
                            r.getString(7), r.getString(8), r.getInt(9), r.getObject(10, OffsetDateTime.class).toInstant(),
                            partsSent.getOrDefault(r.getLong(1), 0), via == null ? r.getString(7) : via));
                }
            }
        }
        return claimed;
    }

    /** One message: {@link #claim} for tests and the shell. */
    public java.util.Optional<Claimed> claim(long id) {
        return claim(List.of(id)).stream().findFirst();
    }

    /**
     * Records what the SMSC answered for a batch in one transaction: the parts it took (a
     * submission row each; their message SUBMITTED once its last part is taken), the failed ones
     * (FAILED, refunded for the parts that did not leave), and the ones to try again (ACCEPTED,
     * still on their queue, with the count of their parts taken so far).
     */
    public void record(List<Sent> sent, List<Failure> failed, List<Again> again) {
        record(sent, failed, again, false);
    }

    /**
     * One message's outcome, recorded alone (when its batch could not be): an SMSC id that the
     * SMSC used before on this connector (its counter restarted) is taken from the older
     * submission, which keeps it with {@code ~<its id>} appended, so that receipts from now on
     * match this one.
     */
    public void recordAlone(List<Sent> sent, List<Failure> failed, List<Again> again) {
        record(sent, failed, again, true);
    }

    /** {@link #recordAlone(List, List, List)} of a message the SMSC took whole. */
    public void recordAlone(Sent sent) {
        record(List.of(sent), List.of(), List.of(), true);
    }

    private void record(List<Sent> sent, List<Failure> failed, List<Again> again, boolean retireReusedIds) {
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
            sent.stream().filter(Sent::complete).forEach(s -> settled.add(s.id()));
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

    /** A submission attempt failed for a passing reason before any part left: the message waits again. */
    public void release(long id) {
        record(List.of(), List.of(), List.of(new Again(id, 0)));
    }

    private void submitted(Connection c, List<Sent> sent, OffsetDateTime now, List<Callbacks.Change> changes) throws SQLException {
        if (sent.isEmpty()) {
            return;
        }
        List<Sent> complete = sent.stream().filter(Sent::complete).toList();
        if (!complete.isEmpty()) {
            java.util.Map<Long, Row> rows = rows(c, complete.stream().map(Sent::id).toList());
            try (PreparedStatement u = c.prepareStatement(
                    "update message set status = 'SUBMITTED', submitted_at = ? where id = ? and status in ('SUBMITTING', 'ACCEPTED')")) {
                for (Sent s : complete) {
                    u.setObject(1, now);
                    u.setLong(2, s.id());
                    u.addBatch();
                }
                int[] counts = u.executeBatch();
                for (int i = 0; i < counts.length; i++) {
                    Row row = rows.get(complete.get(i).id());
                    if (counts[i] != 0 && row != null) {
                        changes.add(new Callbacks.Change(row.accountId, row.id, row.recipient, "SUBMITTED", null, now.toInstant()));
                        Sent done = complete.get(i);
                        Journal.changed(row.id, row.accountId, row.recipient, "SUBMITTED", "smsc=" + done.smscIds() + " connector="
                                + done.connector() + (done.step() == null ? "" : " (" + done.step() + ")"));
                    }
                }
            }
        }
        // The connector a part left by is the message's from then on: its receipts and replies come back there,
        // and its other parts follow it (never split between two connectors).
        try (PreparedStatement u = c.prepareStatement("update message set connector = ? where id = ? and connector <> ?")) {
            for (Sent s : sent) {
                u.setString(1, s.connector());
                u.setLong(2, s.id());
                u.setString(3, s.connector());
                u.addBatch();
            }
            u.executeBatch();
        }
        steps(c, sent, now);
        // Every part taken has its row, whatever became of the message's other parts: its receipt matches.
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

    /** What the messages' histories keep besides their times (V28): a fallback taken. */
    private static void steps(Connection c, List<Sent> sent, OffsetDateTime now) throws SQLException {
        if (sent.stream().allMatch(s -> s.step() == null)) {
            return;
        }
        try (PreparedStatement p = c.prepareStatement("insert into message_step (message_id, at, step) values (?, ?, ?)")) {
            for (Sent s : sent) {
                if (s.step() != null) {
                    p.setLong(1, s.id());
                    p.setObject(2, now);
                    p.setString(3, shorten(s.step()));
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

    /**
     * Fails the messages that are not final yet, in the caller's transaction, and refunds the
     * parts of each that did not leave.
     */
    void failed(Connection c, List<Failure> failed, OffsetDateTime now, List<Callbacks.Change> changes) throws SQLException {
        if (failed.isEmpty()) {
            return;
        }
        java.util.Map<Long, Row> rows = rows(c, failed.stream().map(Failure::id).toList());
        List<Ledger.Move> refunds = new ArrayList<>();
        try (PreparedStatement u = c.prepareStatement("update message set status = 'FAILED', reason = ?, done_at = ? where id = ?")) {
            for (Failure f : failed) {
                Row row = rows.get(f.id());
                if (row == null || io.colibri.gateway.store.Sms.Status.valueOf(row.status).isFinal()) {
                    continue;
                }
                row.status = "FAILED";
                u.setString(1, shorten(f.reason()));
                u.setObject(2, now);
                u.setLong(3, f.id());
                u.addBatch();
                int refund = Price.refund(row.credits, row.parts, f.partsKept());
                if (refund > 0) {
                    refunds.add(new Ledger.Move(row.accountId, refund, LedgerEntry.Kind.REFUND, row.id));
                }
                changes.add(new Callbacks.Change(row.accountId, row.id, row.recipient, "FAILED", f.reason(), now.toInstant()));
                Journal.changed(row.id, row.accountId, row.recipient, "FAILED", "reason=" + f.reason()
                        + (f.partsKept() > 0 ? " kept=" + f.partsKept() + "/" + row.parts + " refund=" + refund : ""));
            }
            u.executeBatch();
        }
        Ledger.move(c, refunds, now);
    }

    private static void release(Connection c, List<Again> again) throws SQLException {
        if (again.isEmpty()) {
            return;
        }
        try (PreparedStatement u = c.prepareStatement(
                "update message_outbox set claimed_at = null, claimed_by = null, parts_sent = ?, connector = coalesce(?, connector)"
                        + " where message_id = ?")) {
            for (Again a : again) {
                u.setInt(1, a.partsSent());
                u.setString(2, a.connector());
                u.setLong(3, a.id());
                u.addBatch();
            }
            u.executeBatch();
        }
        for (Again a : again) {
            if (a.connector() != null) {
                Journal.rerouted(a.id(), a.connector());
            }
        }
    }

    /**
     * After a restart: messages this node claimed before it (or that a gateway claimed before
     * claims said by whom, V30) and still unanswered were interrupted mid-submission and may or
     * may not have reached the SMSC. Rather than risk sending twice, they are failed and refunded,
     * but for the parts of a long message recorded as taken by the SMSC in an earlier attempt (a
     * submission row each): those left, and are paid. The claims of the other nodes are theirs:
     * they are live, or {@link #failClaimsOf} settles them once they are dead.
     */
    public int failInterrupted(OffsetDateTime start) {
        String me = node;
        return failClaimed("claimed_at < ? and (claimed_by is null" + (me == null ? "" : " or claimed_by = ?") + ")", s -> {
            s.setObject(1, start);
            if (me != null) {
                s.setString(2, me);
            }
        }, "gateway restart");
    }

    /**
     * The claims of a node that died (not heard from for its deadAfter): interrupted as by a
     * restart, failed and refunded the same way, by whichever live node comes first.
     */
    public int failClaimsOf(String deadNode) {
        return failClaimed("claimed_at is not null and claimed_by = ?", s -> s.setString(1, deadNode), "node " + deadNode + " stopped");
    }

    @FunctionalInterface
    private interface Parameters {
        void set(PreparedStatement s) throws SQLException;
    }

    /**
     * Fails the claimed messages this condition selects, a batch per transaction: their outbox
     * rows are taken with SKIP LOCKED and removed in the transaction that fails them, so that two
     * nodes settling the same claims (a node restarting while another finds it dead) each fail and
     * refund a message once at most, and never wait for each other.
     */
    private int failClaimed(String where, Parameters parameters, String cause) {
        String select = "select message_id, parts_sent from message_outbox where " + where + " order by message_id limit " + Batches.SIZE
                + " for update skip locked";
        int total = 0;
        while (true) {
            OffsetDateTime now = now();
            List<Callbacks.Change> changes = new ArrayList<>();
            int taken = db.jdbc(c -> {
                List<Failure> interrupted = new ArrayList<>();
                try (PreparedStatement s = c.prepareStatement(select)) {
                    parameters.set(s);
                    try (ResultSet r = s.executeQuery()) {
                        while (r.next()) {
                            int sent = r.getInt(2);
                            interrupted.add(new Failure(r.getLong(1), sent == 0
                                    ? "interrupted while being submitted (" + cause + "); may not have been sent"
                                    : "interrupted while being submitted (" + cause + ") after " + sent + " part(s) sent; the others may not have been",
                                    sent));
                        }
                    }
                }
                failed(c, interrupted, now, changes);
                Outbox.remove(c, interrupted.stream().map(Failure::id).toList());
                callbacks.recordAll(c, changes);
                return interrupted.size();
            });
            callbacks.committed();
            total += taken;
            if (taken < Batches.SIZE) {
                return total;
            }
        }
    }

    /** The columns a status change needs, read under the rows' locks. */
    static final class Row {
        final long id;
        final long accountId;
        final String recipient;
        final int credits;
        final int parts;
        String status;

        Row(long id, long accountId, String recipient, int credits, int parts, String status) {
            this.id = id;
            this.accountId = accountId;
            this.recipient = recipient;
            this.credits = credits;
            this.parts = parts;
            this.status = status;
        }
    }

    /** The rows of these messages, locked until the transaction ends, by id. */
    static java.util.Map<Long, Row> rows(Connection c, Collection<Long> ids) throws SQLException {
        java.util.Map<Long, Row> rows = new java.util.LinkedHashMap<>();
        try (PreparedStatement s = c.prepareStatement(
                "select id, account_id, recipient, credits, parts, status from message where id = any(?) order by id for update")) {
            s.setArray(1, Batches.ids(c, ids));
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    rows.put(r.getLong(1), new Row(r.getLong(1), r.getLong(2), r.getString(3), r.getInt(4), r.getInt(5), r.getString(6)));
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
