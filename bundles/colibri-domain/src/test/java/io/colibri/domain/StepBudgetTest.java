package io.colibri.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class StepBudgetTest {

    @Test
    void every_character_read_costs_a_step() {
        StepBudget budget = new StepBudget(10);
        CharSequence text = budget.over("abcdef");
        text.charAt(0);
        text.subSequence(1, 4).charAt(0);
        assertThat(budget.left()).isEqualTo(8);
        assertThat(text.toString()).isEqualTo("abcdef");
        assertThat(text.length()).isEqualTo(6);
    }

    @Test
    void a_matcher_stops_when_the_budget_is_spent() {
        Pattern catastrophic = Pattern.compile("((a+)\\2?)+b");
        String text = "a".repeat(40) + "!";
        assertThatThrownBy(() -> catastrophic.matcher(StepBudget.linear(text.length()).over(text)).find())
                .isInstanceOf(StepBudget.Exhausted.class).hasMessageContaining("steps");
    }

    @Test
    void a_linear_budget_lets_ordinary_patterns_through_long_texts() {
        String text = "mot ".repeat(100_000) + "fin";
        assertThat(Pattern.compile("\\bfin\\b").matcher(StepBudget.linear(text.length()).over(text)).find()).isTrue();
    }

    @Test
    void a_budget_has_steps() {
        assertThatThrownBy(() -> new StepBudget(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
