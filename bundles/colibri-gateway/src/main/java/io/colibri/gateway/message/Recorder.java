package io.colibri.gateway.message;

import io.colibri.domain.Code;
import io.colibri.domain.PartCount;
import io.colibri.domain.PhoneNumber;
import io.colibri.gateway.store.Changes;
import io.colibri.gateway.store.Database;
import io.colibri.gateway.store.LedgerEntry;
import io.colibri.gateway.store.Sms;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records accepted messages with their debit (ACC-3) and the duplicate guard (OPT-6) decided
 * under the accounts' locks. Sends over HTTP are recorded by group commit: one writer thread
 * takes whatever requests are waiting, records them in one transaction (JDBC batches, one balance
 * update per account), and each caller gets its answer once that transaction has committed. A
 * failing batch is recorded again request by request, so one bad request never fails the others.
 * Recorded messages are ACCEPTED (or SCHEDULED for later) and not yet on the broker: the dispatch
 * route puts them there after the commit ({@link #afterCommit}).
 */
public final class Recorder implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Recorder.class);
    /** Most requests in one group commit. */
    static final int MAX_BATCH = 1000;

    /** One message to record: text hashed once, here. {@code recipient} is E.164. */
    public record Draft(long accountId, String recipient, String text, long textHash, String encoding, int parts, int credits,
                        String connector, Instant sendAt, String format, int validityMinutes, boolean duplicateGuard) {

        public static Draft of(long accountId, PhoneNumber to, String text, PartCount parts, int credits, String connector,
                               Instant sendAt, String format, int validityMinutes, boolean duplicateGuard) {
            return new Draft(accountId, to.e164(), text, Sms.hash(text), parts.encoding().name(), parts.parts(), credits,
                    connector, sendAt, format, validityMinutes, duplicateGuard);
        }
    }

    /** What became of a draft: the message's id, or the code that refused it (91 duplicate, 83 no credit). */
    public record Outcome(Long id, Code refusal) {
        static Outcome recorded(long id) {
            return new Outcome(id, null);
        }

        static Outcome refused(Code code) {
            return new Outcome(null, code);
        }

        public boolean recorded() {
            return id != null;
        }
    }

    private record Pending(Draft draft, CompletableFuture<Outcome> result) {
    }

    private final Database db;
    private final RecentTexts recent;
    private final Clock clock;
    private final BlockingQueue<Pending> waiting = new LinkedBlockingQueue<>();
    private final Thread writer;
    private volatile boolean running = true;
    private volatile Runnable afterCommit = () -> { };

    private final Changes changes;

    public Recorder(Database db, RecentTexts recent, Clock clock) {
        this(db, recent, clock, Changes.none());
    }

    /** @param changes the other nodes are told of the duplicate guard's keys of each commit ({@link RecentTexts#tell}) */
    public Recorder(Database db, RecentTexts recent, Clock clock, Changes changes) {
        this.db = db;
        this.recent = recent;
        this.clock = clock;
        this.changes = changes;
        this.writer = new Thread(this::run, "colibri-recorder");
        writer.setDaemon(true);
        writer.start();
    }

    /** What to do once messages are committed (wake the dispatch route): never waits. */
    public void afterCommit(Runnable action) {
        this.afterCommit = action == null ? () -> { } : action;
    }

    /**
     * Records the draft with whatever other requests are waiting, and returns once that is
     * committed. Throws when it could not be recorded (the database is down): nothing was debited.
     */
    public Outcome record(Draft draft) {
        CompletableFuture<Outcome> result = new CompletableFuture<>();
        if (!running) {
            throw new IllegalStateException("the recorder is stopped");
        }
        waiting.add(new Pending(draft, result));
        try {
            return result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the message was being recorded", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }

    /**
     * Records the drafts in this thread's transaction (joining a {@code Database.tx} under way, so
     * that a mail's key or a STOP's blacklisting commits with them), or in one of their own.
     */
    public List<Outcome> recordNow(List<Draft> drafts) {
        List<Outcome> outcomes = db.jdbc(c -> write(c, drafts));
        journal(drafts, outcomes);
        afterCommit.run();
        return outcomes;
    }

    private void run() {
        List<Pending> batch = new ArrayList<>();
        while (running) {
            try {
                Pending first = waiting.poll(500, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                waiting.drainTo(batch, MAX_BATCH - 1);
                commit(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (RuntimeException e) {
                LOG.error("recorder: unexpected failure", e);
                batch.forEach(p -> p.result().completeExceptionally(e));
            } finally {
                batch.clear();
            }
        }
        Pending left;
        while ((left = waiting.poll()) != null) {
            left.result().completeExceptionally(new IllegalStateException("the recorder stopped"));
        }
    }

    private void commit(List<Pending> batch) {
        List<Draft> drafts = batch.stream().map(Pending::draft).toList();
        List<List<Outcome>> written = new ArrayList<>(1);
        try {
            List<Outcome> outcomes = db.jdbc(c -> {
                List<Outcome> o = write(c, drafts);
                written.add(o);
                return o;
            });
            complete(batch, outcomes);
        } catch (RuntimeException e) {
            if (!written.isEmpty() && committedAfterAll(written.get(written.size() - 1), e)) {
                complete(batch, written.get(written.size() - 1));
            } else if (batch.size() == 1) {
                batch.get(0).result().completeExceptionally(e);
            } else {
                // One bad request must not fail the others: each alone, in its own transaction.
                for (Pending p : batch) {
                    try {
                        p.result().complete(db.jdbc(c -> write(c, List.of(p.draft()))).get(0));
                    } catch (RuntimeException alone) {
                        p.result().completeExceptionally(alone);
                    }
                }
            }
        }
        afterCommit.run();
    }

    private static void complete(List<Pending> batch, List<Outcome> outcomes) {
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).result().complete(outcomes.get(i));
        }
    }

    /** How long a commit whose answer was lost is looked for before the batch counts as not recorded. */
    static final Duration COMMIT_CHECK = Duration.ofSeconds(30);

    /**
     * The commit failed after the batch was written: was it committed all the same? A connection
     * cut during the commit (the database restarting) leaves that unknown to the driver; answering
     * 503 for a batch that is recorded would make the customer send it again (twice, paid twice).
     * The batch's first message is looked for on a new connection: there, it was committed; not
     * there, it was not (a transaction is all or nothing). While the database cannot be asked, it
     * is asked again, up to {@link #COMMIT_CHECK} ({@link Database#askUntil}).
     */
    private boolean committedAfterAll(List<Outcome> outcomes, RuntimeException failure) {
        Long first = outcomes.stream().map(Outcome::id).filter(java.util.Objects::nonNull).findFirst().orElse(null);
        if (first == null) {
            return false;
        }
        try {
            boolean found = db.askUntil(COMMIT_CHECK, c -> {
                try (PreparedStatement s = c.prepareStatement("select 1 from message where id = ?")) {
                    s.setLong(1, first);
                    try (ResultSet r = s.executeQuery()) {
                        return r.next();
                    }
                }
            });
            if (found) {
                LOG.warn("recorder: the commit of {} request(s) failed ({}) yet it is recorded: answered as recorded", outcomes.size(),
                        failure.toString());
            }
            return found;
        } catch (RuntimeException stillDown) {
            LOG.error("recorder: the commit of {} request(s) failed ({}) and the database cannot say whether it is recorded"
                    + " (messages {}..): answered 503", outcomes.size(), failure.toString(), first);
            return false;
        }
    }

    /**
     * Decides and records the drafts in the caller's transaction. The duplicate guard first, then
     * the credit: each account's debit is one conditional update ("balance - total where balance
     * >= total"), which locks its row; only when an account cannot pay for all its drafts are they
     * decided one by one under the lock (the later ones refused 83). The caller logs, after the
     * commit and off the writer thread: see {@link #journal}.
     */
    private List<Outcome> write(Connection c, List<Draft> drafts) throws SQLException {
        Instant nowInstant = clock.instant();
        OffsetDateTime now = OffsetDateTime.ofInstant(nowInstant, ZoneOffset.UTC);
        Map<String, String> thisBatch = new HashMap<>();
        Outcome[] outcomes = new Outcome[drafts.size()];
        Map<Long, Long> totals = new java.util.TreeMap<>();
        for (int i = 0; i < drafts.size(); i++) {
            Draft d = drafts.get(i);
            String key = d.accountId() + ":" + RecentTexts.key(d.recipient(), d.textHash());
            if (d.duplicateGuard()) {
                String same = thisBatch.get(key);
                if (same != null && same.equals(d.text())
                        || recent.mayHave(d.accountId(), d.recipient(), d.textHash(), nowInstant) && duplicateInDatabase(c, d, now)) {
                    outcomes[i] = Outcome.refused(Code.DUPLICATE);
                    continue;
                }
            }
            thisBatch.put(key, d.text());
            recent.add(d.accountId(), d.recipient(), d.textHash(), nowInstant);
            totals.merge(d.accountId(), (long) d.credits(), Long::sum);
        }
        Set<Long> short_ = new HashSet<>();
        try (PreparedStatement debit = c.prepareStatement("update account set balance = balance - ? where id = ? and balance >= ?")) {
            for (var t : totals.entrySet()) {
                if (t.getValue() == 0) {
                    continue;
                }
                debit.setLong(1, t.getValue());
                debit.setLong(2, t.getKey());
                debit.setLong(3, t.getValue());
                if (debit.executeUpdate() == 0) {
                    short_.add(t.getKey());
                }
            }
        }
        if (!short_.isEmpty()) {
            // Not enough for all: under the lock, in order, until the credit runs out.
            Map<Long, Long> balances = Ledger.lock(c, short_);
            for (int i = 0; i < drafts.size(); i++) {
                Draft d = drafts.get(i);
                if (outcomes[i] != null || !short_.contains(d.accountId()) || d.credits() == 0) {
                    continue;
                }
                long balance = balances.get(d.accountId());
                if (balance < d.credits()) {
                    outcomes[i] = Outcome.refused(Code.NOT_ENOUGH_CREDIT);
                } else {
                    balances.put(d.accountId(), balance - d.credits());
                }
            }
            try (PreparedStatement u = c.prepareStatement("update account set balance = ? where id = ?")) {
                for (long account : short_) {
                    u.setLong(1, balances.get(account));
                    u.setLong(2, account);
                    u.addBatch();
                }
                u.executeBatch();
            }
        }
        List<Draft> accepted = new ArrayList<>(drafts.size());
        List<Integer> at = new ArrayList<>(drafts.size());
        for (int i = 0; i < drafts.size(); i++) {
            if (outcomes[i] == null) {
                accepted.add(drafts.get(i));
                at.add(i);
            }
        }
        List<Long> ids = insert(c, accepted, now);
        List<Ledger.Move> debits = new ArrayList<>();
        List<Outbox.Entry> due = new ArrayList<>();
        List<Outbox.Later> later = new ArrayList<>();
        for (int j = 0; j < accepted.size(); j++) {
            Draft d = accepted.get(j);
            outcomes[at.get(j)] = Outcome.recorded(ids.get(j));
            if (d.credits() > 0) {
                debits.add(new Ledger.Move(d.accountId(), -d.credits(), LedgerEntry.Kind.DEBIT, ids.get(j)));
            }
            if (d.sendAt() == null) {
                due.add(new Outbox.Entry(ids.get(j), d.connector()));
            } else {
                later.add(new Outbox.Later(ids.get(j), d.sendAt(), d.connector()));
            }
        }
        Ledger.entries(c, debits, now);
        Outbox.add(c, due);
        Outbox.later(c, later);
        if (changes.enabled()) {
            Map<Long, RecentTexts.LongList> keys = new HashMap<>();
            for (Draft d : accepted) {
                keys.computeIfAbsent(d.accountId(), a -> new RecentTexts.LongList()).add(RecentTexts.key(d.recipient(), d.textHash()));
            }
            RecentTexts.tell(c, changes, keys, nowInstant);
        }
        return java.util.Arrays.asList(outcomes);
    }

    /** OPT-6 confirmed: the same text to the same number in the last 24 hours, not failed or cancelled. */
    private static boolean duplicateInDatabase(Connection c, Draft d, OffsetDateTime now) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select 1 from message where account_id = ? and recipient = ? and body_hash = ?"
                + " and accepted_at > ? and body = ? and status <> 'FAILED' and status <> 'CANCELLED' limit 1")) {
            s.setLong(1, d.accountId());
            s.setString(2, d.recipient());
            s.setLong(3, d.textHash());
            s.setObject(4, now.minus(Queries.DUPLICATE_WINDOW));
            s.setString(5, d.text());
            try (ResultSet r = s.executeQuery()) {
                return r.next();
            }
        }
    }

    static final String INSERT = "insert into message (account_id, recipient, body, body_hash, encoding, parts, credits, connector,"
            + " status, reason, accepted_at, send_at, done_at, format, validity_minutes, campaign_id)"
            + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private static List<Long> insert(Connection c, List<Draft> drafts, OffsetDateTime now) throws SQLException {
        return insertMessages(c, drafts, (m, d) -> {
            m.setLong(1, d.accountId());
            m.setString(2, d.recipient());
            m.setString(3, d.text());
            m.setLong(4, d.textHash());
            m.setString(5, d.encoding());
            m.setInt(6, d.parts());
            m.setInt(7, d.credits());
            m.setString(8, d.connector());
            m.setString(9, (d.sendAt() == null ? Sms.Status.ACCEPTED : Sms.Status.SCHEDULED).name());
            m.setString(10, null);
            m.setObject(11, now);
            m.setObject(12, d.sendAt() == null ? null : OffsetDateTime.ofInstant(d.sendAt(), ZoneOffset.UTC));
            m.setObject(13, null);
            m.setString(14, d.format());
            m.setInt(15, d.validityMinutes());
            m.setObject(16, null, java.sql.Types.BIGINT);
        });
    }

    /** Sets the parameters of {@link #INSERT} for one row. */
    private interface MessageRow<T> {
        void bind(PreparedStatement insert, T row) throws SQLException;
    }

    /** Inserts the rows in JDBC batches; their ids, in order. */
    private static <T> List<Long> insertMessages(Connection c, List<T> rows, MessageRow<T> row) throws SQLException {
        List<Long> ids = new ArrayList<>(rows.size());
        if (rows.isEmpty()) {
            return ids;
        }
        try (PreparedStatement m = c.prepareStatement(INSERT, new String[] {"id"})) {
            for (int from = 0; from < rows.size(); from += Batches.SIZE) {
                for (T r : rows.subList(from, Math.min(rows.size(), from + Batches.SIZE))) {
                    row.bind(m, r);
                    m.addBatch();
                }
                m.executeBatch();
                try (ResultSet keys = m.getGeneratedKeys()) {
                    while (keys.next()) {
                        ids.add(keys.getLong(1));
                    }
                }
            }
        }
        if (ids.size() != rows.size()) {
            throw new IllegalStateException("the database returned " + ids.size() + " ids for " + rows.size() + " messages");
        }
        return ids;
    }

    /**
     * One member of a bulk send (HTTP-3, a send file): sent at {@code sendAt} (null: now), or
     * recorded FAILED with the {@code refusal} a single send to it would have got.
     */
    public record BulkDraft(PhoneNumber to, String text, PartCount parts, int credits, String connector, Instant sendAt,
                            String refusal) {
    }

    /** The credit did not cover a bulk: everything it recorded is rolled back (the caller's transaction too, when it joined one). */
    public static final class NotEnoughCredit extends RuntimeException {
        NotEnoughCredit() {
            super("the credit does not cover the bulk", null, false, false);
        }
    }

    /**
     * Records a bulk send (or one batch of a send file) in the caller's transaction, or one of its
     * own, reading the drafts as it goes (a group of any size is not held whole): one message per
     * member in JDBC batches, one debit in the ledger per member sent to, and the account's balance
     * moved once at the end, when it covers the whole (its row locked only then, not while the
     * members are written). Members due now go in the outbox, later ones wait in message_due.
     *
     * @return the ids of the members sent to, or empty when the credit does not cover them all
     *         (nothing is recorded then); inside a caller's transaction, {@link NotEnoughCredit} is
     *         thrown instead, so that the caller's transaction rolls back too
     */
    public java.util.Optional<List<Long>> recordBulk(long accountId, Iterable<BulkDraft> drafts, String format, int validityMinutes) {
        return recordBulk(accountId, drafts, format, validityMinutes, null);
    }

    /** As {@link #recordBulk(long, Iterable, String, int)}, every member's id (sent or FAILED) added to {@code all} as well. */
    public java.util.Optional<List<Long>> recordBulk(long accountId, Iterable<BulkDraft> drafts, String format, int validityMinutes,
                                                     List<Long> all) {
        return recordBulk(accountId, drafts, format, validityMinutes, all, null);
    }

    /**
     * A campaign (issue 16): a group send or a send file, its members the messages recorded with
     * its id; the row keeps the range of their ids and their count, so that its progress is
     * counted over that range. Its row is written in the transaction of its first members, so that
     * a bulk refused for credit leaves none.
     */
    public static final class Campaign {
        private final long accountId;
        private final String source;
        private final String label;
        private Long id;
        private long first = Long.MAX_VALUE;
        private long last = Long.MIN_VALUE;
        private int count;

        private Campaign(long accountId, String source, String label) {
            this.accountId = accountId;
            this.source = source;
            this.label = label;
        }

        /** Its id once its first members are recorded. */
        public Long id() {
            return id;
        }

        /** Its row, made with its first members (in their transaction). */
        long ensure(Connection c, OffsetDateTime now) throws SQLException {
            if (id == null) {
                try (PreparedStatement p = c.prepareStatement("insert into campaign (account_id, source, label, created_at) values (?, ?, ?, ?)",
                        new String[] {"id"})) {
                    p.setLong(1, accountId);
                    p.setString(2, source);
                    p.setString(3, label);
                    p.setObject(4, now);
                    p.executeUpdate();
                    try (ResultSet keys = p.getGeneratedKeys()) {
                        keys.next();
                        id = keys.getLong(1);
                    }
                }
            }
            return id;
        }

        void add(List<Long> ids) {
            for (long i : ids) {
                first = Math.min(first, i);
                last = Math.max(last, i);
            }
            count += ids.size();
        }

        /** Writes the members recorded so far on the campaign's row. */
        void save(Connection c) throws SQLException {
            if (id == null || count == 0) {
                return;
            }
            try (PreparedStatement u = c.prepareStatement(
                    "update campaign set first_message_id = ?, last_message_id = ?, total = ? where id = ?")) {
                u.setLong(1, first);
                u.setLong(2, last);
                u.setInt(3, count);
                u.setLong(4, id);
                u.executeUpdate();
            }
        }
    }

    /**
     * A campaign of the account for a bulk about to be recorded ({@code source} group or file, its
     * label the group's or the file's name): its row is written with its first members.
     */
    public static Campaign campaign(long accountId, String source, String label) {
        String shown = label == null || label.isBlank() ? source : label.strip();
        return new Campaign(accountId, source, shown.length() > 200 ? shown.substring(0, 200) : shown);
    }

    /** As {@link #recordBulk(long, Iterable, String, int, List)}, its members part of this campaign (null: none). */
    public java.util.Optional<List<Long>> recordBulk(long accountId, Iterable<BulkDraft> drafts, String format, int validityMinutes,
                                                     List<Long> all, Campaign campaign) {
        boolean joined = db.inTransaction();
        long start = System.nanoTime();
        Instant nowInstant = clock.instant();
        OffsetDateTime now = OffsetDateTime.ofInstant(nowInstant, ZoneOffset.UTC);
        long[] counts = new long[2];
        java.util.Optional<List<Long>> result;
        try {
            result = db.jdbc(c -> {
                List<Long> sent = new ArrayList<>();
                long total = 0;
                List<BulkDraft> batch = new ArrayList<>(Batches.SIZE);
                java.util.Iterator<BulkDraft> it = drafts.iterator();
                while (it.hasNext()) {
                    batch.add(it.next());
                    if (batch.size() == Batches.SIZE || !it.hasNext()) {
                        total += recordBatch(c, accountId, batch, format, validityMinutes, now, nowInstant, sent, all, campaign);
                        counts[0] += batch.size();
                        batch.clear();
                    }
                }
                if (campaign != null) {
                    campaign.save(c);
                }
                if (total > 0) {
                    try (PreparedStatement debit = c.prepareStatement(
                            "update account set balance = balance - ? where id = ? and balance >= ?")) {
                        debit.setLong(1, total);
                        debit.setLong(2, accountId);
                        debit.setLong(3, total);
                        if (debit.executeUpdate() == 0) {
                            throw new NotEnoughCredit();
                        }
                    }
                }
                counts[1] = total;
                return java.util.Optional.of(sent);
            });
        } catch (NotEnoughCredit e) {
            if (joined) {
                throw e;
            }
            return java.util.Optional.empty();
        }
        Journal.LOG.info("bulk account={} messages={} credits={} recorded in {} ms", accountId, counts[0], counts[1],
                (System.nanoTime() - start) / 1_000_000);
        afterCommit.run();
        return result;
    }

    /** One batch of a bulk: its messages, debits and outbox entries; returns its price. */
    private long recordBatch(Connection c, long accountId, List<BulkDraft> drafts, String format, int validityMinutes,
                             OffsetDateTime now, Instant nowInstant, List<Long> sent, List<Long> all, Campaign campaign) throws SQLException {
        List<Long> ids = insertBulk(c, accountId, drafts, format, validityMinutes, now, campaign == null ? null : campaign.ensure(c, now));
        if (campaign != null) {
            campaign.add(ids);
        }
        if (all != null) {
            all.addAll(ids);
        }
        List<Ledger.Move> debits = new ArrayList<>();
        List<Outbox.Entry> due = new ArrayList<>();
        List<Outbox.Later> later = new ArrayList<>();
        RecentTexts.LongList keys = changes.enabled() ? new RecentTexts.LongList() : null;
        long total = 0;
        for (int i = 0; i < drafts.size(); i++) {
            BulkDraft d = drafts.get(i);
            if (d.refusal() == null) {
                sent.add(ids.get(i));
                total += d.credits();
                long hash = Sms.hash(d.text());
                recent.add(accountId, d.to().e164(), hash, nowInstant);
                if (keys != null) {
                    keys.add(RecentTexts.key(d.to().e164(), hash));
                }
                if (d.credits() > 0) {
                    debits.add(new Ledger.Move(accountId, -d.credits(), LedgerEntry.Kind.DEBIT, ids.get(i)));
                }
                if (d.sendAt() == null) {
                    due.add(new Outbox.Entry(ids.get(i), d.connector()));
                } else {
                    later.add(new Outbox.Later(ids.get(i), d.sendAt(), d.connector()));
                }
                Journal.accepted(ids.get(i), accountId, d.to().e164(), d.parts().parts(), d.credits(), d.connector(),
                        d.sendAt() == null ? "ACCEPTED (bulk)" : "SCHEDULED (bulk)", d.sendAt());
            } else {
                Journal.changed(ids.get(i), accountId, d.to().e164(), "FAILED", "reason=" + d.refusal() + " (bulk)");
            }
        }
        Ledger.entries(c, debits, now);
        Outbox.add(c, due);
        Outbox.later(c, later);
        if (keys != null && keys.size() > 0) {
            RecentTexts.tell(c, changes, Map.of(accountId, keys), nowInstant);
        }
        return total;
    }

    private static List<Long> insertBulk(Connection c, long accountId, List<BulkDraft> drafts, String format, int validityMinutes,
                                         OffsetDateTime now, Long campaign) throws SQLException {
        return insertMessages(c, drafts, (m, d) -> {
            boolean sent = d.refusal() == null;
            String body = d.text() == null ? "" : d.text();
            m.setLong(1, accountId);
            m.setString(2, d.to().e164());
            m.setString(3, body);
            m.setLong(4, Sms.hash(body));
            m.setString(5, d.parts() == null ? "GSM7" : d.parts().encoding().name());
            m.setInt(6, d.parts() == null ? 0 : d.parts().parts());
            m.setInt(7, sent ? d.credits() : 0);
            m.setString(8, d.connector());
            m.setString(9, (!sent ? Sms.Status.FAILED : d.sendAt() == null ? Sms.Status.ACCEPTED
                    : Sms.Status.SCHEDULED).name());
            m.setString(10, sent ? null : d.refusal());
            m.setObject(11, now);
            m.setObject(12, sent && d.sendAt() != null ? OffsetDateTime.ofInstant(d.sendAt(), ZoneOffset.UTC) : null);
            m.setObject(13, sent ? null : now);
            m.setString(14, format);
            m.setInt(15, validityMinutes);
            m.setObject(16, campaign, java.sql.Types.BIGINT);
        });
    }

    /** The journal's lines for what was recorded (after the commit). */
    public static void journal(List<Draft> drafts, List<Outcome> outcomes) {
        for (int i = 0; i < drafts.size(); i++) {
            journal(drafts.get(i), outcomes.get(i));
        }
    }

    public static void journal(Draft d, Outcome o) {
        if (o.recorded()) {
            Journal.accepted(o.id(), d.accountId(), d.recipient(), d.parts(), d.credits(), d.connector(),
                    d.sendAt() == null ? "ACCEPTED" : "SCHEDULED", d.sendAt());
        }
    }

    @Override
    public void close() {
        running = false;
        writer.interrupt();
        try {
            writer.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
