package io.colibri.gateway.contact;

import io.colibri.gateway.store.StoreTest;
import static io.colibri.gateway.store.StoreTest.account;
import static io.colibri.gateway.store.StoreTest.withStore;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.colibri.domain.PhoneNumber;
import io.colibri.domain.PartCount;
import io.colibri.gateway.contact.Groups;
import io.colibri.gateway.message.Recorder;
import io.colibri.gateway.store.Sms;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Contact groups on a real database: H2, and PostgreSQL when configured. */
class GroupsTest {
    static final PhoneNumber LEA = PhoneNumber.parse("0612345678").orElseThrow();
    static final PhoneNumber BOB = PhoneNumber.parse("07 12 34 56 78").orElseThrow();

    static List<String> databases() {
        return StoreTest.databases();
    }

    @ParameterizedTest
    @MethodSource("databases")
    void a_group_is_made_by_its_first_contact_and_a_number_is_once_per_group(String kind) throws Exception {
        withStore(kind, store -> {
            long a = account(store, 0);
            Groups groups = store.groups();
            assertThat(groups.add(a, "Parents", LEA, "Léa", "CM2", null, null)).isTrue();
            assertThat(groups.add(a, "parents ", BOB, "Bob", null, null, null)).as("case and spaces ignored").isTrue();
            assertThat(groups.add(a, "PARENTS", LEA, "Léa M.", "CM1", "x", "y")).as("again: replaced").isFalse();
            assertThat(groups.add(a, "Bureau", LEA, "Léa", null, null, null)).as("another group").isTrue();

            assertThat(groups.list(a)).containsExactly(new Groups.Summary("Bureau", 1), new Groups.Summary("Parents", 2));
            assertThat(groups.name(a, "parents")).contains("Parents");
            assertThat(groups.members(a, "Parents").orElseThrow()).containsExactly(
                    new Groups.Member("+33612345678", "Léa M.", "CM1", "x", "y"),
                    new Groups.Member("+33712345678", "Bob", null, null, null));
            assertThat(groups.members(a, "Inconnu")).isEmpty();
        });
    }

    @ParameterizedTest
    @MethodSource("databases")
    void a_removed_contact_leaves_its_group_only_and_an_emptied_group_stays(String kind) throws Exception {
        withStore(kind, store -> {
            long a = account(store, 0);
            Groups groups = store.groups();
            groups.add(a, "Parents", LEA, null, null, null, null);
            groups.add(a, "Bureau", LEA, null, null, null, null);
            assertThat(groups.remove(a, "parents", LEA)).isTrue();
            assertThat(groups.remove(a, "parents", LEA)).isFalse();
            assertThat(groups.remove(a, "Inconnu", LEA)).isFalse();
            assertThat(groups.members(a, "Parents").orElseThrow()).isEmpty();
            assertThat(groups.members(a, "Bureau").orElseThrow()).hasSize(1);
        });
    }

    @ParameterizedTest
    @MethodSource("databases")
    void groups_belong_to_their_account(String kind) throws Exception {
        withStore(kind, store -> {
            long a = account(store, 0);
            store.accounts().create("other@b.fr");
            long other = store.accounts().require("other@b.fr").id();
            store.groups().add(a, "Parents", LEA, null, null, null, null);
            assertThat(store.groups().members(other, "Parents")).isEmpty();
            assertThat(store.groups().list(other)).isEmpty();
        });
    }

    @ParameterizedTest
    @MethodSource("databases")
    void a_group_name_must_be_a_name_not_a_number(String kind) throws Exception {
        withStore(kind, store -> {
            long a = account(store, 0);
            for (String bad : List.of("", "  ", "0612345678", "06 12 34 56 78", "+33 6 12", "a@b.fr", "x".repeat(101))) {
                assertThatThrownBy(() -> store.groups().add(a, bad, LEA, null, null, null, null))
                        .as(bad).isInstanceOf(Groups.GroupException.class);
            }
            assertThat(store.groups().list(a)).isEmpty();
            assertThat(store.groups().add(a, "Mauvais numéros", LEA, null, null, null, null)).isTrue();
            assertThat(store.groups().add(a, "CM2 2026", LEA, null, null, null, null)).isTrue();
        });
    }

    @ParameterizedTest
    @MethodSource("databases")
    void a_bulk_of_ten_thousand_is_recorded_in_batches_with_one_debit_per_member(String kind) throws Exception {
        withStore(kind, store -> {
            long a = account(store, 25_000);
            java.time.Instant now = java.time.Instant.now();
            List<Recorder.BulkDraft> drafts = new java.util.ArrayList<>();
            for (int i = 0; i < 10_000; i++) {
                PhoneNumber to = PhoneNumber.parse(String.format("06%08d", i)).orElseThrow();
                String text = "Bonjour " + i;
                drafts.add(new Recorder.BulkDraft(to, text, PartCount.of(text), 2, "mobile", null, i % 1000 == 0 ? "not sent: x (93)" : null));
            }
            List<Long> ids = store.recorder().recordBulk(a, drafts, "NORMAL", 2880).orElseThrow();
            assertThat(ids).hasSize(9_990).doesNotHaveDuplicates();
            assertThat(store.accounts().balance(a)).isEqualTo(25_000 - 2 * 9_990);
            assertThat(store.accounts().ledgerSum(a)).isEqualTo(25_000 - 2 * 9_990);
            Sms first = store.queries().find(ids.get(0)).orElseThrow();
            assertThat(first.getStatus()).isEqualTo(Sms.Status.ACCEPTED);
            assertThat(first.getBody()).isEqualTo("Bonjour 1");
            assertThat(first.getRecipient()).isEqualTo("+33600000001");
            assertThat(store.queries().countByStatus(a)).extracting(r -> r[0].toString() + "=" + r[1])
                    .containsExactlyInAnyOrder("FAILED=10", "ACCEPTED=9990");
            // The ledger names each debited message.
            long named = store.database().tx(em -> em.createQuery(
                    "select count(l) from LedgerEntry l where l.accountId = :a and l.reference = :r", Long.class)
                    .setParameter("a", a).setParameter("r", "message:" + ids.get(9_989)).getSingleResult());
            assertThat(named).isEqualTo(1);
        });
    }

    @ParameterizedTest
    @MethodSource("databases")
    void a_bulk_the_balance_does_not_cover_records_nothing(String kind) throws Exception {
        withStore(kind, store -> {
            long a = account(store, 3);
            java.time.Instant now = java.time.Instant.now();
            List<Recorder.BulkDraft> drafts = List.of(
                    new Recorder.BulkDraft(LEA, "a", PartCount.of("a"), 2, "mobile", now, null),
                    new Recorder.BulkDraft(BOB, "a", PartCount.of("a"), 2, "mobile", now, null));
            assertThat(store.recorder().recordBulk(a, drafts, "NORMAL", 2880)).isEmpty();
            assertThat(store.accounts().balance(a)).isEqualTo(3);
            assertThat(store.queries().countByStatus(a)).isEmpty();
        });
    }

    @ParameterizedTest
    @MethodSource("databases")
    void an_import_adds_new_numbers_and_replaces_the_details_of_known_ones_a_later_line_winning(String kind) throws Exception {
        withStore(kind, store -> {
            long a = account(store, 0);
            store.groups().add(a, "Club", LEA, "Léa", "old", null, null);
            List<io.colibri.domain.ContactRows.Contact> batch = List.of(
                    new io.colibri.domain.ContactRows.Contact(1, LEA, "Léa M.", "new", null, null),
                    new io.colibri.domain.ContactRows.Contact(2, BOB, "Bob", null, null, null),
                    new io.colibri.domain.ContactRows.Contact(3, BOB, "Bob B.", "2", null, null));
            assertThat(store.groups().importBatch(a, "club", batch)).isEqualTo(new Groups.Imported(1, 1));
            assertThat(store.groups().importBatch(a, "Nouveau", List.of(batch.get(1)))).isEqualTo(new Groups.Imported(1, 0));
            assertThat(store.groups().members(a, "Club").orElseThrow()).containsExactly(
                    new Groups.Member("+33612345678", "Léa M.", "new", null, null),
                    new Groups.Member("+33712345678", "Bob B.", "2", null, null));
            assertThat(store.groups().list(a)).extracting(Groups.Summary::name).containsExactly("Club", "Nouveau");
        });
    }
}
