package io.colibri.gateway.message;

import io.colibri.domain.PhoneNumber;
import io.colibri.gateway.store.Database;
import io.colibri.gateway.store.Sms;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/** What is asked of the messages without changing them: the shell, the reply matching, the duplicate guard. */
public final class Queries {
    /** The duplicate guard's window (OPT-6). */
    public static final Duration DUPLICATE_WINDOW = Duration.ofHours(24);

    private final Database db;

    public Queries(Database db) {
        this.db = db;
    }

    public Optional<Sms> find(long id) {
        return db.tx(em -> Optional.ofNullable(em.find(Sms.class, id)));
    }

    /** The account's latest messages, newest first. */
    public List<Sms> latest(long accountId, int limit) {
        return db.tx(em -> em.createQuery("select m from Sms m where m.accountId = :a order by m.id desc", Sms.class)
                .setParameter("a", accountId).setMaxResults(limit).getResultList());
    }

    /**
     * The account's messages counted by status: rows of (status, count, latest done time or null),
     * for the shell (and the bench, which polls it until every receipt is recorded).
     */
    public List<Object[]> countByStatus(long accountId) {
        return db.tx(em -> em.createQuery(
                        "select m.status, count(m), max(m.doneAt) from Sms m where m.accountId = :a group by m.status order by m.status",
                        Object[].class)
                .setParameter("a", accountId).getResultList());
    }

    /**
     * SMPP-3: the account that last wrote to this number since {@code since}, and that message:
     * {accountId, messageId}.
     */
    public Optional<long[]> lastWriter(String e164, OffsetDateTime since) {
        // Only a message that has left (or is leaving) can be answered: one waiting for its time,
        // refused, failed or cancelled never reached the phone, and must not take its replies (a STOP).
        return db.tx(em -> em.createQuery("select m.accountId, m.id from Sms m where m.recipient = :r and m.acceptedAt >= :since"
                        + " and m.status in ('SUBMITTING', 'SUBMITTED', 'DELIVERED')"
                        + " order by m.acceptedAt desc, m.id desc", Object[].class)
                .setParameter("r", e164).setParameter("since", since).setMaxResults(1).getResultStream().findFirst()
                .map(row -> new long[] {((Number) row[0]).longValue(), ((Number) row[1]).longValue()}));
    }

    /** OPT-6 asked of the database alone (test mode, a group's members): the same text to the number in 24 hours. */
    public boolean sentWithin24h(long accountId, PhoneNumber to, String text, Instant now) {
        return db.jdbc(c -> {
            try (PreparedStatement s = c.prepareStatement("select 1 from message where account_id = ? and recipient = ? and body_hash = ?"
                    + " and accepted_at > ? and body = ? and status <> 'FAILED' and status <> 'CANCELLED' limit 1")) {
                s.setLong(1, accountId);
                s.setString(2, to.e164());
                s.setLong(3, Sms.hash(text));
                s.setObject(4, OffsetDateTime.ofInstant(now.minus(DUPLICATE_WINDOW), ZoneOffset.UTC));
                s.setString(5, text);
                try (ResultSet r = s.executeQuery()) {
                    return r.next();
                }
            }
        });
    }

    /** The loader of {@link RecentTexts}: the account's live messages since then. */
    public void recentKeys(long accountId, Instant since, RecentTexts.KeySink sink) {
        db.jdbc(c -> {
            try (PreparedStatement s = c.prepareStatement("select recipient, body_hash, accepted_at from message where account_id = ?"
                    + " and accepted_at > ? and status <> 'FAILED' and status <> 'CANCELLED' and body_hash is not null")) {
                s.setLong(1, accountId);
                s.setObject(2, OffsetDateTime.ofInstant(since, ZoneOffset.UTC));
                s.setFetchSize(1000);
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        sink.key(r.getString(1), r.getLong(2), r.getObject(3, OffsetDateTime.class).toInstant().toEpochMilli());
                    }
                }
            }
            return null;
        });
    }
}
