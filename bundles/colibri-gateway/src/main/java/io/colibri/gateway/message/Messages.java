package io.colibri.gateway.message;

import io.colibri.domain.PartCount;
import io.colibri.domain.PhoneNumber;
import io.colibri.gateway.store.Account;
import io.colibri.gateway.store.Database;
import io.colibri.gateway.store.LedgerEntry;
import io.colibri.gateway.store.Message;
import io.colibri.gateway.store.Submission;
import jakarta.persistence.LockModeType;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Messages from acceptance to final status. Every change of status is one transaction, and
 * credit moves in the same transaction as the message it pays for.
 */
public final class Messages {
    private static final Logger LOG = LoggerFactory.getLogger("io.colibri.messages");

    /** What the SMPP route needs to submit a message. */
    public record Outbound(long id, String recipient, String text, String encoding, String connector) {
    }

    private final Database db;
    private final AtomicLong unmatchedReceipts = new AtomicLong();

    public Messages(Database db) {
        this.db = db;
    }

    /**
     * Debits the account and records the message, in one transaction. The account row is locked
     * first, so two concurrent sends can never both spend the last credit (ACC-3).
     *
     * @return the message id, or empty when the balance does not cover the price
     */
    public Optional<Long> accept(long accountId, PhoneNumber to, String text, PartCount parts, int credits, String connector) {
        return db.tx(em -> {
            Account account = em.find(Account.class, accountId, LockModeType.PESSIMISTIC_WRITE);
            if (account.getBalance() < credits) {
                return Optional.<Long>empty();
            }
            OffsetDateTime now = OffsetDateTime.now();
            Message m = new Message(accountId, to.e164(), text, parts.encoding().name(), parts.parts(), credits, connector, now);
            em.persist(m);
            em.flush();
            em.persist(account.move(-credits, LedgerEntry.Kind.DEBIT, "message:" + m.getId(), now));
            LOG.info("message={} account={} to={} parts={} credits={} connector={} status=ACCEPTED",
                    m.getId(), accountId, to.masked(), parts.parts(), credits, connector);
            return Optional.of(m.getId());
        });
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
            return Optional.of(new Outbound(m.getId(), m.getRecipient(), m.getBody(), m.getEncoding(), m.getConnector()));
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
            Account account = em.find(Account.class, m.getAccountId(), LockModeType.PESSIMISTIC_WRITE);
            em.persist(account.move(m.getCredits(), LedgerEntry.Kind.REFUND, "message:" + messageId, now));
            LOG.info("message={} account={} to={} status=FAILED reason={}", messageId, m.getAccountId(), PhoneNumber.mask(m.getRecipient()), reason);
            return null;
        });
    }

    /**
     * Applies a delivery receipt to its part. A message is DELIVERED when all its parts are,
     * UNDELIVERABLE as soon as one part is.
     *
     * @return false when no part has this SMSC id on this connector (yet)
     */
    public boolean receipt(String connector, String smscId, String stat, String error) {
        return db.tx(em -> {
            Optional<Submission> found = em.createQuery(
                            "select s from Submission s where s.connector = :c and s.smscId = :id", Submission.class)
                    .setParameter("c", connector).setParameter("id", smscId).getResultStream().findFirst();
            if (found.isEmpty()) {
                return false;
            }
            OffsetDateTime now = OffsetDateTime.now();
            Submission part = found.get();
            Message m = em.find(Message.class, part.getMessageId(), LockModeType.PESSIMISTIC_WRITE);
            part.receipt(stat, error, now);
            if (m.getStatus().isFinal()) {
                return true;
            }
            List<Submission> parts = em.createQuery("select s from Submission s where s.messageId = :m", Submission.class)
                    .setParameter("m", m.getId()).getResultList();
            if (!"DELIVRD".equals(stat) && !"ENROUTE".equals(stat) && !"ACCEPTD".equals(stat)) {
                m.finished(Message.Status.UNDELIVERABLE, stat + (error == null ? "" : " err:" + error), now);
            } else if (parts.size() >= m.getParts() && parts.stream().allMatch(p -> "DELIVRD".equals(p.getStatus()))) {
                m.finished(Message.Status.DELIVERED, null, now);
            }
            LOG.info("message={} account={} to={} part-receipt={} status={}", m.getId(), m.getAccountId(),
                    PhoneNumber.mask(m.getRecipient()), stat, m.getStatus());
            return true;
        });
    }

    /** A receipt that matched no part even after waiting: counted and logged, never silently dropped. */
    public void unmatchedReceipt(String connector, String smscId, String stat) {
        long n = unmatchedReceipts.incrementAndGet();
        LOG.warn("receipt for unknown smsc id {} on connector {} (stat {}), {} unmatched so far", smscId, connector, stat, n);
    }

    public long unmatchedReceipts() {
        return unmatchedReceipts.get();
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
