package io.colibri.gateway.mail;

import io.colibri.domain.MailReplies;
import java.time.Duration;
import io.colibri.gateway.store.Database;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.hibernate.Session;

/**
 * MAIL-10's later mails: the messages a mail asked for are watched (V8 {@code mail_watch}) until
 * the sender is told that the send is finished (how many sent, how many failed) and, when the
 * account wants it, that each message reached the phone. Bean of the {@code mail-watch} route.
 */
public final class MailWatch {
    private static final int BATCH = 500;
    /** The longest validity period (OPT-3): after it, no receipt will say delivered. */
    private static final Duration RECEIPTS_AWAITED = Duration.ofHours(72);

    /** A mail to send: to whom, and what. */
    public record Outgoing(String to, String subject, String body) {
        static Outgoing of(String to, MailReplies.Reply r) {
            return new Outgoing(to, r.subject(), r.body());
        }
    }

    private final Database db;
    private final ZoneId zone;

    public MailWatch(Database db, ZoneId zone) {
        this.db = db;
        this.zone = zone;
    }

    /**
     * Watches these messages for the sender, in the caller's transaction.
     *
     * @param refused recipients refused at once, counted as failed in the final count
     */
    public void open(long accountId, String replyTo, String subject, boolean tellFinished, boolean tellDelivered, int refused,
                     List<Long> messageIds) {
        if (messageIds.isEmpty() || !tellFinished && !tellDelivered) {
            return;
        }
        db.tx(em -> em.unwrap(Session.class).doReturningWork(c -> {
            long id;
            try (PreparedStatement w = c.prepareStatement("insert into mail_watch (account_id, reply_to, subject, tell_finished,"
                    + " tell_delivered, refused, created_at) values (?, ?, ?, ?, ?, ?, ?)", new String[] {"id"})) {
                w.setLong(1, accountId);
                w.setString(2, replyTo);
                w.setString(3, subject.length() > 200 ? subject.substring(0, 200) : subject);
                w.setBoolean(4, tellFinished);
                w.setBoolean(5, tellDelivered);
                w.setInt(6, refused);
                w.setObject(7, OffsetDateTime.now());
                w.executeUpdate();
                try (ResultSet keys = w.getGeneratedKeys()) {
                    keys.next();
                    id = keys.getLong(1);
                }
            }
            try (PreparedStatement m = c.prepareStatement(
                    "insert into mail_watch_message (message_id, watch_id, delivered_told) values (?, ?, false)")) {
                int n = 0;
                for (long messageId : messageIds) {
                    m.setLong(1, messageId);
                    m.setLong(2, id);
                    m.addBatch();
                    if (++n % BATCH == 0) {
                        m.executeBatch();
                    }
                }
                m.executeBatch();
            }
            return id;
        }));
    }

    /**
     * The mails now due: one per message newly delivered (when asked for), and one per watch
     * whose messages are all done (when asked for). Each is marked told in the same transaction,
     * by an update that changes the row only if it is not told yet: so it is written once, even
     * when two nodes run the round at the same time.
     */
    public List<Outgoing> due() {
        return db.tx(em -> em.unwrap(Session.class).doReturningWork(c -> {
            List<Outgoing> out = new ArrayList<>();
            List<Outgoing> delivered = new ArrayList<>();
            List<long[]> told = new ArrayList<>();
            try (PreparedStatement q = c.prepareStatement("select w.reply_to, w.subject, m.recipient, m.done_at, m.id"
                    + " from mail_watch w join mail_watch_message wm on wm.watch_id = w.id join message m on m.id = wm.message_id"
                    + " where w.tell_delivered and w.finished_at is null and not wm.delivered_told and m.status = 'DELIVERED'"
                    + " order by m.id"); // two rounds at once update in the same order: one waits, neither deadlocks
                 ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    OffsetDateTime at = r.getObject(4, OffsetDateTime.class);
                    String number = r.getString(3);
                    delivered.add(Outgoing.of(r.getString(1), MailReplies.delivered(r.getString(2), number,
                            at == null ? Instant.now() : at.toInstant(), zone)));
                    told.add(new long[] {r.getLong(5)});
                }
            }
            // Told by whoever marks it: another node's round may have read the same rows, and only
            // the update that changes a row (the other waits for its commit, then finds it told) tells.
            try (PreparedStatement u = c.prepareStatement("update mail_watch_message set delivered_told = true where message_id = ?"
                    + " and not delivered_told")) {
                for (long[] t : told) {
                    u.setLong(1, t[0]);
                    u.addBatch();
                }
                int[] counts = u.executeBatch();
                for (int i = 0; i < counts.length; i++) {
                    if (counts[i] != 0) {
                        out.add(delivered.get(i));
                    }
                }
            }
            List<Long> finished = new ArrayList<>();
            List<Outgoing> finishing = new ArrayList<>();
            try (PreparedStatement q = c.prepareStatement("select w.id, w.reply_to, w.subject, w.tell_finished, w.refused,"
                    + " sum(case when m.status in ('SCHEDULED', 'ACCEPTED', 'SUBMITTING') then 1 else 0 end),"
                    + " sum(case when m.status in ('SUBMITTED', 'DELIVERED') then 1 else 0 end),"
                    + " sum(case when m.status in ('UNDELIVERABLE', 'FAILED') then 1 else 0 end),"
                    + " sum(case when m.status = 'SUBMITTED' then 1 else 0 end), w.tell_delivered, w.created_at"
                    + " from mail_watch w join mail_watch_message wm on wm.watch_id = w.id join message m on m.id = wm.message_id"
                    + " where w.finished_at is null"
                    + " group by w.id, w.reply_to, w.subject, w.tell_finished, w.refused, w.tell_delivered, w.created_at order by w.id");
                 ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    boolean tellFinished = r.getBoolean(4);
                    long pending = r.getLong(6);
                    // A watch that tells deliveries waits for the receipts too, as long as an SMS may still arrive.
                    boolean waitingReceipts = r.getBoolean(10) && r.getLong(9) > 0
                            && r.getObject(11, OffsetDateTime.class).toInstant().isAfter(Instant.now().minus(RECEIPTS_AWAITED));
                    boolean open = pending > 0 || waitingReceipts;
                    if (open) {
                        continue;
                    }
                    finishing.add(tellFinished ? Outgoing.of(r.getString(2), MailReplies.finished(r.getString(3), (int) r.getLong(7),
                            (int) r.getLong(8) + r.getInt(5))) : null);
                    finished.add(r.getLong(1));
                }
            }
            // Likewise: the finished mail is written by the round whose update closes the watch.
            try (PreparedStatement u = c.prepareStatement("update mail_watch set finished_at = ? where id = ? and finished_at is null")) {
                for (long id : finished) {
                    u.setObject(1, OffsetDateTime.now());
                    u.setLong(2, id);
                    u.addBatch();
                }
                int[] counts = u.executeBatch();
                for (int i = 0; i < counts.length; i++) {
                    if (counts[i] != 0 && finishing.get(i) != null) {
                        out.add(finishing.get(i));
                    }
                }
            }
            return out;
        }));
    }
}
