package io.colibri.gateway.store;

import io.colibri.gateway.TestDatabases;
import io.colibri.gateway.TestDrafts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.colibri.domain.PartCount;
import io.colibri.domain.PhoneNumber;
import io.colibri.gateway.account.Accounts;
import io.colibri.gateway.message.Submissions;
import io.colibri.gateway.store.Database;
import io.colibri.gateway.store.Sms;
import io.colibri.gateway.message.Deliveries;
import io.colibri.gateway.store.Store;
import java.sql.ResultSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Accounts, ledger and messages on a real database: H2, and PostgreSQL when configured. */
public class StoreTest {
    public static final PhoneNumber MOBILE = PhoneNumber.parse("0612345678").orElseThrow();

    public static List<String> databases() {
        return TestDatabases.kinds();
    }

    public interface Body {
        void run(Store store) throws Exception;
    }

    public static void withStore(String kind, Body body) throws Exception {
        Database.Settings settings = TestDatabases.fresh(kind);
        // Few iterations: the cost is a setting, the algorithm is what is tested here.
        try (Store store = new Store(Database.open(settings), 1000)) {
            body.run(store);
        } finally {
            TestDatabases.drop(settings);
        }
    }

    /** A new account a@b.fr with this many credits; returns its id. */
    public static long account(Store store, int credits) {
        store.accounts().create("a@b.fr");
        if (credits > 0) {
            store.accounts().addCredit("a@b.fr", credits, "test");
        }
        return store.accounts().require("a@b.fr").id();
    }

    @ParameterizedTest
    @MethodSource("databases")
    void a_new_account_has_a_generated_password_that_is_stored_only_hashed(String kind) throws Exception {
        withStore(kind, store -> {
            String password = store.accounts().create("Alice@Example.org ");
            assertThat(password).hasSize(12);
            assertThat(store.accounts().authenticate("alice@example.org", password)).isPresent();
            assertThat(store.accounts().authenticate("alice@example.org", password + "x")).isEmpty();
            assertThat(store.accounts().authenticate("bob@example.org", password)).isEmpty();
            try (var c = store.database().dataSource().getConnection();
                 ResultSet rs = c.createStatement().executeQuery("select password_hash from account")) {
                rs.next();
                assertThat(rs.getString(1)).startsWith("pbkdf2-sha256$1000$").doesNotContain(password);
            }
            String renewed = store.accounts().resetPassword("alice@example.org");
            assertThat(store.accounts().authenticate("alice@example.org", password)).as("old password, even recently proven").isEmpty();
            assertThat(store.accounts().authenticate("alice@example.org", renewed)).isPresent();
            assertThatThrownBy(() -> store.accounts().create("alice@example.org"))
                    .isInstanceOf(Accounts.AccountException.class);
            assertThatThrownBy(() -> store.accounts().create("not-an-address"))
                    .isInstanceOf(Accounts.AccountException.class);
        });
    }

    @ParameterizedTest
    @MethodSource("databases")
    void balance_is_the_sum_of_the_ledger(String kind) throws Exception {
        withStore(kind, store -> {
            store.accounts().create("a@b.fr");
            assertThat(store.accounts().addCredit("a@b.fr", 10, "test")).isEqualTo(10);
            assertThat(store.accounts().addCredit("a@b.fr", 5, "test")).isEqualTo(15);
            long id = store.accounts().show("a@b.fr").orElseThrow().id();
            assertThat(TestDrafts.accept(store, id, MOBILE, "x".repeat(200), 2)).isPresent();
            assertThat(store.accounts().show("a@b.fr").orElseThrow().balance()).isEqualTo(13);
            assertThat(store.accounts().ledgerSum(id)).isEqualTo(13);
        });
    }

    @ParameterizedTest
    @MethodSource("databases")
    void concurrent_sends_never_spend_more_than_the_balance(String kind) throws Exception {
        withStore(kind, store -> {
            long id = account(store, 5);
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                Callable<Optional<Long>> send = () -> TestDrafts.accept(store, id, MOBILE, "hi", 1);
                List<Future<Optional<Long>>> results = pool.invokeAll(java.util.Collections.nCopies(20, send));
                long accepted = 0;
                for (Future<Optional<Long>> f : results) {
                    accepted += f.get().isPresent() ? 1 : 0;
                }
                assertThat(accepted).isEqualTo(5);
                assertThat(store.accounts().balance(id)).isZero();
                assertThat(store.accounts().ledgerSum(id)).as("the balance is the ledger's sum").isZero();
            } finally {
                pool.shutdownNow();
            }
        });
    }

    @ParameterizedTest
    @MethodSource("databases")
    void a_message_is_delivered_when_every_part_is_and_undeliverable_when_one_is_not(String kind) throws Exception {
        withStore(kind, store -> {
            long account = account(store, 10);
            String text = "y".repeat(200);
            long m1 = TestDrafts.accept(store, account, MOBILE, text, 2).orElseThrow();
            long m2 = TestDrafts.accept(store, account, MOBILE, text, 2).orElseThrow();
            assertThat(store.submissions().claim(m1)).isPresent();
            store.submissions().submitted(m1, List.of("a1", "a2"));
            store.submissions().submitted(m2, List.of("b1", "b2"));
            assertThat(store.submissions().claim(m1)).as("already submitted: never sent twice").isEmpty();

            assertThat(receipt(store, "mobile", "a1", "DELIVRD", null)).isTrue();
            assertThat(store.queries().find(m1).orElseThrow().getStatus()).isEqualTo(Sms.Status.SUBMITTED);
            assertThat(receipt(store, "mobile", "a2", "DELIVRD", null)).isTrue();
            assertThat(store.queries().find(m1).orElseThrow().getStatus()).isEqualTo(Sms.Status.DELIVERED);

            assertThat(receipt(store, "mobile", "b1", "UNDELIV", "001")).isTrue();
            assertThat(store.queries().find(m2).orElseThrow().getStatus()).isEqualTo(Sms.Status.UNDELIVERABLE);
            assertThat(receipt(store, "landline", "b2", "DELIVRD", null)).as("ids are per connector").isFalse();
        });
    }

    @ParameterizedTest
    @MethodSource("databases")
    void a_message_is_claimed_by_one_consumer_only_and_waits_again_when_released(String kind) throws Exception {
        withStore(kind, store -> {
            long account = account(store, 3);
            long m = TestDrafts.accept(store, account, MOBILE, "hi", 1).orElseThrow();
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<Optional<io.colibri.gateway.message.Submissions.Claimed>>> claims =
                        pool.invokeAll(java.util.Collections.nCopies(8, () -> store.submissions().claim(m)));
                long won = 0;
                for (var f : claims) {
                    won += f.get().isPresent() ? 1 : 0;
                }
                assertThat(won).isEqualTo(1);
            } finally {
                pool.shutdownNow();
            }
            assertThat(store.submissions().claim(m)).as("claimed already").isEmpty();
            store.submissions().release(m);
            assertThat(store.queries().find(m).orElseThrow().getStatus()).isEqualTo(Sms.Status.ACCEPTED);
            assertThat(store.submissions().claim(m)).as("released: waiting again").isPresent();
            store.submissions().submitted(m, List.of("x1"));
            assertThat(store.submissions().claim(m)).as("submitted: never again").isEmpty();
        });
    }

    @ParameterizedTest
    @MethodSource("databases")
    void after_a_restart_interrupted_submissions_are_refunded_and_waiting_messages_listed(String kind) throws Exception {
        withStore(kind, store -> {
            long account = account(store, 5);
            long interrupted = TestDrafts.accept(store, account, MOBILE, "a", 1).orElseThrow();
            long waiting = TestDrafts.accept(store, account, MOBILE, "b", 1).orElseThrow();
            store.submissions().claim(interrupted);
            java.time.OffsetDateTime start = java.time.OffsetDateTime.now();
            // This run's claims come strictly after its start, also at the database's microseconds.
            org.awaitility.Awaitility.await().until(() -> java.time.OffsetDateTime.now().isAfter(start.plusNanos(2000)));
            long later = TestDrafts.accept(store, account, MOBILE, "c", 1).orElseThrow();
            store.submissions().claim(later);

            assertThat(store.submissions().failInterrupted(start)).isEqualTo(1);
            assertThat(store.queries().find(interrupted).orElseThrow().getStatus()).isEqualTo(Sms.Status.FAILED);
            assertThat(store.queries().find(later).orElseThrow().getStatus()).as("claimed after the start: still under way")
                    .isEqualTo(Sms.Status.ACCEPTED);
            assertThat(store.submissions().claim(later)).as("and still claimed").isEmpty();
            assertThat(store.accounts().balance(account)).isEqualTo(3);
            assertThat(store.queries().find(waiting).orElseThrow().getStatus()).as("recorded, for the dispatch route to queue")
                    .isEqualTo(Sms.Status.ACCEPTED);
        });
    }

    /**
     * Issue 13, point 3: a long message whose first part the SMSC took before a later part was
     * refused for now keeps that part (its row, its count in the outbox); a restart that finds it
     * interrupted, or a STOP that cancels it while it waits, refunds only the parts not sent.
     */
    @ParameterizedTest
    @MethodSource("databases")
    void a_long_message_cut_short_after_its_first_part_refunds_only_the_parts_not_sent(String kind) throws Exception {
        withStore(kind, store -> {
            long account = account(store, 10);
            String text = "Rendez-vous demain. ".repeat(20); // 3 parts
            long interrupted = TestDrafts.accept(store, account, MOBILE, text, 3).orElseThrow();
            long stopped = TestDrafts.accept(store, account, PhoneNumber.parse("0698765432").orElseThrow(), text, 3).orElseThrow();
            assertThat(store.accounts().balance(account)).isEqualTo(4);
            for (long m : List.of(interrupted, stopped)) {
                var claimed = store.submissions().claim(m).orElseThrow();
                assertThat(claimed.partsSent()).isZero();
                // Part 1 taken, part 2 throttled: given back with one part sent.
                store.submissions().record(List.of(new Submissions.Sent(m, "mobile", List.of("p1-" + m), false)), List.of(),
                        List.of(new Submissions.Again(m, 1)));
                assertThat(store.queries().find(m).orElseThrow().getStatus()).isEqualTo(Sms.Status.ACCEPTED);
            }
            assertThat(store.submissions().claim(interrupted).orElseThrow().partsSent()).as("the next claim skips part 1").isEqualTo(1);
            java.time.OffsetDateTime start = java.time.OffsetDateTime.now();
            org.awaitility.Awaitility.await().until(() -> java.time.OffsetDateTime.now().isAfter(start.plusNanos(2000)));

            assertThat(store.submissions().failInterrupted(start)).isEqualTo(1);
            Sms cut = store.queries().find(interrupted).orElseThrow();
            assertThat(cut.getStatus()).isEqualTo(Sms.Status.FAILED);
            assertThat(cut.getReason()).contains("after 1 part(s) sent");
            assertThat(store.accounts().balance(account)).as("parts 2 and 3 back").isEqualTo(6);

            assertThat(store.cancellations().cancelPending(account, PhoneNumber.parse("0698765432").orElseThrow(), "STOP")).isEqualTo(1);
            assertThat(store.queries().find(stopped).orElseThrow().getStatus()).isEqualTo(Sms.Status.CANCELLED);
            assertThat(store.accounts().balance(account)).as("parts 2 and 3 back").isEqualTo(8);
            assertThat(store.accounts().ledgerSum(account)).isEqualTo(8);
        });
    }

    /**
     * Issue 17: a message handed to its connector's fallback waits on that queue (its outbox row
     * says so), is claimed once by the fallback's route, and once sent is the fallback's message
     * (receipts match it there), its history keeping the step.
     */
    @ParameterizedTest
    @MethodSource("databases")
    void a_message_handed_to_the_fallback_is_claimed_once_there_and_becomes_that_connectors(String kind) throws Exception {
        withStore(kind, store -> {
            long account = account(store, 2);
            long m = TestDrafts.accept(store, account, MOBILE, "hi", 1).orElseThrow();
            assertThat(store.submissions().claim(List.of(m), "mobile")).singleElement().extracting(Submissions.Claimed::via).isEqualTo("mobile");
            store.submissions().record(List.of(), List.of(), List.of(new Submissions.Again(m, 0, "backup")));
            String waitsOn = store.database().tx(em -> (String) em.createNativeQuery("select connector from message_outbox where message_id = ?1")
                    .setParameter(1, m).getSingleResult());
            assertThat(waitsOn).isEqualTo("backup");

            var claimed = store.submissions().claim(List.of(m), "backup");
            assertThat(claimed).singleElement().satisfies(c -> {
                assertThat(c.via()).isEqualTo("backup");
                assertThat(c.connector()).as("its own, until a part leaves").isEqualTo("mobile");
            });
            assertThat(store.submissions().claim(List.of(m), "mobile")).as("a leftover entry on mobile's queue").isEmpty();
            store.submissions().record(List.of(new Submissions.Sent(m, "backup", List.of("b-" + m), true,
                    "connector mobile unavailable → sent via backup")), List.of(), List.of());

            Sms sent = store.queries().find(m).orElseThrow();
            assertThat(sent.getStatus()).isEqualTo(Sms.Status.SUBMITTED);
            assertThat(sent.getConnector()).isEqualTo("backup");
            String submittedBy = store.database().tx(em -> (String) em.createNativeQuery("select connector from submission where message_id = ?1")
                    .setParameter(1, m).getSingleResult());
            assertThat(submittedBy).isEqualTo("backup");
            List<Object> steps = store.database().tx(em -> new java.util.ArrayList<Object>(
                    em.createNativeQuery("select step from message_step where message_id = ?1").setParameter(1, m).getResultList()));
            assertThat(steps).containsExactly((Object) "connector mobile unavailable → sent via backup");
            assertThat(store.accounts().balance(account)).isEqualTo(1);
        });
    }

    @ParameterizedTest
    @MethodSource("databases")
    void a_message_refused_by_the_smsc_is_failed_and_refunded_once(String kind) throws Exception {
        withStore(kind, store -> {
            long account = account(store, 3);
            long m = TestDrafts.accept(store, account, MOBILE, "hi", 1).orElseThrow();
            assertThat(store.accounts().balance(account)).isEqualTo(2);
            store.submissions().failed(m, "refused");
            store.submissions().failed(m, "refused again");
            assertThat(store.accounts().balance(account)).isEqualTo(3);
            assertThat(store.accounts().ledgerSum(account)).isEqualTo(3);
            assertThat(store.queries().find(m).orElseThrow().getReason()).isEqualTo("refused");
        });
    }

    @ParameterizedTest
    @MethodSource("databases")
    void messages_are_counted_by_status_with_the_last_done_time(String kind) throws Exception {
        withStore(kind, store -> {
            long account = account(store, 10);
            long m1 = TestDrafts.accept(store, account, MOBILE, "a", 1).orElseThrow();
            TestDrafts.accept(store, account, MOBILE, "b", 1).orElseThrow();
            store.submissions().submitted(m1, List.of("c1"));
            receipt(store, "mobile", "c1", "DELIVRD", null);

            List<Object[]> rows = store.queries().countByStatus(account);
            assertThat(rows).extracting(r -> r[0], r -> ((Number) r[1]).longValue())
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(Sms.Status.ACCEPTED, 1L),
                            org.assertj.core.groups.Tuple.tuple(Sms.Status.DELIVERED, 1L));
            assertThat(rows.get(0)[2]).isNull();
            assertThat(rows.get(1)[2]).isEqualTo(store.queries().find(m1).orElseThrow().getDoneAt());
        });
    }

    @ParameterizedTest
    @MethodSource("databases")
    void receipts_matching_no_part_are_kept_and_counted(String kind) throws Exception {
        withStore(kind, store -> {
            assertThat(receipt(store, "mobile", "nope", "DELIVRD", null)).isFalse();
            store.deliveries().keepUnmatched(List.of(new Deliveries.Receipt("mobile", "nope", "DELIVRD", null),
                    new Deliveries.Receipt("landline", "nope-2", "UNDELIV", null)));
            assertThat(store.deliveries().unmatched()).isEqualTo(2);
        });
    }

    /** One receipt applied as the receipts route applies a batch: true when it matched a part. */
    public static boolean receipt(Store store, String connector, String smscId, String stat, String error) {
        return store.deliveries().apply(List.of(new Deliveries.Receipt(connector, smscId, stat, error))).get(0).matched();
    }
}
