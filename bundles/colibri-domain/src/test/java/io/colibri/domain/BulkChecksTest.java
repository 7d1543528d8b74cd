package io.colibri.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.colibri.domain.SubmitChecks.Planned;
import io.colibri.domain.SubmitChecks.Recipient;
import io.colibri.domain.SubmitChecks.Request;
import io.colibri.domain.SubmitChecks.Verdict;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** HTTP-3 with MERGE-1..3: a send to a group, checked as a whole and priced per member. */
class BulkChecksTest {
    static final Instant NOW = SubmitChecksTest.NOW;

    private static Recipient member(String number, String v1, String v2, String v3) {
        return new Recipient(PhoneNumber.parse(number).orElseThrow(), v1, v2, v3);
    }

    private static SubmitChecksTest.RecordingFacts facts(String options, Recipient... members) {
        SubmitChecksTest.RecordingFacts facts = new SubmitChecksTest.RecordingFacts().options(options);
        facts.groups.put("Parents", List.of(members));
        return facts;
    }

    private static Verdict send(SubmitChecksTest.RecordingFacts facts, String text) {
        return send(facts, text, null, false);
    }

    private static Verdict send(SubmitChecksTest.RecordingFacts facts, String text, String diff, boolean test) {
        return SubmitChecks.check(new Request("a@b.fr", "p", "Parents", text, diff, test, "192.0.2.7"), facts,
                SubmitChecksTest.rules(NOW));
    }

    @Test
    void each_member_gets_its_merged_text_priced_on_its_own_and_the_whole_is_debited_once_checked() {
        SubmitChecksTest.RecordingFacts facts = facts("long-sms=on;domtom=on",
                member("0612345678", "Léa", "14", null),
                member("0712345678", "Maximilien-Alexandre de la Tour " + "x".repeat(120), "9", null),
                member("0690123456", "Zoé", null, null));
        Verdict v = send(facts, "Bonjour [v1], note [v2].");
        // The group is read as it is checked (the first member once more, to know it is not empty),
        // never held: each member asked about as it comes, the credit once for the whole.
        assertThat(facts.asked).containsExactly("login", "options", "group Parents", "blacklisted", "blacklisted", "blacklisted",
                "duplicate", "blacklisted", "duplicate", "duplicate", "credit 7");
        assertThat(v.code()).isEqualTo(Code.ACCEPTED);
        assertThat(v.isBulk()).isTrue();
        assertThat(v.bulk()).extracting(Planned::text).containsExactly("Bonjour Léa, note 14.",
                "Bonjour Maximilien-Alexandre de la Tour " + "x".repeat(120) + ", note 9.", "Bonjour Zoé, note .");
        assertThat(v.bulk()).extracting(p -> p.parts().parts()).containsExactly(1, 2, 1);
        assertThat(v.bulk()).extracting(Planned::credits).containsExactly(1, 2, 4);
        assertThat(v.credits()).isEqualTo(7);
    }

    @Test
    void unknown_or_empty_group_or_every_member_blacklisted_is_86() {
        SubmitChecksTest.RecordingFacts none = new SubmitChecksTest.RecordingFacts();
        assertThat(send(none, "hi").code()).isEqualTo(Code.EMPTY_GROUP);
        assertThat(send(facts(""), "hi").code()).isEqualTo(Code.EMPTY_GROUP);
        SubmitChecksTest.RecordingFacts black = facts("", member("0612345678", null, null, null));
        black.blacklisted = true;
        assertThat(send(black, "hi").code()).isEqualTo(Code.EMPTY_GROUP);
        assertThat(black.asked).doesNotContain("credit 0", "duplicate");
    }

    @Test
    void blacklisted_members_are_left_out_and_not_counted() {
        SubmitChecksTest.RecordingFacts facts = new SubmitChecksTest.RecordingFacts() {
            @Override
            public boolean blacklisted(PhoneNumber number) {
                super.blacklisted(number);
                return number.e164().equals("+33712345678");
            }
        };
        facts.groups.put("Parents", List.of(member("0612345678", null, null, null), member("0712345678", null, null, null)));
        Verdict v = send(facts, "hi");
        assertThat(v.code()).isEqualTo(Code.ACCEPTED);
        assertThat(v.bulk()).extracting(p -> p.number().e164()).containsExactly("+33612345678");
        assertThat(v.credits()).isEqualTo(1);
    }

    @Test
    void members_the_account_may_not_write_to_are_planned_as_not_sent_with_their_code_and_the_rest_goes() {
        SubmitChecksTest.RecordingFacts facts = facts("",
                member("0145678901", null, null, null),   // landline, option off
                member("0690123456", null, null, null),   // DOM-TOM, option off
                member("+447911123456", null, null, null), // international, option off
                member("0612345678", "Léa", null, null),
                member("0612000000", null, null, null));   // merged text empty
        facts.duplicate = false;
        Verdict v = send(facts, "[v1]");
        assertThat(v.code()).isEqualTo(Code.ACCEPTED);
        assertThat(v.bulk()).extracting(Planned::refusal).containsExactly(Code.INVALID_NUMBER, Code.DOM_TOM_NOT_ALLOWED,
                Code.INVALID_NUMBER, null, Code.EMPTY_MESSAGE);
        assertThat(v.bulk()).filteredOn(Planned::sendable).extracting(Planned::text).containsExactly("Léa");
        assertThat(v.credits()).isEqualTo(1);
    }

    @Test
    void a_duplicate_is_not_sent_again_but_the_others_are() {
        SubmitChecksTest.RecordingFacts facts = new SubmitChecksTest.RecordingFacts() {
            @Override
            public boolean sentWithin24h(PhoneNumber number, String text) {
                super.sentWithin24h(number, text);
                return text.equals("Bonjour Léa");
            }
        };
        facts.groups.put("Parents", List.of(member("0612345678", "Léa", null, null), member("0712345678", "Bob", null, null)));
        Verdict v = send(facts, "Bonjour [v1]");
        assertThat(v.code()).isEqualTo(Code.ACCEPTED);
        assertThat(v.bulk()).extracting(Planned::refusal).containsExactly(Code.DUPLICATE, null);
        assertThat(v.credits()).isEqualTo(1);
    }

    @Test
    void when_no_member_is_left_the_first_members_code_is_the_answer() {
        SubmitChecksTest.RecordingFacts facts = facts("", member("0690123456", null, null, null), member("0145678901", null, null, null));
        assertThat(send(facts, "hi").code()).isEqualTo(Code.DOM_TOM_NOT_ALLOWED);
        SubmitChecksTest.RecordingFacts dup = facts("", member("0612345678", null, null, null));
        dup.duplicate = true;
        assertThat(send(dup, "hi").code()).isEqualTo(Code.DUPLICATE);
    }

    @Test
    void one_merged_text_too_long_stops_the_whole_bulk_97() {
        SubmitChecksTest.RecordingFacts facts = facts("", member("0612345678", "court", null, null),
                member("0712345678", "x".repeat(200), null, null));
        assertThat(send(facts, "Bonjour [v1]").code()).isEqualTo(Code.TOO_LONG);
        assertThat(facts.asked).doesNotContain("credit 1", "credit 2");
    }

    @Test
    void the_credit_must_cover_every_member_or_nothing_goes_83() {
        SubmitChecksTest.RecordingFacts facts = facts("", member("0612345678", null, null, null), member("0712345678", null, null, null),
                member("0612000000", null, null, null));
        facts.balance = 2;
        Verdict v = send(facts, "hi");
        assertThat(v.code()).isEqualTo(Code.NOT_ENOUGH_CREDIT);
        assertThat(v.credits()).isEqualTo(3);
        assertThat(v.accepted()).isFalse();
    }

    @Test
    void deferred_test_and_date_errors_apply_to_the_whole() {
        SubmitChecksTest.RecordingFacts facts = facts("", member("0612345678", null, null, null));
        Verdict deferred = send(facts, "hi", "120016012024", false);
        assertThat(deferred.code()).isEqualTo(Code.DEFERRED);
        assertThat(deferred.bulk().iterator().next().sendAt()).isEqualTo(Instant.parse("2024-01-16T11:00:00Z"));
        assertThat(send(facts, "hi", "120014012024", false).code()).isEqualTo(Code.BAD_DEFERRED_DATE);
        assertThat(send(facts, "hi", null, true).code()).isEqualTo(Code.TEST_OK);
        SubmitChecksTest.RecordingFacts empty = new SubmitChecksTest.RecordingFacts();
        assertThat(send(empty, "hi", "120014012024", false).code()).as("86 before 85").isEqualTo(Code.EMPTY_GROUP);
    }

    @Test
    void a_cancellation_names_every_member_at_that_minute() {
        SubmitChecksTest.RecordingFacts facts = facts("", member("0612345678", null, null, null), member("0712345678", null, null, null));
        Verdict v = send(facts, null, "120016012024s", false);
        assertThat(v.cancellation()).isTrue();
        assertThat(v.bulk()).extracting(p -> p.number().e164()).containsExactly("+33612345678", "+33712345678");
        assertThat(v.cancel().at()).isEqualTo(Instant.parse("2024-01-16T11:00:00Z"));
    }

    @Test
    void a_landline_member_at_night_waits_for_eight() {
        SubmitChecksTest.RecordingFacts facts = facts("landline=on", member("0145678901", null, null, null), member("0612345678", null, null, null));
        Verdict v = SubmitChecks.check(new Request("a@b.fr", "p", "parents", "hi", null, false, null), facts(facts),
                SubmitChecksTest.rules(Instant.parse("2024-01-15T22:30:00Z")));
        assertThat(v.code()).isEqualTo(Code.ACCEPTED);
        assertThat(v.bulk()).extracting(Planned::sendAt).containsExactly(Instant.parse("2024-01-16T07:00:00Z"), null);
    }

    /** The same facts, the group found under any case (as the store matches names). */
    private static SubmitChecksTest.RecordingFacts facts(SubmitChecksTest.RecordingFacts f) {
        List<Recipient> members = new ArrayList<>(f.groups.get("Parents"));
        f.groups.put("parents", members);
        return f;
    }

    @Test
    void group_names_and_numbers_are_told_apart() {
        for (String number : List.of("0612345678", "06 12 34 56 78", "+33 (0)6 12 34 56 78", "06.12", "123")) {
            assertThat(PhoneNumber.looksLikeNumber(number)).as(number).isTrue();
        }
        for (String name : Set.of("Parents", "CM2 2026", "Mauvais numéros", "06 12 AB", "")) {
            assertThat(PhoneNumber.looksLikeNumber(name)).as(name).isFalse();
        }
    }
}
