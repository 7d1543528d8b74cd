package io.colibri.gateway.message;

import io.colibri.domain.PartCount;
import io.colibri.domain.PhoneNumber;
import io.colibri.gateway.store.Account;
import io.colibri.gateway.callback.Callbacks;
import io.colibri.gateway.store.Database;
import io.colibri.gateway.store.LedgerEntry;
import io.colibri.gateway.store.Message;
import io.colibri.gateway.store.Submission;
import jakarta.persistence.LockModeType;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Messages from acceptance to final status. Every change of status is one transaction, and
 * credit moves in the same transaction as the message it pays for.
 */
public final class Messages {
    /** HTTP-6: each status change the customer sees is an event for the account's callback URL. */
    private final Callbacks callbacks;
    private static final Logger LOG = LoggerFactory.getLogger("io.colibri.messages");

    /** What the SMPP route needs to submit a message. */
    public record Outbound(long id, String recipient, String text, String encoding, int parts, String connector,
                           String format, int validityMinutes) {
    }

    private final Database db;

    public Messages(Database db, Callbacks callbacks) {
        this.db = db;
        this.callbacks = callbacks;
    }

    /** What is recorded for one accepted recipient. */
    public record Draft(long accountId, PhoneNumber to, String text, PartCount parts, int credits, String connector,
                        Instant sendAt, String format, int validityMinutes, boolean duplicateGuard) {
    }

    /** The outcome of {@link #accept}: a message id, or why nothing was recorded. */
    public record Accepted(Long id, boolean noCredit, boolean duplicate) {
        static Accepted of(long id) {
            return new Accepted(id, false, false);
        }
    }

    /** The duplicate guard's window (OPT-6). */
    public static final Duration DUPLICATE_WINDOW = Duration.ofHours(24);

    /**
     * Debits the account and records the message, in one transaction. The account row is locked
     * first, so two concurrent sends can never both spend the last credit (ACC-3), nor both pass
     * the duplicate guard with the same text to the same number.
     */
    public Accepted accept(Draft d) {
        return db.tx(em -> {
            Account account = em.find(Account.class, d.accountId(), LockModeType.PESSIMISTIC_WRITE);
            if (account.getBalance() < d.credits()) {
                return new Accepted(null, true, false);
            }
            OffsetDateTime now = OffsetDateTime.now();
            if (d.duplicateGuard() && recent(em, d.accountId(), d.to().e164(), d.text(), now)) {
                return new Accepted(null, false, true);
            }
            OffsetDateTime sendAt = d.sendAt() == null ? null : OffsetDateTime.ofInstant(d.sendAt(), ZoneOffset.UTC);
            Message m = new Message(d.accountId(), d.to().e164(), d.text(), d.parts().encoding().name(), d.parts().parts(),
                    d.credits(), d.connector(), now, sendAt, d.format(), d.validityMinutes());
            em.persist(m);
            em.flush();
            em.persist(account.move(-d.credits(), LedgerEntry.Kind.DEBIT, "message:" + m.getId(), now));
            LOG.info("message={} account={} to={} parts={} credits={} connector={} status={}{}",
                    m.getId(), d.accountId(), d.to().masked(), d.parts().parts(), d.credits(), d.connector(), m.getStatus(),
                    sendAt == null ? "" : " sendAt=" + sendAt);
            return Accepted.of(m.getId());
        });
    }

    /**
     * One member of a bulk send (HTTP-3): sent at {@code sendAt} (the schedule route queues it when
     * due, so a bulk of thousands is recorded at once and leaves as fast as its connector takes it),
     * or recorded FAILED with the {@code refusal} a single send to it would have got.
     */
    public record BulkDraft(PhoneNumber to, String text, PartCount parts, int credits, String connector, Instant sendAt,
                            String refusal) {
    }

    /**
     * Records a bulk send in one transaction: the account row locked, the whole price checked
     * against the balance, then one message and one debit per member sent to, inserted in JDBC
     * batches (a 10 000-member group is a few batched statements, not 20 000 round trips).
     *
     * @return the ids of the messages to send, or empty when the credit does not cover them all
     */
    public Optional<List<Long>> acceptBulk(long accountId, List<BulkDraft> drafts, String format, int validityMinutes) {
        long start = System.nanoTime();
        return db.tx(em -> {
            Account account = em.find(Account.class, accountId, LockModeType.PESSIMISTIC_WRITE);
            long total = drafts.stream().filter(d -> d.refusal() == null).mapToLong(BulkDraft::credits).sum();
            if (account.getBalance() < total) {
                return Optional.<List<Long>>empty();
            }
            OffsetDateTime now = OffsetDateTime.now();
            List<Long> ids = em.unwrap(org.hibernate.Session.class).doReturningWork(
                    connection -> insertBulk(connection, accountId, drafts, format, validityMinutes, now));
            account.debitBulk(Math.toIntExact(total));
            long elapsedMs = (System.nanoTime() - start) / 1_000_000;
            List<Long> sent = new java.util.ArrayList<>();
            for (int i = 0; i < drafts.size(); i++) {
                BulkDraft d = drafts.get(i);
                if (d.refusal() == null) {
                    sent.add(ids.get(i));
                }
                LOG.info("message={} account={} to={} parts={} credits={} connector={} status={} (bulk)", ids.get(i), accountId,
                        d.to().masked(), d.parts() == null ? 0 : d.parts().parts(), d.refusal() == null ? d.credits() : 0,
                        d.connector(), d.refusal() == null ? "SCHEDULED sendAt=" + d.sendAt() : "FAILED reason=" + d.refusal());
            }
            LOG.info("bulk account={} messages={} credits={} recorded in {} ms", accountId, drafts.size(), total, elapsedMs);
            return Optional.of(List.copyOf(sent));
        });
    }

    private static List<Long> insertBulk(java.sql.Connection c, long accountId, List<BulkDraft> drafts, String format,
                                         int validityMinutes, OffsetDateTime now) throws java.sql.SQLException {
        List<Long> ids = new java.util.ArrayList<>(drafts.size());
        try (java.sql.PreparedStatement m = c.prepareStatement("insert into message (account_id, recipient, body, body_hash,"
                + " encoding, parts, credits, connector, status, reason, accepted_at, send_at, done_at, format, validity_minutes)"
                + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", new String[] {"id"})) {
            for (int from = 0; from < drafts.size(); from += BULK_BATCH) {
                List<BulkDraft> batch = drafts.subList(from, Math.min(drafts.size(), from + BULK_BATCH));
                for (BulkDraft d : batch) {
                    boolean sent = d.refusal() == null;
                    String body = d.text() == null ? "" : d.text();
                    m.setLong(1, accountId);
                    m.setString(2, d.to().e164());
                    m.setString(3, body);
                    m.setLong(4, Message.hash(body));
                    m.setString(5, d.parts() == null ? "GSM7" : d.parts().encoding().name());
                    m.setInt(6, d.parts() == null ? 0 : d.parts().parts());
                    m.setInt(7, sent ? d.credits() : 0);
                    m.setString(8, d.connector());
                    m.setString(9, (sent ? Message.Status.SCHEDULED : Message.Status.FAILED).name());
                    m.setString(10, sent ? null : d.refusal());
                    m.setObject(11, now);
                    m.setObject(12, sent ? OffsetDateTime.ofInstant(d.sendAt(), ZoneOffset.UTC) : null);
                    m.setObject(13, sent ? null : now);
                    m.setString(14, format);
                    m.setInt(15, validityMinutes);
                    m.addBatch();
                }
                m.executeBatch();
                try (java.sql.ResultSet keys = m.getGeneratedKeys()) {
                    while (keys.next()) {
                        ids.add(keys.getLong(1));
                    }
                }
            }
        }
        if (ids.size() != drafts.size()) {
            throw new IllegalStateException("the database returned " + ids.size() + " ids for " + drafts.size() + " messages");
        }
        try (java.sql.PreparedStatement l = c.prepareStatement(
                "insert into ledger_entry (account_id, credits, kind, reference, created_at) values (?, ?, ?, ?, ?)")) {
            int pending = 0;
            for (int i = 0; i < drafts.size(); i++) {
                BulkDraft d = drafts.get(i);
                if (d.refusal() != null) {
                    continue;
                }
                l.setLong(1, accountId);
                l.setInt(2, -d.credits());
                l.setString(3, LedgerEntry.Kind.DEBIT.name());
                l.setString(4, "message:" + ids.get(i));
                l.setObject(5, now);
                l.addBatch();
                if (++pending == BULK_BATCH) {
                    l.executeBatch();
                    pending = 0;
                }
            }
            if (pending > 0) {
                l.executeBatch();
            }
        }
        return ids;
    }

    /** Rows per JDBC batch in {@link #acceptBulk}. */
    private static final int BULK_BATCH = 500;

    /**
     * The account's messages of the last 24 hours that the duplicate guard counts, as
     * "recipient:text hash" keys: a bulk checks each member against them in memory and compares
     * the text only for a key that matches.
     */
    public java.util.Set<String> recentKeys(long accountId) {
        return db.tx(em -> new java.util.HashSet<>(em.createQuery("select concat(m.recipient, ':', str(m.bodyHash)) from Message m"
                        + " where m.accountId = :a and m.acceptedAt > :t and m.status <> :failed and m.status <> :cancelled", String.class)
                .setParameter("a", accountId).setParameter("t", OffsetDateTime.now().minus(DUPLICATE_WINDOW))
                .setParameter("failed", Message.Status.FAILED).setParameter("cancelled", Message.Status.CANCELLED)
                .getResultList()));
    }

    public static String recentKey(PhoneNumber to, String text) {
        return to.e164() + ":" + Message.hash(text);
    }

    /** OPT-6: the same text to the same number in the last 24 hours (not counting failed or cancelled ones). */
    public boolean sentWithin24h(long accountId, PhoneNumber to, String text) {
        return db.tx(em -> recent(em, accountId, to.e164(), text, OffsetDateTime.now()));
    }

    private static boolean recent(jakarta.persistence.EntityManager em, long accountId, String recipient, String text,
                                  OffsetDateTime now) {
        return !em.createQuery("select m.id from Message m where m.accountId = :a and m.recipient = :r"
                        + " and m.bodyHash = :h and m.acceptedAt > :t"
                        + " and m.body = :b and m.status <> :failed and m.status <> :cancelled", Long.class)
                // Single-valued parameters only: a list parameter makes Hibernate translate the query anew each time.
                .setParameter("a", accountId).setParameter("r", recipient).setParameter("h", Message.hash(text))
                .setParameter("t", now.minus(DUPLICATE_WINDOW)).setParameter("b", text)
                .setParameter("failed", Message.Status.FAILED).setParameter("cancelled", Message.Status.CANCELLED)
                .setMaxResults(1).getResultList().isEmpty();
    }

    /**
     * The scheduled messages whose time has come, each now ACCEPTED: {id, connector} pairs to queue.
     * At most {@code limit} at a time, oldest first.
     */
    public List<Object[]> due(Instant now, int limit) {
        return db.tx(em -> {
            List<Message> due = em.createQuery("select m from Message m where m.status = :s and m.sendAt <= :t order by m.sendAt, m.id",
                            Message.class)
                    .setParameter("s", Message.Status.SCHEDULED).setParameter("t", OffsetDateTime.ofInstant(now, ZoneOffset.UTC))
                    .setLockMode(LockModeType.PESSIMISTIC_WRITE).setMaxResults(limit).getResultList();
            List<Object[]> ids = new java.util.ArrayList<>();
            for (Message m : due) {
                if (m.due()) {
                    ids.add(new Object[] {m.getId(), m.getConnector()});
                }
            }
            return ids;
        });
    }

    /** Due messages that could not be queued (the broker unreachable) wait for the next round. */
    public void unqueued(List<Long> ids) {
        db.tx(em -> {
            for (long id : ids) {
                Message m = em.find(Message.class, id, LockModeType.PESSIMISTIC_WRITE);
                if (m != null) {
                    m.unqueued();
                }
            }
            return null;
        });
    }

    /**
     * HTTP-2: cancels the account's scheduled message to this number for this minute, refunding it.
     *
     * @return false when there is none (never registered, already left, already cancelled)
     */
    public boolean cancel(long accountId, PhoneNumber to, Instant at) {
        return db.tx(em -> {
            OffsetDateTime from = OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
            List<Message> found = em.createQuery("select m from Message m where m.accountId = :a and m.recipient = :r"
                            + " and m.status = :s and m.sendAt >= :from and m.sendAt < :to", Message.class)
                    .setParameter("a", accountId).setParameter("r", to.e164()).setParameter("s", Message.Status.SCHEDULED)
                    .setParameter("from", from).setParameter("to", from.plusMinutes(1))
                    .setLockMode(LockModeType.PESSIMISTIC_WRITE).getResultList();
            if (found.isEmpty()) {
                return false;
            }
            OffsetDateTime now = OffsetDateTime.now();
            Account account = em.find(Account.class, accountId, LockModeType.PESSIMISTIC_WRITE);
            for (Message m : found) {
                m.finished(Message.Status.CANCELLED, "cancelled by the sender", now);
                changed(m, now);
                em.persist(account.move(m.getCredits(), LedgerEntry.Kind.REFUND, "message:" + m.getId(), now));
                LOG.info("message={} account={} to={} status=CANCELLED", m.getId(), accountId, to.masked());
            }
            return true;
        });
    }

    /**
     * OPT-14: every message of the account to this number that has not left yet (waiting for its
     * time, or queued) is cancelled and refunded. A message already being submitted goes.
     *
     * @return how many were cancelled
     */
    public int cancelPending(long accountId, PhoneNumber to, String reason) {
        return db.tx(em -> {
            List<Message> found = em.createQuery("select m from Message m where m.accountId = :a and m.recipient = :r"
                            + " and m.status in (:s)", Message.class)
                    .setParameter("a", accountId).setParameter("r", to.e164())
                    .setParameter("s", List.of(Message.Status.SCHEDULED, Message.Status.ACCEPTED))
                    .setLockMode(LockModeType.PESSIMISTIC_WRITE).getResultList();
            if (found.isEmpty()) {
                return 0;
            }
            OffsetDateTime now = OffsetDateTime.now();
            Account account = em.find(Account.class, accountId, LockModeType.PESSIMISTIC_WRITE);
            for (Message m : found) {
                m.finished(Message.Status.CANCELLED, reason, now);
                changed(m, now);
                em.persist(account.move(m.getCredits(), LedgerEntry.Kind.REFUND, "message:" + m.getId(), now));
                LOG.info("message={} account={} to={} status=CANCELLED reason={}", m.getId(), accountId, to.masked(), reason);
            }
            return found.size();
        });
    }

    /** SMPP-3: the account that last wrote to this number since {@code since}, and that message: {accountId, messageId}. */
    public Optional<long[]> lastWriter(String e164, OffsetDateTime since) {
        return db.tx(em -> em.createQuery("select m.accountId, m.id from Message m where m.recipient = :r and m.acceptedAt >= :since"
                        + " order by m.acceptedAt desc, m.id desc", Object[].class)
                .setParameter("r", e164).setParameter("since", since).setMaxResults(1).getResultStream().findFirst()
                .map(row -> new long[] {((Number) row[0]).longValue(), ((Number) row[1]).longValue()}));
    }

    /**
     * Claims the message for submission: ACCEPTED becomes SUBMITTING under the row's lock, so of
     * two queue entries for one message (a redelivery, a re-queue after a crash) only one is
     * submitted. Empty when the message is not waiting: already taken, sent, failed.
     */
    public Optional<Outbound> claim(long messageId) {
        return db.tx(em -> {
            Message m = em.find(Message.class, messageId, LockModeType.PESSIMISTIC_WRITE);
            if (m == null || !m.claim(OffsetDateTime.now())) {
                return Optional.<Outbound>empty();
            }
            return Optional.of(new Outbound(m.getId(), m.getRecipient(), m.getBody(), m.getEncoding(), m.getParts(),
                    m.getConnector(), m.getFormat(), m.getValidityMinutes()));
        });
    }

    /** A submission attempt failed (SMSC unreachable): the message waits again for its queue entry. */
    public void release(long messageId) {
        db.tx(em -> {
            Message m = em.find(Message.class, messageId, LockModeType.PESSIMISTIC_WRITE);
            if (m != null) {
                m.release();
            }
            return null;
        });
    }

    /**
     * After a restart: messages claimed before it and still SUBMITTING were interrupted
     * mid-submission and may or may not have reached the SMSC. Rather than risk sending twice,
     * they are failed and refunded.
     */
    public int failInterrupted(OffsetDateTime start) {
        List<Long> ids = db.tx(em -> em.createQuery(
                        "select m.id from Message m where m.status = :s and m.submittedAt < :t", Long.class)
                .setParameter("s", Message.Status.SUBMITTING).setParameter("t", start).getResultList());
        ids.forEach(id -> failed(id, "interrupted while being submitted (gateway restart); may not have been sent"));
        return ids.size();
    }

    /**
     * Messages accepted before this start that may never have reached their queue (a crash between
     * the debit and the queue send): the ids to queue again. A message queued twice is still sent
     * once (see {@link #claim}).
     */
    public List<Object[]> acceptedBefore(OffsetDateTime start) {
        return db.tx(em -> em.createQuery(
                        "select m.id, m.connector from Message m where m.status = :s and m.acceptedAt < :t order by m.id", Object[].class)
                .setParameter("s", Message.Status.ACCEPTED).setParameter("t", start).getResultList());
    }

    /** Records the SMSC's ids, one per part. */
    public void submitted(long messageId, List<String> smscIds) {
        db.tx(em -> {
            Message m = em.find(Message.class, messageId, LockModeType.PESSIMISTIC_WRITE);
            if (m.getStatus() != Message.Status.SUBMITTING && m.getStatus() != Message.Status.ACCEPTED) {
                return null;
            }
            for (String id : smscIds) {
                em.persist(new Submission(messageId, m.getConnector(), id));
            }
            m.submitted(OffsetDateTime.now());
            changed(m, OffsetDateTime.now());
            LOG.info("message={} account={} to={} parts={} connector={} status=SUBMITTED smsc={}",
                    messageId, m.getAccountId(), PhoneNumber.mask(m.getRecipient()), m.getParts(), m.getConnector(), smscIds);
            return null;
        });
    }

    /** The SMSC refused the message for good: it is FAILED and its credit comes back. */
    public void failed(long messageId, String reason) {
        db.tx(em -> {
            Message m = em.find(Message.class, messageId, LockModeType.PESSIMISTIC_WRITE);
            if (m == null || m.getStatus().isFinal()) {
                return null;
            }
            OffsetDateTime now = OffsetDateTime.now();
            m.finished(Message.Status.FAILED, reason, now);
            changed(m, now);
            Account account = em.find(Account.class, m.getAccountId(), LockModeType.PESSIMISTIC_WRITE);
            em.persist(account.move(m.getCredits(), LedgerEntry.Kind.REFUND, "message:" + messageId, now));
            LOG.info("message={} account={} to={} status=FAILED reason={}", messageId, m.getAccountId(), PhoneNumber.mask(m.getRecipient()), reason);
            return null;
        });
    }

    /**
     * What a receipt did: matched a part or not, a message to queue again (normal+flash), and the
     * message's account, number and SMSC error when the receipt made it UNDELIVERABLE (OPT-1).
     */
    public record ReceiptOutcome(boolean matched, Long requeueId, String connector, Long accountId, String recipient, String error) {
        static final ReceiptOutcome UNMATCHED = new ReceiptOutcome(false, null, null, null, null, null);
        static final ReceiptOutcome APPLIED = new ReceiptOutcome(true, null, null, null, null, null);

        ReceiptOutcome(boolean matched, Long requeueId, String connector) {
            this(matched, requeueId, connector, null, null, null);
        }

        /** The receipt made the message UNDELIVERABLE. */
        public boolean undeliverable() {
            return accountId != null;
        }
    }

    /**
     * Applies a delivery receipt to its part. A message is DELIVERED when all its parts are,
     * UNDELIVERABLE as soon as one part is — unless its format is normal+flash and this was the
     * normal attempt: then it is ACCEPTED again as flash, for the caller to queue (OPT-2).
     */
    public ReceiptOutcome receipt(String connector, String smscId, String stat, String error) {
        return db.tx(em -> {
            Optional<Submission> found = em.createQuery(
                            "select s from Submission s where s.connector = :c and s.smscId = :id", Submission.class)
                    .setParameter("c", connector).setParameter("id", smscId).getResultStream().findFirst();
            if (found.isEmpty()) {
                return ReceiptOutcome.UNMATCHED;
            }
            OffsetDateTime now = OffsetDateTime.now();
            Submission part = found.get();
            Message m = em.find(Message.class, part.getMessageId(), LockModeType.PESSIMISTIC_WRITE);
            if (Submission.SUPERSEDED.equals(part.getStatus())) {
                return ReceiptOutcome.APPLIED;
            }
            part.receipt(stat, error, now);
            if (m.getStatus().isFinal()) {
                return ReceiptOutcome.APPLIED;
            }
            List<Submission> parts = em.createQuery("select s from Submission s where s.messageId = :m and s.status <> :gone",
                            Submission.class)
                    .setParameter("m", m.getId()).setParameter("gone", Submission.SUPERSEDED).getResultList();
            if (!"DELIVRD".equals(stat) && !"ENROUTE".equals(stat) && !"ACCEPTD".equals(stat)) {
                String why = stat + (error == null ? "" : " err:" + error);
                if (m.retryAsFlash("normal attempt " + why + ", sent again as flash")) {
                    parts.forEach(p -> p.receipt(Submission.SUPERSEDED, p.getError(), now));
                    LOG.info("message={} account={} to={} part-receipt={} status=ACCEPTED (again, as flash)", m.getId(),
                            m.getAccountId(), PhoneNumber.mask(m.getRecipient()), stat);
                    return new ReceiptOutcome(true, m.getId(), m.getConnector());
                }
                m.finished(Message.Status.UNDELIVERABLE, why, now);
                changed(m, now);
                LOG.info("message={} account={} to={} part-receipt={} status=UNDELIVERABLE", m.getId(), m.getAccountId(),
                        PhoneNumber.mask(m.getRecipient()), stat);
                return new ReceiptOutcome(true, null, null, m.getAccountId(), m.getRecipient(), error == null ? "" : error);
            } else if (parts.size() >= m.getParts() && parts.stream().allMatch(p -> "DELIVRD".equals(p.getStatus()))) {
                m.finished(Message.Status.DELIVERED, null, now);
                changed(m, now);
            }
            LOG.info("message={} account={} to={} part-receipt={} status={}", m.getId(), m.getAccountId(),
                    PhoneNumber.mask(m.getRecipient()), stat, m.getStatus());
            return ReceiptOutcome.APPLIED;
        });
    }

    /** The message's new status, for the account's callback URL (HTTP-6), in the transaction that changed it. */
    private void changed(Message m, OffsetDateTime at) {
        callbacks.statusChanged(m.getAccountId(), m.getId(), m.getRecipient(), m.getStatus().name(), m.getReason(), at.toInstant());
    }

    /** A receipt that matched no part even after waiting: kept (V12) and logged, never silently dropped. */
    public void unmatchedReceipt(String connector, String smscId, String stat) {
        long n = db.tx(em -> {
            em.createNativeQuery("insert into unmatched_receipt (connector, smsc_id, stat, received_at) values (?1, ?2, ?3, ?4)")
                    .setParameter(1, connector).setParameter(2, smscId).setParameter(3, stat).setParameter(4, OffsetDateTime.now())
                    .executeUpdate();
            return unmatchedReceipts();
        });
        LOG.warn("receipt for unknown smsc id {} on connector {} (stat {}) kept aside, {} unmatched so far", smscId, connector, stat, n);
    }

    /** Receipts kept aside because they matched no part. */
    public long unmatchedReceipts() {
        return db.tx(em -> ((Number) em.createNativeQuery("select count(*) from unmatched_receipt").getSingleResult()).longValue());
    }

    public Optional<Message> find(long id) {
        return db.tx(em -> Optional.ofNullable(em.find(Message.class, id)));
    }

    /** The account's latest messages, newest first. */
    public List<Message> latest(long accountId, int limit) {
        return db.tx(em -> em.createQuery("select m from Message m where m.accountId = :a order by m.id desc", Message.class)
                .setParameter("a", accountId).setMaxResults(limit).getResultList());
    }

    /**
     * The account's messages counted by status: rows of (status, count, latest done time or null),
     * for the shell (and the bench, which polls it until every receipt is recorded).
     */
    public List<Object[]> countByStatus(long accountId) {
        return db.tx(em -> em.createQuery(
                        "select m.status, count(m), max(m.doneAt) from Message m where m.accountId = :a group by m.status order by m.status",
                        Object[].class)
                .setParameter("a", accountId).getResultList());
    }
}
