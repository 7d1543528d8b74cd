package io.colibri.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.colibri.domain.SubmitChecks.Facts;
import io.colibri.domain.SubmitChecks.Request;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class SubmitChecksTest {

    /** Facts that record what was asked, so a test can see that later checks were not run. */
    static final class RecordingFacts implements Facts {
        final boolean login;
        final int balance;
        final List<String> asked = new ArrayList<>();

        RecordingFacts(boolean login, int balance) {
            this.login = login;
            this.balance = balance;
        }

        @Override
        public boolean loginValid() {
            asked.add("login");
            return login;
        }

        @Override
        public boolean creditCovers(int credits) {
            asked.add("credit " + credits);
            return balance >= credits;
        }
    }

    @ParameterizedTest(name = "[{0}|{1}|{2}|{3}] login={4} balance={5} -> {6}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
        // email    | pass | numero      | message | login | balance | code
        "NULL       | NULL | NULL        | NULL    | false | 0  | 87",
        "''         | ''   | ''          | ''      | false | 0  | 87",
        "'  '       | p    | 0612345678  | hi      | true  | 9  | 87",
        "a@b.fr     | NULL | NULL        | NULL    | false | 0  | 88",
        "a@b.fr     | p    | NULL        | NULL    | false | 0  | 89",
        "a@b.fr     | p    | 0612345678  | NULL    | false | 0  | 90",
        "a@b.fr     | p    | 0612345678  | ''      | false | 0  | 90",
        "a@b.fr     | p    | garbage     | hi      | false | 0  | 82",
        "a@b.fr     | p    | garbage     | hi      | true  | 0  | 84",
        "a@b.fr     | p    | 0112345678  | hi      | true  | 9  | 84",
        "a@b.fr     | p    | 0612345678  | hi      | true  | 0  | 83",
        "a@b.fr     | p    | 0612345678  | hi      | true  | 1  | 80",
        "a@b.fr     | p    | +33712345678| hi      | true  | 1  | 80",
    })
    void the_first_failing_check_in_table_order_gives_the_code(String email, String pass, String numero,
            String message, boolean login, int balance, int code) {
        var verdict = SubmitChecks.check(new Request(email, pass, numero, message), new RecordingFacts(login, balance));
        assertThat(verdict.code().value()).isEqualTo(code);
    }

    @Test
    void an_empty_field_is_answered_without_looking_up_the_account() {
        RecordingFacts facts = new RecordingFacts(true, 10);
        SubmitChecks.check(new Request("a@b.fr", "p", "0612345678", ""), facts);
        assertThat(facts.asked).isEmpty();
    }

    @Test
    void a_bad_login_is_answered_without_looking_at_the_credit() {
        RecordingFacts facts = new RecordingFacts(false, 10);
        SubmitChecks.check(new Request("a@b.fr", "p", "0612345678", "hi"), facts);
        assertThat(facts.asked).containsExactly("login");
    }

    @Test
    void credit_is_asked_for_the_real_price_of_every_part() {
        RecordingFacts facts = new RecordingFacts(true, 10);
        var verdict = SubmitChecks.check(new Request("a@b.fr", "p", "0612345678", "x".repeat(161)), facts);
        assertThat(facts.asked).containsExactly("login", "credit 2");
        assertThat(verdict.credits()).isEqualTo(2);
        assertThat(verdict.number().e164()).isEqualTo("+33612345678");
    }

    @Test
    void codes_keep_their_legacy_numbers() {
        assertThat(Code.ACCEPTED.value()).isEqualTo(80);
        assertThat(Code.NOT_ENOUGH_CREDIT.value()).isEqualTo(83);
        assertThat(Code.of(97)).isEqualTo(Code.TOO_LONG);
        assertThat(Code.values()).extracting(Code::value).doesNotHaveDuplicates().contains(80, 81, 82, 83, 84, 85, 86, 87, 88, 89, 90, 91, 92, 93, 94, 95, 96, 97);
    }
}
