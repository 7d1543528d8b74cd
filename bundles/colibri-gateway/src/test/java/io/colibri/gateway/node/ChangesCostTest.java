package io.colibri.gateway.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.colibri.domain.PartCount;
import io.colibri.domain.PhoneNumber;
import io.colibri.gateway.TestDatabases;
import io.colibri.gateway.message.RecentTexts;
import io.colibri.gateway.message.Recorder;
import io.colibri.gateway.store.Changes;
import io.colibri.gateway.store.Database;
import io.colibri.gateway.store.Sms;
import io.colibri.gateway.store.Store;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What telling the duplicate guard's keys costs (issue 18), against the other way of catching a
 * duplicate sent through another node: asking the database for every message. Not a check: a
 * measure, run by hand ({@code COLIBRI_TEST_COST=1} and a PostgreSQL); it prints its figures.
 */
class ChangesCostTest {
    private static final int ROUNDS = 100;

    @Test
    void the_duplicate_guards_keys_told_per_group_commit_against_a_database_check_per_message() {
        assumeTrue(TestDatabases.pgUrl() != null && System.getenv("COLIBRI_TEST_COST") != null, "a measure, run by hand");
        Database.Settings settings = TestDatabases.fresh("postgresql");
        try (Store a = new Store(Database.open(settings), 1000); Store b = new Store(Database.open(settings), 1000)) {
            ChangeListener listener = new ChangeListener(b.database(), b.changes(), 5000);
            listener.start();
            try {
                String email = "cost@example.com";
                a.accounts().create(email);
                long account = a.accounts().require(email).id();
                a.accounts().addCredit(email, 100_000_000, "cost");
                // B holds the account: every key heard is added there.
                b.recentTexts().mayHave(account, "+33600000000", 1, java.time.Instant.now());
                Recorder telling = a.recorder();
                Recorder silent = new Recorder(a.database(), new RecentTexts(a.queries()::recentKeys, Clock.systemUTC()), Clock.systemUTC(),
                        Changes.none());
                int[] n = {0};
                for (int size : new int[] {1, 100, 1000}) {
                    // Warm both.
                    for (int i = 0; i < 5; i++) {
                        telling.recordNow(drafts(account, size, n));
                        silent.recordNow(drafts(account, size, n));
                    }
                    long[] withNotify = new long[ROUNDS];
                    long[] without = new long[ROUNDS];
                    for (int r = 0; r < ROUNDS; r++) {
                        List<Recorder.Draft> d1 = drafts(account, size, n);
                        List<Recorder.Draft> d2 = drafts(account, size, n);
                        boolean toldFirst = r % 2 == 0; // neither always after the other
                        for (int turn = 0; turn < 2; turn++) {
                            boolean told = toldFirst == (turn == 0);
                            long t0 = System.nanoTime();
                            (told ? telling : silent).recordNow(told ? d1 : d2);
                            (told ? withNotify : without)[r] = System.nanoTime() - t0;
                        }
                    }
                    long check = databaseCheck(a.database(), account, size, n);
                    long told = median(withNotify);
                    long not = median(without);
                    System.out.printf("COST group commit of %4d (medians of %d): told %.3f ms, not told %.3f ms: %+.1f us per commit, %+.2f us"
                                    + " per message; a database check of each message instead: +%.1f us per message (median)%n", size, ROUNDS,
                            told / 1e6, not / 1e6, (told - not) / 1e3, (told - not) / 1e3 / size, check / 1e3 / size);
                }
                // Two nodes committing at once: PostgreSQL serializes the commits of transactions that notified.
                Recorder silentB = new Recorder(b.database(), new RecentTexts(b.queries()::recentKeys, Clock.systemUTC()), Clock.systemUTC(),
                        Changes.none());
                for (int size : new int[] {1, 100}) {
                    for (int pass = 0; pass < 4; pass++) {
                        long toldBoth = side(telling, b.recorder(), account, size, n);
                        long silentBoth = side(silent, silentB, account, size, n);
                        if (pass > 0) {
                            System.out.printf("COST two nodes committing %d-message batches at once, %d each: told %.1f ms, not told %.1f ms"
                                    + " (%.0f against %.0f commits/s)%n", size, ROUNDS, toldBoth / 1e6, silentBoth / 1e6,
                                    2.0 * ROUNDS / (toldBoth / 1e9), 2.0 * ROUNDS / (silentBoth / 1e9));
                        }
                    }
                }
                silentB.close();
                long heardAt = System.nanoTime();
                long heard = listener.heard();
                int keys = 200_000;
                RecentTexts.LongList list = new RecentTexts.LongList();
                for (int i = 0; i < keys; i++) {
                    list.add(RecentTexts.key("+3361" + i, i));
                }
                a.database().jdbc(c -> {
                    RecentTexts.tell(c, a.changes(), java.util.Map.of(account, list), java.time.Instant.now());
                    return null;
                });
                long told = System.nanoTime() - heardAt;
                org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                        .until(() -> b.recentTexts().mayHave(account, "+3361" + (keys - 1), keys - 1, java.time.Instant.now()));
                long all = System.nanoTime() - heardAt;
                System.out.printf("COST %d keys in one transaction: %d notifications, told in %.1f ms, all heard on B after %.1f ms"
                        + " (%.2f us per key)%n", keys, listener.heard() - heard, told / 1e6, all / 1e6, all / 1e3 / keys);
                assertThat(listener.heard()).isGreaterThan(heard);
            } finally {
                listener.stop();
            }
        } finally {
            TestDatabases.drop(settings);
        }
    }

    /** Both recorders commit ROUNDS batches at the same time; the wall time. */
    private static long side(Recorder one, Recorder other, long account, int size, int[] n) {
        List<List<Recorder.Draft>> first = new ArrayList<>();
        List<List<Recorder.Draft>> second = new ArrayList<>();
        for (int r = 0; r < ROUNDS; r++) {
            first.add(drafts(account, size, n));
            second.add(drafts(account, size, n));
        }
        long t0 = System.nanoTime();
        Thread t = new Thread(() -> first.forEach(one::recordNow));
        t.start();
        second.forEach(other::recordNow);
        try {
            t.join();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
        return System.nanoTime() - t0;
    }

    private static synchronized List<Recorder.Draft> drafts(long account, int size, int[] n) {
        List<Recorder.Draft> drafts = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            int k = n[0]++;
            PhoneNumber to = PhoneNumber.parse(String.format("06%08d", k % 100_000_000)).orElseThrow();
            String text = "cost " + k;
            drafts.add(Recorder.Draft.of(account, to, text, PartCount.of(text), 0, "mobile", null, "NORMAL", 2880, true));
        }
        return drafts;
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /** The other way: each message of a commit looked for in the database (the guard's query, one per message), in one transaction. */
    private static long databaseCheck(Database db, long account, int size, int[] n) {
        long[] times = new long[ROUNDS];
        for (int r = 0; r < ROUNDS; r++) {
            List<Recorder.Draft> drafts = drafts(account, size, n);
            long t0 = System.nanoTime();
            db.jdbc(c -> {
                try (PreparedStatement s = c.prepareStatement("select 1 from message where account_id = ? and recipient = ? and body_hash = ?"
                        + " and accepted_at > ? and body = ? and status <> 'FAILED' and status <> 'CANCELLED' limit 1")) {
                    OffsetDateTime since = OffsetDateTime.now(ZoneOffset.UTC).minusHours(24);
                    for (Recorder.Draft d : drafts) {
                        s.setLong(1, account);
                        s.setString(2, d.recipient());
                        s.setLong(3, Sms.hash(d.text()));
                        s.setObject(4, since);
                        s.setString(5, d.text());
                        try (ResultSet rs = s.executeQuery()) {
                            rs.next();
                        }
                    }
                }
                return null;
            });
            times[r] = System.nanoTime() - t0;
        }
        return median(times);
    }
}
