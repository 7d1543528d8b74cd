package io.colibri.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** MERGE-1, MERGE-2: the fields, per recipient. */
class MergeTest {

    @ParameterizedTest(name = "[{0}] -> [{1}]")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
        "Bonjour [v1], vous avez obtenu [v3] aux écrits | Bonjour Léa, vous avez obtenu 14 aux écrits",
        "[v1]                                         | Léa",
        "[V1] [V2] [V3]                               | Léa B 14",
        "[v2][v2]                                     | BB",
        "sans champ                                   | sans champ",
        "[v4] [v] [ v1] [v1 ] (v1) [vv1]              | [v4] [v] [ v1] [v1 ] (v1) [vv1]",
        "[[v1]]                                       | [Léa]",
        "fin [v3]                                     | fin 14",
    })
    void fields_are_replaced_by_the_recipients_variables(String template, String expected) {
        assertThat(Merge.apply(template.strip(), "Léa", "B", "14")).isEqualTo(expected.strip());
    }

    @Test
    void a_variable_the_recipient_lacks_becomes_empty() {
        assertThat(Merge.apply("Bonjour [v1], code [v2].", null, null, null)).isEqualTo("Bonjour , code .");
        assertThat(Merge.apply("[v1]", null, "x", "y")).isEmpty();
    }

    @Test
    void values_are_taken_literally_never_as_fields_or_regex_replacements() {
        assertThat(Merge.apply("[v1] [v2]", "[v2] $1 \\", "deux", null)).isEqualTo("[v2] $1 \\ deux");
    }

    @Test
    void says_whether_a_text_has_fields() {
        assertThat(Merge.hasFields("Bonjour [v1]")).isTrue();
        assertThat(Merge.hasFields("Bonjour [V3]")).isTrue();
        assertThat(Merge.hasFields("Bonjour [v4]")).isFalse();
        assertThat(Merge.hasFields("Bonjour")).isFalse();
        assertThat(Merge.hasFields(null)).isFalse();
    }
}
