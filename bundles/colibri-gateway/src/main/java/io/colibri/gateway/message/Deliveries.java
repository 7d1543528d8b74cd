package io.colibri.gateway.message;

import io.colibri.gateway.callback.Callbacks;
import io.colibri.gateway.store.Database;
import io.colibri.gateway.store.Sms;
import io.colibri.gateway.store.Submission;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Delivery receipts applied to parts and messages, a batch in one transaction (SMPP-3): a
 * message is DELIVERED when every part is, UNDELIVERABLE as soon as one part is not, unless it is
 * normal+flash and this was the normal attempt: then it is ACCEPTED again, as flash, for the
 * dispatch route to queue (OPT-2). Receipts that match no part are kept aside.
 */
public final class Deliveries {
    /** A receipt as the SMSC sent it. */
    public record Receipt(String connector, String smscId, String stat, String error) {
    }

    /**
     * What a receipt did: matched a part or not; when it made its message UNDELIVERABLE, the
     * message's account, number and the SMSC's error (OPT-1, bad numbers).
     */
    public record Applied(Receipt receipt, boolean matched, Long accountId, String recipient, String error, Sms.Status became,
                          java.time.Duration sinceSubmitted) {
        /**
         * @param became         DELIVERED or UNDELIVERABLE when the receipt made its message final; else null
         * @param sinceSubmitted from the message's submission to this receipt, when it {@code became} final
         */
        public Applied {
        }

        public Applied(Receipt receipt, boolean matched, Long accountId, String recipient, String error) {
            this(receipt, matched, accountId, recipient, error, null, null);
        }

        public boolean undeliverable() {
            return accountId != null;
        }
    }

    private final Database db;
    private final Callbacks callbacks;
    private final Clock clock;

    public Deliveries(Database db, Callbacks callbacks, Clock clock) {
        this.db = db;
        this.callbacks = callbacks;
        this.clock = clock;
    }

    private static final class Part {
        final long id;
        final long messageId;
        String status;
        String error;
        boolean dirty;

        Part(long id, long messageId, String status) {
            this.id = id;
            this.messageId = messageId;
            this.status = status;
        }
    }

    private static final class Msg {
        final long id;
        final long accountId;
        final String recipient;
        final int parts;
        final String connector;
        final OffsetDateTime submittedAt;
        String status;
        String format;
        String reason;
        boolean dirty;
        boolean again;
        final List<Part> live = new ArrayList<>();

        Msg(long id, long accountId, String recipient, int parts, String status, String format, String connector,
            OffsetDateTime submittedAt) {
            this.submittedAt = submittedAt;
            this.id = id;
            this.accountId = accountId;
            this.recipient = recipient;
            this.parts = parts;
            this.connector = connector;
            this.status = status;
            this.format = format;
        }
    }

    /** Applies the receipts, in order, in the caller's transaction (or one of their own). */
    public List<Applied> apply(List<Receipt> receipts) {
        return db.jdbc(c -> apply(c, receipts));
    }

    private List<Applied> apply(Connection c, List<Receipt> receipts) throws SQLException {
        OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        Map<String, Part> byKey = parts(c, receipts);
        Map<Long, Msg> messages = byKey.isEmpty() ? new LinkedHashMap<>() : messages(c, byKey);
        List<Applied> applied = new ArrayList<>(receipts.size());
        List<Callbacks.Change> changes = new ArrayList<>();
        for (Receipt r : receipts) {
            Part part = byKey.get(r.connector() + "\u0000" + r.smscId());
            applied.add(apply(r, part, part == null ? null : messages.get(part.messageId), changes, now));
        }
        write(c, byKey, messages, now);
        callbacks.recordAll(c, changes);
        return applied;
    }

    /** The parts the receipts are about, by connector and SMSC id. */
    private Map<String, Part> parts(Connection c, List<Receipt> receipts) throws SQLException {
        Map<String, Part> byKey = new HashMap<>();
        Map<String, List<String>> byConnector = new LinkedHashMap<>();
        for (Receipt r : receipts) {
            byConnector.computeIfAbsent(r.connector(), k -> new ArrayList<>()).add(r.smscId());
        }
        // By the (connector, smsc_id) index: H2 uses only its first column for "smsc_id = any(?)", so
        // there the ids are a table joined on both columns (a scan of the connector's parts otherwise).
        try (PreparedStatement s = c.prepareStatement(db.postgresql()
                ? "select s.id, s.message_id, s.smsc_id, s.status from submission s where s.connector = ? and s.smsc_id = any(?)"
                : "select s.id, s.message_id, s.smsc_id, s.status from table(x varchar = ?) t join submission s"
                        + " on s.connector = ? and s.smsc_id = t.x")) {
            for (var e : byConnector.entrySet()) {
                java.sql.Array smscIds = c.createArrayOf("VARCHAR", e.getValue().toArray());
                s.setObject(db.postgresql() ? 1 : 2, e.getKey());
                s.setArray(db.postgresql() ? 2 : 1, smscIds);
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        byKey.put(e.getKey() + "\u0000" + r.getString(3), new Part(r.getLong(1), r.getLong(2), r.getString(4)));
                    }
                }
            }
        }
        return byKey;
    }

    /** The messages of those parts, each with its live parts (all of them, read under a lock, for a message of several). */
    private static Map<Long, Msg> messages(Connection c, Map<String, Part> byKey) throws SQLException {
        Map<Long, Msg> messages = new LinkedHashMap<>();
        List<Long> ids = byKey.values().stream().map(p -> p.messageId).distinct().sorted().toList();
        // No row lock here (H2 writes one): a message of one part that has a receipt was submitted, and
        // from then on only this consumer changes it.
        try (PreparedStatement s = c.prepareStatement("select id, account_id, recipient, parts, status, format, connector, submitted_at"
                + " from message where id = any(?) order by id")) {
            s.setArray(1, Batches.ids(c, ids));
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    messages.put(r.getLong(1), new Msg(r.getLong(1), r.getLong(2), r.getString(3), r.getInt(4), r.getString(5),
                            r.getString(6), r.getString(7), r.getObject(8, OffsetDateTime.class)));
                }
            }
        }
        // A message of one part has no other part to read: the receipt's part is the whole (the usual case).
        java.util.Set<Long> several = new java.util.TreeSet<>();
        for (Part p : byKey.values()) {
            Msg m = messages.get(p.messageId);
            if (m != null && m.parts == 1 && !Submission.SUPERSEDED.equals(p.status)) {
                m.live.add(p);
            } else if (m != null) {
                several.add(m.id);
            }
        }
        if (!several.isEmpty()) {
            several.forEach(id -> messages.get(id).live.clear());
            lockSeveral(c, messages, several, byKey);
        }
        return messages;
    }

    /**
     * Messages of several parts: one may fail at submit while another's receipt comes in, so these
     * rows are locked and read again before anything is decided on them, with all their live parts.
     */
    private static void lockSeveral(Connection c, Map<Long, Msg> messages, java.util.Set<Long> several, Map<String, Part> byKey)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select id, status, format from message where id = any(?) order by id for update")) {
            s.setArray(1, Batches.ids(c, several));
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    Msg m = messages.get(r.getLong(1));
                    m.status = r.getString(2);
                    m.format = r.getString(3);
                }
            }
        }
        Map<Long, Part> partsById = new HashMap<>();
        byKey.values().forEach(p -> partsById.put(p.id, p));
        try (PreparedStatement s = c.prepareStatement("select id, message_id, status from submission where message_id = any(?)"
                + " and status <> '" + Submission.SUPERSEDED + "'")) {
            s.setArray(1, Batches.ids(c, several));
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    long id = r.getLong(1);
                    Part p = partsById.get(id);
                    if (p == null) {
                        p = new Part(id, r.getLong(2), r.getString(3));
                        partsById.put(id, p);
                    }
                    Msg m = messages.get(p.messageId);
                    if (m != null) {
                        m.live.add(p);
                    }
                }
            }
        }
    }

    /** One receipt, on its part and message as read (null when unknown): what changes, in memory, and what is told. */
    private static Applied apply(Receipt r, Part part, Msg m, List<Callbacks.Change> changes, OffsetDateTime now) {
        if (m == null) {
            return new Applied(r, false, null, null, null);
        }
        if (Submission.SUPERSEDED.equals(part.status)) {
            return new Applied(r, true, null, null, null);
        }
        part.status = r.stat();
        part.error = r.error();
        part.dirty = true;
        Sms.Status status = Sms.Status.valueOf(m.status);
        if (status.isFinal() || status == Sms.Status.ACCEPTED) {
            return new Applied(r, true, null, null, null);
        }
        boolean failed = !"DELIVRD".equals(r.stat()) && !"ENROUTE".equals(r.stat()) && !"ACCEPTD".equals(r.stat());
        if (failed) {
            String why = r.stat() + (r.error() == null ? "" : " err:" + r.error());
            if ("NORMAL_FLASH".equals(m.format)) {
                m.format = "FLASH";
                m.status = Sms.Status.ACCEPTED.name();
                m.reason = "normal attempt " + why + ", sent again as flash";
                m.again = true;
                m.dirty = true;
                for (Part p : m.live) {
                    p.status = Submission.SUPERSEDED;
                    p.dirty = true;
                }
                m.live.clear();
                Journal.changed(m.id, m.accountId, m.recipient, "ACCEPTED", "part-receipt=" + r.stat() + " (again, as flash)");
                return new Applied(r, true, null, null, null);
            }
            m.status = Sms.Status.UNDELIVERABLE.name();
            m.reason = why;
            m.dirty = true;
            changes.add(new Callbacks.Change(m.accountId, m.id, m.recipient, m.status, why, now.toInstant()));
            Journal.changed(m.id, m.accountId, m.recipient, m.status, "part-receipt=" + r.stat());
            return new Applied(r, true, m.accountId, m.recipient, r.error() == null ? "" : r.error(), Sms.Status.UNDELIVERABLE,
                    since(m, now));
        }
        if (m.live.size() >= m.parts && m.live.stream().allMatch(p -> "DELIVRD".equals(p.status))) {
            m.status = Sms.Status.DELIVERED.name();
            m.dirty = true;
            changes.add(new Callbacks.Change(m.accountId, m.id, m.recipient, m.status, null, now.toInstant()));
            Journal.changed(m.id, m.accountId, m.recipient, m.status, null);
            return new Applied(r, true, null, null, null, Sms.Status.DELIVERED, since(m, now));
        }
        return new Applied(r, true, null, null, null);
    }

    /** From the message's submission to now (null when it has no submission time). */
    private static java.time.Duration since(Msg m, OffsetDateTime now) {
        return m.submittedAt == null ? null : java.time.Duration.between(m.submittedAt, now);
    }

    private static void write(Connection c, Map<String, Part> parts, Map<Long, Msg> messages, OffsetDateTime now) throws SQLException {
        try (PreparedStatement u = c.prepareStatement("update submission set status = ?, error = ?, done_at = ? where id = ?")) {
            boolean any = false;
            for (Msg m : messages.values()) {
                for (Part p : m.live) {
                    any |= addPart(u, p, now);
                }
            }
            for (Part p : parts.values()) {
                any |= addPart(u, p, now);
            }
            if (any) {
                u.executeBatch();
            }
        }
        try (PreparedStatement done = c.prepareStatement("update message set status = ?, reason = ?, done_at = ? where id = ?");
             PreparedStatement again = c.prepareStatement("update message set status = 'ACCEPTED', format = ?, reason = ?,"
                     + " submitted_at = null where id = ?")) {
            boolean anyDone = false;
            boolean anyAgain = false;
            for (Msg m : messages.values()) {
                if (!m.dirty) {
                    continue;
                }
                if (m.again) {
                    again.setString(1, m.format);
                    again.setString(2, m.reason);
                    again.setLong(3, m.id);
                    again.addBatch();
                    anyAgain = true;
                } else {
                    done.setString(1, m.status);
                    done.setString(2, m.reason);
                    done.setObject(3, now);
                    done.setLong(4, m.id);
                    done.addBatch();
                    anyDone = true;
                }
            }
            if (anyDone) {
                done.executeBatch();
            }
            if (anyAgain) {
                again.executeBatch();
                // To the dispatch route, to be queued again as flash.
                List<Outbox.Entry> entries = new ArrayList<>();
                for (Msg m : messages.values()) {
                    if (m.dirty && m.again) {
                        entries.add(new Outbox.Entry(m.id, m.connector));
                    }
                }
                Outbox.add(c, entries);
            }
        }
    }

    private static boolean addPart(PreparedStatement u, Part p, OffsetDateTime now) throws SQLException {
        if (!p.dirty) {
            return false;
        }
        p.dirty = false;
        u.setString(1, p.status);
        u.setString(2, p.error);
        u.setObject(3, now);
        u.setLong(4, p.id);
        u.addBatch();
        return true;
    }

    /** The caller committed the transaction of {@link #apply}: the callbacks it wrote may go now. */
    public void committed() {
        callbacks.committed();
    }

    /** Receipts that matched no part even after waiting: kept (V12) and logged, never silently dropped. */
    public void keepUnmatched(List<Receipt> receipts) {
        if (receipts.isEmpty()) {
            return;
        }
        long total = db.jdbc(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "insert into unmatched_receipt (connector, smsc_id, stat, received_at) values (?, ?, ?, ?)")) {
                for (Receipt r : receipts) {
                    s.setString(1, r.connector());
                    s.setString(2, r.smscId());
                    s.setString(3, r.stat());
                    s.setObject(4, OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC));
                    s.addBatch();
                }
                s.executeBatch();
            }
            return count(c);
        });
        for (Receipt r : receipts) {
            Journal.LOG.warn("receipt for unknown smsc id {} on connector {} (stat {}) kept aside, {} unmatched so far", r.smscId(),
                    r.connector(), r.stat(), total);
        }
    }

    /** Receipts kept aside because they matched no part. */
    public long unmatched() {
        return db.jdbc(Deliveries::count);
    }

    private static long count(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select count(*) from unmatched_receipt"); ResultSet r = s.executeQuery()) {
            r.next();
            return r.getLong(1);
        }
    }
}
