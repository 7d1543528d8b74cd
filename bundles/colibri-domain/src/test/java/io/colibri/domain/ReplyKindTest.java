package io.colibri.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReplyKindTest {

    @ParameterizedTest(name = "[{0}] -> {1}")
    @CsvSource(delimiter = '|', value = {
            "STOP|STOP", "stop|STOP", "Stop.|STOP", "STOP SMS|STOP", "' stop '|STOP", "Stop !|STOP", "STOP, merci|STOP",
            "stop pub svp|STOP", "Arrêt|STOP", "STOPSMS|STOP", "'\tSTOP\n'|STOP",
            "CONTACT|CONTACT", "contact ?|CONTACT", "Contact svp|CONTACT",
            // not the keyword
            "Stop là je ne viens pas demain|OTHER", "stopper|OTHER", "non stop|OTHER", "OK|OTHER", "''|OTHER", "...|OTHER",
            "contacter la mairie demain matin|OTHER"})
    void keywords_as_people_type_them(String text, ReplyKind expected) {
        assertThat(ReplyKind.of(text)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"Élève présent !|ELEVE PRESENT", "  oui,  merci|OUI MERCI", "Ça-va?|CA VA", "12h30|12H30"})
    void fold_ignores_case_accents_and_punctuation(String text, String folded) {
        assertThat(ReplyKind.fold(text)).isEqualTo(folded);
    }
}
