package io.colibri.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReplyRuleTest {

    @ParameterizedTest(name = "{0} \"{1}\" on [{2}] -> {3}")
    @CsvSource(delimiter = '|', value = {
            "keyword|oui|OUI|true", "keyword|oui|Oui !|true", "keyword|oui|  oui. |true", "keyword|oui|oui je viens|false",
            "keyword|présent|PRESENT|true", "keyword|je viens|Je  viens!|true",
            "starts|oui|Oui, je viens|true", "starts|oui|OUIOUI|false", "starts|oui|non oui|false",
            "contains|repas|Pas de repas pour Léa|true", "contains|repas|repassage|false", "contains|léa|LEA malade|true",
            "regex|\\b(\\d{1,2}) ?h|Je passe à 18h|true", "regex|^non|Non merci|true", "regex|^non|Bon non|false",
            "regex|eleve|Élève absent|true"})
    void matches_ignoring_case_and_accents(String match, String pattern, String reply, boolean expected) {
        assertThat(new ReplyRule(ReplyRule.Match.of(match), pattern, "ok", "").matches(reply)).isEqualTo(expected);
    }

    @Test
    void a_rule_must_do_something_and_match_something() {
        assertThatThrownBy(() -> new ReplyRule(ReplyRule.Match.KEYWORD, "oui", "", "")).hasMessageContaining("answers, moves");
        assertThatThrownBy(() -> new ReplyRule(ReplyRule.Match.KEYWORD, " ", "x", "")).hasMessageContaining("something to match");
        assertThatThrownBy(() -> new ReplyRule(ReplyRule.Match.CONTAINS, "!!", "x", "")).hasMessageContaining("letters or digits");
        assertThatThrownBy(() -> new ReplyRule(ReplyRule.Match.REGEX, "(", "x", "")).hasMessageContaining("not a regular expression");
        assertThatThrownBy(() -> ReplyRule.Match.of("like")).hasMessageContaining("keyword, starts, contains or regex");
    }

    @Test
    void describes_itself() {
        assertThat(new ReplyRule(ReplyRule.Match.STARTS, "oui", "Merci !", "Inscrits").describe())
                .isEqualTo("starts \"oui\" → answer \"Merci !\" → group Inscrits");
    }

    @Test
    void a_regex_that_backtracks_without_end_stops_at_its_budget() {
        ReplyRule rule = new ReplyRule(ReplyRule.Match.REGEX, "((a+)\\2?)+b", "x", "");
        assertThatThrownBy(() -> rule.matches("a".repeat(60) + "!")).isInstanceOf(StepBudget.Exhausted.class);
        // The same rule on a reply it matches, or fails at once, is no trouble.
        assertThat(rule.matches("aaab")).isTrue();
        assertThat(rule.matches("b")).isFalse();
    }

    @Test
    void a_pattern_is_at_most500_characters_and_only_the_replys_first2000_are_read() {
        assertThatThrownBy(() -> new ReplyRule(ReplyRule.Match.REGEX, "a".repeat(501), "x", ""))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("500");
        ReplyRule end = new ReplyRule(ReplyRule.Match.REGEX, "fin$", "x", "");
        assertThat(end.matches("b".repeat(1997) + "fin")).isTrue();
        assertThat(end.matches("b".repeat(2000) + "fin")).isFalse();
    }
}
