package io.colibri.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class FormParametersTest {

    @ParameterizedTest(name = "{0} [{1}] -> {2}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
        "message=R%C3%A9union           | NULL                                              | Réunion",
        "message=R%E9union              | NULL                                              | Réunion",
        "message=5+%80                  | NULL                                              | 5 €",
        "message=R%E9union              | application/x-www-form-urlencoded; charset=UTF-8  | R\uFFFDunion",
        "message=R%C3%A9union           | application/x-www-form-urlencoded; charset=ISO-8859-1 | RÃ©union",
        "message=a%2Bb%26c%3Dd          | NULL                                              | a+b&c=d",
        "message=100%                   | NULL                                              | 100%",
        "message=%zz                    | NULL                                              | %zz",
        "message=                       | NULL                                              | ''",
    })
    void the_charset_is_the_declared_one_else_utf8_when_valid_else_windows_1252(String query, String contentType, String expected) {
        assertThat(FormParameters.parse(query, null, contentType).get("message")).isEqualTo(expected);
    }

    @Test
    void one_latin1_value_makes_the_whole_request_latin1() {
        var p = FormParameters.parse("a=%C3%A9&b=%E9", null, null);
        assertThat(p.get("a")).isEqualTo("Ã©");
        assertThat(p.get("b")).isEqualTo("é");
    }

    @Test
    void raw_bytes_in_a_body_are_kept_and_the_body_wins_over_the_query() {
        byte[] body = "numero=0612345678&message=été".getBytes(StandardCharsets.ISO_8859_1);
        var p = FormParameters.parse("numero=0700000000&email=a%40b.fr&flag", body, "application/x-www-form-urlencoded");
        assertThat(p).containsEntry("numero", "0612345678").containsEntry("message", "été").containsEntry("email", "a@b.fr")
                .containsEntry("flag", "");
    }

    @Test
    void nothing_gives_nothing() {
        assertThat(FormParameters.parse(null, null, null)).isEmpty();
        assertThat(FormParameters.parse("&&=x&", new byte[0], null)).isEmpty();
    }
}
