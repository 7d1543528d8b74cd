package io.colibri.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.colibri.domain.SubmitChecks.Facts;
import io.colibri.domain.SubmitChecks.Request;
import io.colibri.domain.SubmitChecks.Rules;
import io.colibri.domain.SubmitChecks.Verdict;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * HTTP-5: the checks in the table's order, each answered by the first that fails, and nothing
 * asked of the account that an earlier failure made useless.
 */
class SubmitChecksTest {

    /** Monday 15 January 2024, 11:00:30 in Paris (UTC+1): inside landline hours. */
    static final Instant NOW = Instant.parse("2024-01-15T10:00:30Z");

    static final PriceTable PRICES = PriceTable.from(Map.of("metropolitan", "1", "domtom", "4", "international.32", "3"));

    static Rules rules(Instant now) {
        return new Rules(PRICES, Clock.fixed(now, ZoneOffset.UTC), n -> SmscCharset.GSM);
    }

    /** Facts that record what was asked, in order, so a test can see that later checks were not run. */
    static class RecordingFacts implements Facts {
        boolean login = true;
        AccountOptions options = AccountOptions.DEFAULTS;
        boolean blacklisted;
        boolean duplicate;
        int balance = 1000;
        final List<String> asked = new ArrayList<>();
        final List<PhoneNumber> numbers = new ArrayList<>();
        final List<String> texts = new ArrayList<>();

        RecordingFacts options(String spec) {
            for (String kv : spec.split(";")) {
                if (!kv.isBlank()) {
                    String[] f = kv.split("=", 2);
                    options = options.with(f[0].trim(), f[1].trim());
                }
            }
            return this;
        }

        @Override
        public boolean loginValid() {
            asked.add("login");
            return login;
        }

        @Override
        public AccountOptions options() {
            asked.add("options");
            return options;
        }

        @Override
        public boolean blacklisted(PhoneNumber number) {
            asked.add("blacklisted");
            numbers.add(number);
            return blacklisted;
        }

        @Override
        public boolean sentWithin24h(PhoneNumber number, String text) {
            asked.add("duplicate");
            numbers.add(number);
            texts.add(text);
            return duplicate;
        }

        @Override
        public boolean creditCovers(int credits) {
            asked.add("credit " + credits);
            return balance >= credits;
        }

        final Map<String, List<SubmitChecks.Recipient>> groups = new java.util.HashMap<>();

        @Override
        public java.util.Optional<List<SubmitChecks.Recipient>> group(String name) {
            asked.add("group " + name);
            return java.util.Optional.ofNullable(groups.get(name));
        }
    }

    private static final Pattern REPEAT = Pattern.compile("(.)\\*(\\d+)");

    /** {@code x*161} is 161 times x. */
    private static String text(String spec) {
        if (spec == null) {
            return null;
        }
        Matcher m = REPEAT.matcher(spec);
        return m.matches() ? m.group(1).repeat(Integer.parseInt(m.group(2))) : spec;
    }

    private static List<String> asked(String spec) {
        return spec == null || spec.isBlank() ? List.of() : Arrays.stream(spec.split(",")).map(String::trim).toList();
    }

    // Dates for NOW (2024-01-15 11:00:30 Paris):
    //   120016012024 tomorrow 12:00   110015012024 this minute   105915012024 a minute ago
    //   120031022024 31 February      15h01                      not a date
    @ParameterizedTest(name = "[{index}] {13}: {12}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
        // email | pass | numero           | message | diff         | ip          | login | options                          | black | dup   | balance | asked                                             | code | why
        // ---- 87, 88, 89, 90: empty fields, nothing asked
        "''      | ''   | ''               | ''      | 120031022024 | 192.0.2.7   | false | ''                               | true  | true  | 0       | ''                                                | 87   | everything empty",
        "NULL    | p    | 0612345678       | hi      | NULL         | 192.0.2.7   | true  | ''                               | false | false | 100     | ''                                                | 87   | email null",
        "'  '    | p    | 0612345678       | hi      | NULL         | 192.0.2.7   | true  | ''                               | false | false | 100     | ''                                                | 87   | email blank",
        "a@b.fr  | ''   | ''               | ''      | NULL         | 192.0.2.7   | false | ''                               | false | false | 0       | ''                                                | 88   | pass empty and later ones",
        "a@b.fr  | NULL | 0612345678       | hi      | NULL         | 192.0.2.7   | true  | ''                               | false | false | 100     | ''                                                | 88   | pass null",
        "a@b.fr  | ' '  | 0612345678       | hi      | NULL         | 192.0.2.7   | true  | ''                               | false | false | 100     | ''                                                | 88   | pass blank",
        "a@b.fr  | p    | ''               | ''      | NULL         | 192.0.2.7   | false | ''                               | false | false | 0       | ''                                                | 89   | numero empty and message",
        "a@b.fr  | p    | NULL             | hi      | NULL         | 192.0.2.7   | true  | ''                               | false | false | 100     | ''                                                | 89   | numero null",
        "a@b.fr  | p    | '   '            | hi      | NULL         | 192.0.2.7   | true  | ''                               | false | false | 100     | ''                                                | 89   | numero blank",
        "a@b.fr  | p    | 0812345678       | ''      | 120031022024 | 10.9.9.9    | false | ''                               | false | false | 0       | ''                                                | 90   | message empty before login",
        "a@b.fr  | p    | 0612345678       | NULL    | NULL         | 192.0.2.7   | true  | ''                               | false | false | 100     | ''                                                | 90   | message null",
        // ---- 82: login
        "a@b.fr  | p    | 0812345678       | hi      | 120031022024 | 10.9.9.9    | false | ''                               | true  | true  | 0       | login                                             | 82   | bad login before everything else",
        // ---- 96: caller's address
        "a@b.fr  | p    | 0812345678       | hi      | 120031022024 | 192.0.2.7   | true  | allowed-ips=10.0.0.0/8           | true  | true  | 0       | login, options                                    | 96   | ip before number",
        "a@b.fr  | p    | 0612345678       | hi      | NULL         | 10.9.9.9    | true  | allowed-ips=10.0.0.0/8           | false | false | 100     | login, options, blacklisted, duplicate, credit 1  | 80   | ip in the network",
        "a@b.fr  | p    | 0612345678       | hi      | NULL         | ::ffff:10.9.9.9 | true | allowed-ips=10.0.0.0/8         | false | false | 100     | login, options, blacklisted, duplicate, credit 1  | 80   | ip mapped in the network",
        // ---- 84: number invalid, not bought, or blacklisted
        "a@b.fr  | p    | 0812345678       | hi      | 120031022024 | 192.0.2.7   | true  | ''                               | true  | true  | 0       | login, options                                    | 84   | premium number before date",
        "a@b.fr  | p    | 06 12 AB 56 78   | hi      | 120031022024 | 192.0.2.7   | true  | ''                               | false | false | 100     | login, options, group 06 12 AB 56 78              | 84   | letters in a number (no such group)",
        "a@b.fr  | p    | garbage          | hi      | 120031022024 | 192.0.2.7   | true  | ''                               | false | false | 100     | login, options, group garbage                     | 86   | no digit: a group, and none has that name",
        "a@b.fr  | p    | 061234567        | hi      | NULL         | 192.0.2.7   | true  | ''                               | false | false | 100     | login, options                                    | 84   | too short",
        "a@b.fr  | p    | 0112345678       | hi      | 120031022024 | 192.0.2.7   | true  | ''                               | true  | false | 100     | login, options                                    | 84   | landline without option",
        "a@b.fr  | p    | +32470123456     | hi      | 120031022024 | 192.0.2.7   | true  | ''                               | false | false | 100     | login, options                                    | 84   | international without option",
        "a@b.fr  | p    | +447911123456    | hi      | 120031022024 | 192.0.2.7   | true  | international=on                 | false | false | 100     | login, options                                    | 84   | international unpriced",
        "a@b.fr  | p    | 0612345678       | hi      | 120031022024 | 192.0.2.7   | true  | ''                               | true  | true  | 0       | login, options, blacklisted                       | 84   | blacklisted before date",
        "a@b.fr  | p    | 0590123456       | hi      | 120031022024 | 192.0.2.7   | true  | domtom=on                        | false | false | 100     | login, options                                    | 84   | overseas landline without landline option, before date",
        "a@b.fr  | p    | 0590123456       | hi      | NULL         | 192.0.2.7   | true  | ''                               | false | false | 100     | login, options                                    | 84   | overseas landline with neither option",
        // ---- 85: deferred date malformed or past
        "a@b.fr  | p    | 0612345678       | x*161   | 120031022024 | 192.0.2.7   | true  | ''                               | false | true  | 0       | login, options, blacklisted                       | 85   | 31 February before length",
        "a@b.fr  | p    | 0612345678       | hi      | 15h01        | 192.0.2.7   | true  | ''                               | false | false | 100     | login, options, blacklisted                       | 85   | not a date",
        "a@b.fr  | p    | 0690123456       | hi      | 105915012024 | 192.0.2.7   | true  | ''                               | false | false | 100     | login, options, blacklisted                       | 85   | a minute ago, before DOM-TOM",
        "a@b.fr  | p    | 0612345678       | hi      | 120014012024 | 192.0.2.7   | true  | ''                               | false | false | 100     | login, options, blacklisted                       | 85   | yesterday",
        // ---- 93: DOM-TOM
        "a@b.fr  | p    | 0690123456       | x*161   | NULL         | 192.0.2.7   | true  | ''                               | false | true  | 0       | login, options, blacklisted                       | 93   | overseas before length",
        "a@b.fr  | p    | +687751234       | hi      | NULL         | 192.0.2.7   | true  | landline=on;international=on     | false | false | 100     | login, options, blacklisted                       | 93   | New Caledonia is overseas not international",
        "a@b.fr  | p    | 0590123456       | hi      | NULL         | 192.0.2.7   | true  | landline=on                      | false | false | 100     | login, options, blacklisted                       | 93   | overseas landline without domtom",
        // ---- 97: length
        "a@b.fr  | p    | 0612345678       | x*161   | NULL         | 192.0.2.7   | true  | ''                               | false | true  | 0       | login, options, blacklisted                       | 97   | two parts without long-sms, before duplicate",
        "a@b.fr  | p    | 0612345678       | ê*71    | NULL         | 192.0.2.7   | true  | ''                               | false | false | 100     | login, options, blacklisted                       | 97   | two UCS-2 parts without long-sms",
        "a@b.fr  | p    | 0612345678       | x*1232  | NULL         | 192.0.2.7   | true  | long-sms=on                      | false | true  | 0       | login, options, blacklisted                       | 97   | nine parts with long-sms",
        "a@b.fr  | p    | 0612345678       | ê*537   | NULL         | 192.0.2.7   | true  | long-sms=on                      | false | false | 100     | login, options, blacklisted                       | 97   | nine UCS-2 parts with long-sms",
        // ---- 91: duplicate
        "a@b.fr  | p    | 0612345678       | hi      | NULL         | 192.0.2.7   | true  | ''                               | false | true  | 0       | login, options, blacklisted, duplicate            | 91   | duplicate before credit",
        "a@b.fr  | p    | 0612345678       | hi      | NULL         | 192.0.2.7   | true  | duplicate-guard=off              | false | true  | 100     | login, options, blacklisted, credit 1             | 80   | duplicate guard off",
        // ---- 83: credit
        "a@b.fr  | p    | 0612345678       | hi      | NULL         | 192.0.2.7   | true  | ''                               | false | false | 0       | login, options, blacklisted, duplicate, credit 1  | 83   | no credit",
        "a@b.fr  | p    | 0612345678       | x*1224  | NULL         | 192.0.2.7   | true  | long-sms=on                      | false | false | 7       | login, options, blacklisted, duplicate, credit 8  | 83   | eight parts, seven credits",
        "a@b.fr  | p    | 0690123456       | x*161   | NULL         | 192.0.2.7   | true  | domtom=on;long-sms=on            | false | false | 7       | login, options, blacklisted, duplicate, credit 8  | 83   | overseas two parts",
        "a@b.fr  | p    | +32470123456     | x*161   | NULL         | 192.0.2.7   | true  | international=on;long-sms=on     | false | false | 5       | login, options, blacklisted, duplicate, credit 6  | 83   | Belgium two parts",
        // ---- 80: accepted, at the price of the destination
        "a@b.fr  | p    | 0612345678       | hi      | NULL         | 192.0.2.7   | true  | ''                               | false | false | 1       | login, options, blacklisted, duplicate, credit 1  | 80   | mobile",
        "a@b.fr  | p    | 0612345678       | x*1224  | NULL         | 192.0.2.7   | true  | long-sms=on                      | false | false | 8       | login, options, blacklisted, duplicate, credit 8  | 80   | eight parts",
        "a@b.fr  | p    | 0112345678       | hi      | NULL         | 192.0.2.7   | true  | landline=on                      | false | false | 1       | login, options, blacklisted, duplicate, credit 1  | 80   | landline",
        "a@b.fr  | p    | 0690123456       | x*161   | NULL         | 192.0.2.7   | true  | domtom=on;long-sms=on            | false | false | 8       | login, options, blacklisted, duplicate, credit 8  | 80   | overseas mobile",
        "a@b.fr  | p    | 0590123456       | hi      | NULL         | 192.0.2.7   | true  | domtom=on;landline=on            | false | false | 4       | login, options, blacklisted, duplicate, credit 4  | 80   | overseas landline",
        "a@b.fr  | p    | +32470123456     | hi      | NULL         | 192.0.2.7   | true  | international=on                 | false | false | 3       | login, options, blacklisted, duplicate, credit 3  | 80   | Belgium priced",
        "a@b.fr  | p    | 0612345678       | '  '    | NULL         | NULL        | true  | ''                               | false | false | 1       | ''                                                | 90   | spaces alone are no message",
        // ---- 81: deferred
        "a@b.fr  | p    | 0612345678       | hi      | 120016012024 | 192.0.2.7   | true  | ''                               | false | false | 1       | login, options, blacklisted, duplicate, credit 1  | 81   | tomorrow",
        "a@b.fr  | p    | 0612345678       | hi      | 110015012024 | 192.0.2.7   | true  | ''                               | false | false | 1       | login, options, blacklisted, duplicate, credit 1  | 81   | this minute",
        "a@b.fr  | p    | 0612345678       | hi      | '  '         | 192.0.2.7   | true  | ''                               | false | false | 1       | login, options, blacklisted, duplicate, credit 1  | 80   | blank diff is no diff",
    })
    void the_first_failing_check_in_table_order_gives_the_code(String email, String pass, String numero, String message,
            String diff, String ip, boolean login, String options, boolean blacklisted, boolean duplicate, int balance,
            String asked, int code, String why) {
        RecordingFacts facts = new RecordingFacts().options(options);
        facts.login = login;
        facts.blacklisted = blacklisted;
        facts.duplicate = duplicate;
        facts.balance = balance;
        Verdict verdict = SubmitChecks.check(new Request(email, pass, numero, text(message), diff, false, ip), facts, rules(NOW));
        assertThat(verdict.code().value()).as(why).isEqualTo(code);
        assertThat(facts.asked).as(why).containsExactlyElementsOf(asked(asked));
    }

    @Test
    void an_accepted_verdict_carries_everything_the_recording_needs() {
        RecordingFacts facts = new RecordingFacts().options("long-sms=on");
        String text = "x".repeat(161);
        Verdict v = SubmitChecks.check(new Request("a@b.fr", "p", "06 12 34 56 78", text), facts, rules(NOW));
        PhoneNumber mobile = new PhoneNumber("+33612345678", PhoneNumber.NumberClass.FRENCH_MOBILE, false);
        assertThat(v).isEqualTo(new Verdict(Code.ACCEPTED, mobile, new PartCount(Encoding.GSM7, 161, 2), 2, null, facts.options, null));
        assertThat(v.accepted()).isTrue();
        assertThat(v.cancellation()).isFalse();
        assertThat(facts.numbers).containsExactly(mobile, mobile);
        assertThat(facts.texts).containsExactly(text);
    }

    @Test
    void a_refusal_carries_only_its_code() {
        RecordingFacts facts = new RecordingFacts();
        facts.login = false;
        Verdict v = SubmitChecks.check(new Request("a@b.fr", "p", "0612345678", "hi"), facts, rules(NOW));
        assertThat(v).isEqualTo(new Verdict(Code.BAD_LOGIN, null, null, 0, null, null, null));
        assertThat(v.accepted()).isFalse();
        assertThat(v.cancellation()).isFalse();
    }

    @Test
    void not_enough_credit_says_how_much_was_needed() {
        RecordingFacts facts = new RecordingFacts().options("domtom=on;long-sms=on");
        facts.balance = 11;
        Verdict v = SubmitChecks.check(new Request("a@b.fr", "p", "0690123456", "x".repeat(307)), facts, rules(NOW));
        assertThat(v.code()).isEqualTo(Code.NOT_ENOUGH_CREDIT);
        assertThat(v.credits()).isEqualTo(12);
        assertThat(v.parts()).isEqualTo(new PartCount(Encoding.GSM7, 307, 3));
        assertThat(v.number().e164()).isEqualTo("+590690123456");
        assertThat(v.accepted()).isFalse();
    }

    // ---- test mode (HTTP-4)

    @Test
    void test_mode_passes_every_check_and_answers_92() {
        RecordingFacts facts = new RecordingFacts();
        Verdict v = SubmitChecks.check(new Request("a@b.fr", "p", "0612345678", "hi", null, true, "192.0.2.7"), facts, rules(NOW));
        assertThat(v.code()).isEqualTo(Code.TEST_OK);
        assertThat(v.accepted()).isFalse();
        assertThat(v.credits()).isEqualTo(1);
        assertThat(facts.asked).containsExactly("login", "options", "blacklisted", "duplicate", "credit 1");
    }

    @ParameterizedTest(name = "test mode, {0}: {1}")
    @CsvSource(delimiter = '|', value = {
        "0812345678 | hi    | 0    | ''           | 84",
        "0612345678 | hi    | 0    | ''           | 83",
        "0612345678 | x*161 | 100  | ''           | 97",
        "0690123456 | hi    | 100  | ''           | 93",
        "0612345678 | hi    | 100  | 120014012024 | 85",
        "0612345678 | hi    | 100  | 120016012024 | 92",
    })
    void test_mode_still_answers_the_failing_check(String numero, String message, int balance, String diff, int code) {
        RecordingFacts facts = new RecordingFacts();
        facts.balance = balance;
        Verdict v = SubmitChecks.check(new Request("a@b.fr", "p", numero, text(message), diff, true, null), facts, rules(NOW));
        assertThat(v.code().value()).isEqualTo(code);
    }

    // ---- deferred (81) and landline hours (OPT-10)

    @Test
    void a_deferred_request_leaves_at_its_date() {
        Verdict v = SubmitChecks.check(new Request("a@b.fr", "p", "0612345678", "hi", "120016012024", false, null),
                new RecordingFacts(), rules(NOW));
        assertThat(v.code()).isEqualTo(Code.DEFERRED);
        assertThat(v.accepted()).isTrue();
        assertThat(v.sendAt()).isEqualTo(Instant.parse("2024-01-16T11:00:00Z"));
        assertThat(v.cancel()).isNull();
    }

    @Test
    void a_deferred_request_for_the_current_minute_is_accepted_the_minute_before_is_not() {
        Instant now = Instant.parse("2024-01-15T10:00:59.999Z");
        Verdict v = SubmitChecks.check(new Request("a@b.fr", "p", "0612345678", "hi", "110015012024", false, null),
                new RecordingFacts(), rules(now));
        assertThat(v.code()).isEqualTo(Code.DEFERRED);
        assertThat(v.sendAt()).isEqualTo(Instant.parse("2024-01-15T10:00:00Z"));
        Verdict late = SubmitChecks.check(new Request("a@b.fr", "p", "0612345678", "hi", "105915012024", false, null),
                new RecordingFacts(), rules(now));
        assertThat(late.code()).isEqualTo(Code.BAD_DEFERRED_DATE);
    }

    @Test
    void a_deferred_test_request_answers_92_with_its_date() {
        Verdict v = SubmitChecks.check(new Request("a@b.fr", "p", "0612345678", "hi", "120016012024", true, null),
                new RecordingFacts(), rules(NOW));
        assertThat(v.code()).isEqualTo(Code.TEST_OK);
        assertThat(v.sendAt()).isEqualTo(Instant.parse("2024-01-16T11:00:00Z"));
    }

    @ParameterizedTest(name = "now {0}, diff [{1}] -> {2} at {3}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
        // now (UTC)               | diff          | code | sendAt (UTC)
        // inside the hours: now
        "2024-01-15T10:00:30Z      | NULL          | 80   | NULL",
        "2024-01-15T07:00:00Z      | NULL          | 80   | NULL",
        "2024-01-15T18:59:59Z      | NULL          | 80   | NULL",
        // outside: the next 08:00 Paris, still an immediate request
        "2024-01-15T06:59:00Z      | NULL          | 80   | 2024-01-15T07:00:00Z",
        "2024-01-15T19:00:00Z      | NULL          | 80   | 2024-01-16T07:00:00Z",
        "2024-01-15T22:30:00Z      | NULL          | 80   | 2024-01-16T07:00:00Z",
        "2024-07-15T19:00:00Z      | NULL          | 80   | 2024-07-16T06:00:00Z",
        // across the clock changes
        "2024-03-30T22:30:00Z      | NULL          | 80   | 2024-03-31T06:00:00Z",
        "2024-10-26T19:00:00Z      | NULL          | 80   | 2024-10-27T07:00:00Z",
        // deferred inside the hours: its date; outside: the 08:00 after it
        "2024-01-15T10:00:30Z      | 120016012024  | 81   | 2024-01-16T11:00:00Z",
        "2024-01-15T10:00:30Z      | 210016012024  | 81   | 2024-01-17T07:00:00Z",
        "2024-01-15T10:00:30Z      | 063016012024  | 81   | 2024-01-16T07:00:00Z",
        "2024-01-15T22:30:00Z      | 120016012024  | 81   | 2024-01-16T11:00:00Z",
    })
    void a_landline_waits_for_the_next_0800(String now, String diff, int code, String sendAt) {
        RecordingFacts facts = new RecordingFacts().options("landline=on");
        Verdict v = SubmitChecks.check(new Request("a@b.fr", "p", "01 23 45 67 89", "hi", diff, false, null),
                facts, rules(Instant.parse(now)));
        assertThat(v.code().value()).isEqualTo(code);
        assertThat(v.sendAt()).isEqualTo(sendAt == null ? null : Instant.parse(sendAt));
        assertThat(v.accepted()).isTrue();
    }

    @Test
    void an_overseas_landline_keeps_the_hours_of_its_own_time_and_a_mobile_does_not() {
        Instant night = Instant.parse("2024-01-16T02:30:00Z"); // 22:30 in Guadeloupe, 03:30 in Paris
        Verdict overseas = SubmitChecks.check(new Request("a@b.fr", "p", "0590123456", "hi"),
                new RecordingFacts().options("landline=on;domtom=on"), rules(night));
        assertThat(overseas.code()).isEqualTo(Code.ACCEPTED);
        assertThat(overseas.sendAt()).as("08:00 in Guadeloupe").isEqualTo(Instant.parse("2024-01-16T12:00:00Z"));
        Verdict evening = SubmitChecks.check(new Request("a@b.fr", "p", "0590123456", "hi"),
                new RecordingFacts().options("landline=on;domtom=on"), rules(Instant.parse("2024-01-15T22:30:00Z")));
        assertThat(evening.sendAt()).as("18:30 in Guadeloupe, 23:30 in Paris: now").isNull();
        Verdict mobile = SubmitChecks.check(new Request("a@b.fr", "p", "0612345678", "hi"), new RecordingFacts(), rules(night));
        assertThat(mobile.code()).isEqualTo(Code.ACCEPTED);
        assertThat(mobile.sendAt()).isNull();
    }

    // ---- cancellation (HTTP-2)

    @Test
    void a_diff_ending_in_s_is_a_cancellation_to_try_and_needs_no_text() {
        RecordingFacts facts = new RecordingFacts();
        Verdict v = SubmitChecks.check(new Request("a@b.fr", "p", "0612345678", "", "120016012024s", false, null), facts, rules(NOW));
        assertThat(v.code()).isEqualTo(Code.DEFERRED_CANCELLED);
        assertThat(v.cancellation()).isTrue();
        assertThat(v.accepted()).isFalse();
        assertThat(v.cancel()).isEqualTo(new Diff(Instant.parse("2024-01-16T11:00:00Z"), true));
        assertThat(v.number().e164()).isEqualTo("+33612345678");
        assertThat(v.credits()).isZero();
        assertThat(facts.asked).as("a cancellation asks nothing of the blacklist").containsExactly("login", "options");
    }

    @Test
    void allowed_ips_limit_http_callers_only() {
        Verdict mail = SubmitChecks.check(new Request("a@b.fr", "p", "0612345678", "hi", null, false, null),
                new RecordingFacts().options("allowed-ips=192.0.2.0/24"), rules(NOW));
        assertThat(mail.code()).as("no address: not an HTTP request").isEqualTo(Code.ACCEPTED);
        Verdict unknown = SubmitChecks.check(new Request("a@b.fr", "p", "0612345678", "hi", null, false, ""),
                new RecordingFacts().options("allowed-ips=192.0.2.0/24"), rules(NOW));
        assertThat(unknown.code()).as("an HTTP caller whose address is unknown").isEqualTo(Code.IP_NOT_ALLOWED);
    }

    @Test
    void a_blacklisted_or_unbought_number_can_still_have_its_deferred_send_cancelled() {
        RecordingFacts facts = new RecordingFacts();
        facts.blacklisted = true;
        Verdict v = SubmitChecks.check(new Request("a@b.fr", "p", "0145678901", null, "120016012024s", false, null), facts, rules(NOW));
        assertThat(v.code()).isEqualTo(Code.DEFERRED_CANCELLED);
        assertThat(v.number().e164()).isEqualTo("+33145678901");
    }

    @ParameterizedTest(name = "[{0}]")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
        "120014012024s | NULL",
        "120001012000S | hi",
        "105915012024s | ''",
    })
    void a_cancellation_of_a_past_date_is_still_tried_never_85(String diff, String text) {
        Verdict v = SubmitChecks.check(new Request("a@b.fr", "p", "0612345678", text, diff, false, null), new RecordingFacts(), rules(NOW));
        assertThat(v.code()).isEqualTo(Code.DEFERRED_CANCELLED);
        assertThat(v.cancellation()).isTrue();
        assertThat(v.cancel().cancel()).isTrue();
        assertThat(v.cancel().at()).isEqualTo(Diff.parse(diff).orElseThrow().at());
    }

    @Test
    void a_cancellation_in_test_mode_answers_92_and_cancels_nothing() {
        Verdict v = SubmitChecks.check(new Request("a@b.fr", "p", "0612345678", "", "120016012024s", true, null), new RecordingFacts(), rules(NOW));
        assertThat(v.code()).isEqualTo(Code.TEST_OK);
        assertThat(v.cancellation()).isFalse();
    }

    @ParameterizedTest(name = "[{0}] [{1}] -> {2}")
    @CsvSource(delimiter = '|', value = {
        // a cancellation goes through the checks before the date
        "0812345678  | 120016012024s  | 84",
        "''          | 120016012024s  | 89",
        // a malformed cancellation is a malformed date, and then the text is needed
        "0612345678  | 120031022024s  | 90",
        "0612345678  | s              | 90",
    })
    void a_cancellation_needs_a_number_and_a_real_date(String numero, String diff, int code) {
        Verdict v = SubmitChecks.check(new Request("a@b.fr", "p", numero, "", diff, false, null), new RecordingFacts(), rules(NOW));
        assertThat(v.code().value()).isEqualTo(code);
        Verdict withText = SubmitChecks.check(new Request("a@b.fr", "p", numero, "hi", diff, false, null), new RecordingFacts(), rules(NOW));
        assertThat(withText.code().value()).isEqualTo(code == 90 ? 85 : code);
    }

    @Test
    void a_cancellation_with_a_bad_login_is_82() {
        RecordingFacts facts = new RecordingFacts();
        facts.login = false;
        Verdict v = SubmitChecks.check(new Request("a@b.fr", "p", "0612345678", "", "120016012024s", false, null), facts, rules(NOW));
        assertThat(v.code()).isEqualTo(Code.BAD_LOGIN);
        assertThat(v.cancellation()).isFalse();
    }

    // ---- international

    @ParameterizedTest(name = "[{0}] options [{1}] -> {2}, {3} credits")
    @CsvSource(delimiter = '|', value = {
        "+32 470 12 34 56  | ''                             | 84 | 0",
        "+32 470 12 34 56  | international=on               | 80 | 3",
        "0032 470 12 34 56 | international=on               | 80 | 3",
        "+44 7911 123456   | international=on               | 84 | 0",
        "+44 7911 123456   | ''                             | 84 | 0",
    })
    void international_needs_the_option_and_a_price(String numero, String options, int code, int credits) {
        Verdict v = SubmitChecks.check(new Request("a@b.fr", "p", numero, "hi"), new RecordingFacts().options(options), rules(NOW));
        assertThat(v.code().value()).isEqualTo(code);
        assertThat(v.credits()).isEqualTo(credits);
    }

    // ---- the connector's charset decides the parts

    @Test
    void parts_are_counted_for_the_charset_of_the_connector_the_number_goes_to() {
        String text = "a".repeat(79) + "€"; // GSM: 81 septets, 1 part; Latin-1: UCS-2, 80 units, 2 parts
        List<PhoneNumber> asked = new ArrayList<>();
        Function<PhoneNumber, SmscCharset> latin1 = n -> {
            asked.add(n);
            return SmscCharset.LATIN1;
        };
        Rules rules = new Rules(PRICES, Clock.fixed(NOW, ZoneOffset.UTC), latin1);
        Verdict refused = SubmitChecks.check(new Request("a@b.fr", "p", "0612345678", text), new RecordingFacts(), rules);
        assertThat(refused.code()).isEqualTo(Code.TOO_LONG);
        assertThat(asked).extracting(PhoneNumber::e164).containsExactly("+33612345678");

        Verdict latin = SubmitChecks.check(new Request("a@b.fr", "p", "0612345678", text), new RecordingFacts().options("long-sms=on"), rules);
        assertThat(latin.parts()).isEqualTo(new PartCount(Encoding.UCS2, 80, 2));
        assertThat(latin.credits()).isEqualTo(2);

        Verdict gsm = SubmitChecks.check(new Request("a@b.fr", "p", "0612345678", text), new RecordingFacts(), rules(NOW));
        assertThat(gsm.code()).isEqualTo(Code.ACCEPTED);
        assertThat(gsm.parts()).isEqualTo(new PartCount(Encoding.GSM7, 81, 1));
    }

    // ---- empty fields alone

    @ParameterizedTest(name = "[{0}|{1}|{2}|{3}|{4}] -> {5}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
        "NULL   | NULL | NULL       | NULL | NULL          | 87",
        "a@b.fr | NULL | NULL       | NULL | NULL          | 88",
        "a@b.fr | p    | NULL       | NULL | NULL          | 89",
        "a@b.fr | p    | 0612345678 | NULL | NULL          | 90",
        "a@b.fr | p    | 0612345678 | ''   | 120016012024  | 90",
        "a@b.fr | p    | 0612345678 | ''   | 120031022024s | 90",
        "a@b.fr | p    | 0612345678 | ''   | 120016012024s | 0",
        "a@b.fr | p    | 0612345678 | NULL | 120016012024s | 0",
        "a@b.fr | p    | 0612345678 | hi   | NULL          | 0",
        "a@b.fr | p    | garbage    | ' '  | NULL          | 90",
        "a@b.fr | p    | garbage    | ' x' | NULL          | 0",
    })
    void empty_field(String email, String pass, String numero, String message, String diff, int code) {
        var empty = SubmitChecks.emptyField(new Request(email, pass, numero, message, diff, false, null));
        if (code == 0) {
            assertThat(empty).isEmpty();
        } else {
            assertThat(empty).contains(Code.of(code));
        }
    }

    @Test
    void codes_keep_their_legacy_numbers() {
        assertThat(Code.values()).extracting(Code::value)
                .containsExactly(80, 81, 82, 83, 84, 85, 86, 87, 88, 89, 90, 91, 92, 93, 94, 95, 96, 97);
        assertThat(Code.values()).extracting(Code::name).containsExactly(
                "ACCEPTED", "DEFERRED", "BAD_LOGIN", "NOT_ENOUGH_CREDIT", "INVALID_NUMBER", "BAD_DEFERRED_DATE",
                "EMPTY_GROUP", "EMPTY_EMAIL", "EMPTY_PASSWORD", "EMPTY_NUMBER", "EMPTY_MESSAGE", "DUPLICATE", "TEST_OK",
                "DOM_TOM_NOT_ALLOWED", "DEFERRED_CANCELLED", "DEFERRED_NOT_CANCELLED", "IP_NOT_ALLOWED", "TOO_LONG");
        for (Code c : Code.values()) {
            assertThat(Code.of(c.value())).isSameAs(c);
        }
        assertThat(Code.TOO_LONG).hasToString("TOO_LONG(97)");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Code.of(79)).isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Code.of(98)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void the_short_request_has_no_diff_no_test_and_no_caller() {
        assertThat(new Request("a", "b", "c", "d")).isEqualTo(new Request("a", "b", "c", "d", null, false, null));
    }

    @Test
    void with_no_allowed_ips_any_caller_passes() {
        for (String ip : new String[] {null, "", "garbage", "192.0.2.7", "2001:db8::1"}) {
            Verdict v = SubmitChecks.check(new Request("a@b.fr", "p", "0612345678", "hi", null, false, ip), new RecordingFacts(), rules(NOW));
            assertThat(v.code()).as("caller %s", ip).isEqualTo(Code.ACCEPTED);
        }
    }

    @Test
    void the_blacklist_and_duplicate_are_asked_with_the_normalised_number() {
        RecordingFacts facts = new RecordingFacts();
        SubmitChecks.check(new Request("a@b.fr", "p", "+33 (0)6 12 34 56 78", "Bonjour"), facts, rules(NOW));
        assertThat(facts.numbers).extracting(PhoneNumber::e164).containsExactly("+33612345678", "+33612345678");
        assertThat(facts.texts).containsExactly("Bonjour");
        assertThat(new HashSet<>(facts.asked)).isEqualTo(Set.of("login", "options", "blacklisted", "duplicate", "credit 1"));
    }

    /** Issue 13, point 10: a request that reaches a log line never shows its password. */
    @Test
    void a_request_never_shows_its_password_or_text() {
        Request r = new Request("a@b.fr", "s3cr3t-pass", "0612345678", "code 4242", null, false, "192.0.2.1");
        assertThat(r.toString()).doesNotContain("s3cr3t-pass").doesNotContain("4242").contains("a@b.fr").contains("192.0.2.1");
    }
}
