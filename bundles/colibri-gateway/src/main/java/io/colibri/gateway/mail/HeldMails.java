package io.colibri.gateway.mail;

import io.colibri.domain.PasswordLockout;
import io.colibri.gateway.store.Database;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mails held while their sender or account is blocked after too many wrong passwords (issue 13,
 * point 11): kept in the database as the mailbox gave them, and given back to the mail route once
 * the block is over ({@code mail-held} route), where they are read as if they had just arrived.
 * A held mail is taken off the table in the transaction that records what it asked for, so it is
 * read once. At most {@code maxHeldMails} per account and {@value #MAX_BYTES} bytes each: beyond,
 * a mail is filed with the failed ones (kept, not read).
 */
public final class HeldMails {
    private static final Logger LOG = LoggerFactory.getLogger(HeldMails.class);
    /** The largest mail held (what the decoder reads of a mail is far less). */
    static final int MAX_BYTES = 2 * 1024 * 1024;
    /** Attempts at a released mail that keeps failing (not an outage) before it is saved aside. */
    static final int ATTEMPTS = 3;
    /** Released mails given to the route per round. */
    private static final int ROUND = 50;

    /** One held mail, as the route carries it while it is read again. */
    public record Held(long id, long accountId, String sender, Instant receivedAt, int attempts) {
        @Override
        public String toString() {
            return "held mail " + id + " from " + sender;
        }
    }

    private final Database db;
    private final PasswordLockout lockout;
    private final int maxPerAccount;
    private final Path failedDir;
    private final Clock clock;
    private final Session session = Session.getInstance(new Properties());

    /** This node's name, and how long a held mail it takes is its own (then another node may take it). */
    private final String node;
    private final java.time.Duration taken;

    public HeldMails(Database db, PasswordLockout lockout, int maxPerAccount, Path failedDir, Clock clock) {
        this(db, lockout, maxPerAccount, failedDir, clock, "colibri", java.time.Duration.ofMinutes(1));
    }

    public HeldMails(Database db, PasswordLockout lockout, int maxPerAccount, Path failedDir, Clock clock, String node,
                     java.time.Duration taken) {
        this.node = node;
        this.taken = taken;
        this.db = db;
        this.lockout = lockout;
        this.maxPerAccount = maxPerAccount;
        this.failedDir = failedDir;
        this.clock = clock;
    }

    /** Keeps the mail until its block is over; false when the account's share is full or the mail too large (not held). */
    boolean hold(long accountId, String sender, Instant receivedAt, jakarta.mail.Message message) throws IOException, MessagingException {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        message.writeTo(new LimitedStream(raw));
        if (raw.size() > MAX_BYTES) {
            return false;
        }
        return db.jdbc(c -> {
            try (PreparedStatement count = c.prepareStatement("select count(*) from held_mail where account_id = ?")) {
                count.setLong(1, accountId);
                try (ResultSet r = count.executeQuery()) {
                    r.next();
                    if (r.getLong(1) >= maxPerAccount) {
                        return false;
                    }
                }
            }
            try (PreparedStatement s = c.prepareStatement(
                    "insert into held_mail (account_id, sender, received_at, held_at, raw) values (?, ?, ?, ?, ?)")) {
                s.setLong(1, accountId);
                s.setString(2, sender.length() > 320 ? sender.substring(0, 320) : sender);
                s.setObject(3, OffsetDateTime.ofInstant(receivedAt, ZoneOffset.UTC));
                s.setObject(4, OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC));
                s.setBytes(5, raw.toByteArray());
                s.executeUpdate();
            }
            return true;
        });
    }

    /** The held mails whose sender and account are no longer blocked, oldest first. */
    public List<Held> due() {
        Instant now = clock.instant();
        List<Held> all = db.jdbc(c -> {
            List<Held> held = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement(
                    "select id, account_id, sender, received_at, attempts from held_mail order by id")) {
                s.setMaxRows(10_000);
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        held.add(new Held(r.getLong(1), r.getLong(2), r.getString(3), r.getObject(4, OffsetDateTime.class).toInstant(),
                                r.getInt(5)));
                    }
                }
            }
            return held;
        });
        List<Held> due = new ArrayList<>();
        for (Held h : all) {
            if (due.size() < ROUND && !lockout.blocked(h.sender(), h.accountId(), now)) {
                due.add(h);
            }
        }
        return take(due, now);
    }

    /**
     * The mails of these this node takes for a while: those nobody took, or whose taker let the
     * time pass, or its own. One update each, whose row count decides: of two nodes' rounds, one
     * reads a mail again (the request keys would make its sends count once anyway, not its replies).
     */
    private List<Held> take(List<Held> due, Instant now) {
        if (due.isEmpty()) {
            return due;
        }
        return db.jdbc(c -> {
            List<Held> mine = new ArrayList<>();
            try (PreparedStatement u = c.prepareStatement("update held_mail set taken_by = ?, taken_until = ? where id = ?"
                    + " and (taken_until is null or taken_until < ? or taken_by = ?)")) {
                for (Held h : due) {
                    u.setString(1, node);
                    u.setObject(2, OffsetDateTime.ofInstant(now.plus(taken), ZoneOffset.UTC));
                    u.setLong(3, h.id());
                    u.setObject(4, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
                    u.setString(5, node);
                    if (u.executeUpdate() > 0) {
                        mine.add(h);
                    }
                }
            }
            return mine;
        });
    }

    /** The mail as the mailbox gave it. */
    public MimeMessage message(Held held) {
        byte[] raw = db.jdbc(c -> {
            try (PreparedStatement s = c.prepareStatement("select raw from held_mail where id = ?")) {
                s.setLong(1, held.id());
                try (ResultSet r = s.executeQuery()) {
                    return r.next() ? r.getBytes(1) : null;
                }
            }
        });
        if (raw == null) {
            throw new IllegalStateException(held + " is no longer held");
        }
        try {
            return new MimeMessage(session, new ByteArrayInputStream(raw));
        } catch (MessagingException e) {
            throw new IllegalStateException(held + " cannot be read back: " + e.getMessage(), e);
        }
    }

    /** Read: no longer held (joins the transaction that records what it asked for). */
    void release(long id) {
        db.jdbc(c -> {
            try (PreparedStatement s = c.prepareStatement("delete from held_mail where id = ?")) {
                s.setLong(1, id);
                s.executeUpdate();
            }
            return null;
        });
    }

    /**
     * Reading a released mail failed: it stays held for the next round, unless it has failed
     * {@value #ATTEMPTS} times for a reason other than an outage; then it is saved in the failed
     * directory and no longer held.
     */
    public void failed(Held held, Exception cause) throws IOException {
        if (MailInbound.outage(cause)) {
            LOG.warn("{} not read, the database or the broker is unreachable: kept for the next round", held);
            return;
        }
        if (held.attempts() + 1 < ATTEMPTS) {
            LOG.warn("{} not read ({}), attempt {} of {}: kept for the next round", held, cause, held.attempts() + 1, ATTEMPTS);
            db.jdbc(c -> {
                try (PreparedStatement s = c.prepareStatement("update held_mail set attempts = attempts + 1 where id = ?")) {
                    s.setLong(1, held.id());
                    s.executeUpdate();
                }
                return null;
            });
            return;
        }
        Files.createDirectories(failedDir);
        Path file = failedDir.resolve("held-" + held.id() + ".eml");
        try (java.io.OutputStream out = Files.newOutputStream(file)) {
            message(held).writeTo(out);
        } catch (MessagingException e) {
            throw new IOException(e);
        }
        release(held.id());
        LOG.error("{} not read after {} attempts ({}): saved as {}", held, ATTEMPTS, cause, file);
    }

    /** Stops copying once the mail is known to be too large to hold. */
    private static final class LimitedStream extends java.io.FilterOutputStream {
        private long written;

        LimitedStream(ByteArrayOutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            if (++written <= MAX_BYTES + 1L) {
                out.write(b);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            long room = MAX_BYTES + 1L - written;
            written += len;
            if (room > 0) {
                out.write(b, off, (int) Math.min(room, len));
            }
        }
    }
}
