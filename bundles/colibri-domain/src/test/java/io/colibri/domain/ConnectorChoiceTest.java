package io.colibri.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.colibri.domain.ConnectorChoice.Candidate;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConnectorChoiceTest {

    /** "name:prefix,prefix;name:…" */
    private static List<Candidate> connectors(String spec) {
        return Arrays.stream(spec.split(";")).map(c -> {
            String[] f = c.split(":", -1);
            return new Candidate(f[0].trim(), f.length > 1 ? List.of(f[1].split(",", -1)) : List.of());
        }).toList();
    }

    private static PhoneNumber number(String raw) {
        return PhoneNumber.parse(raw).orElseThrow();
    }

    @ParameterizedTest(name = "[{1}] via {0} -> {2}")
    @CsvSource(delimiter = '|', value = {
        // connectors                                                      | number             | chosen
        "mobile; landline; belgium:32; antilles:+590,+596; sfr-gp:+590690   | 06 12 34 56 78     | mobile",
        "mobile; landline; belgium:32; antilles:+590,+596; sfr-gp:+590690   | 07 12 34 56 78     | mobile",
        "mobile; landline; belgium:32; antilles:+590,+596; sfr-gp:+590690   | 01 23 45 67 89     | landline",
        "mobile; landline; belgium:32; antilles:+590,+596; sfr-gp:+590690   | 09 12 34 56 78     | landline",
        "mobile; landline; belgium:32; antilles:+590,+596; sfr-gp:+590690   | +32 470 12 34 56   | belgium",
        "mobile; landline; belgium:32; antilles:+590,+596; sfr-gp:+590690   | +44 7911 123456    | mobile",
        // the longest prefix wins, whichever connector comes first
        "mobile; landline; belgium:32; antilles:+590,+596; sfr-gp:+590690   | 0690 12 34 56      | sfr-gp",
        "mobile; landline; sfr-gp:+590690; antilles:+590,+596; belgium:32   | 0690 12 34 56      | sfr-gp",
        "mobile; landline; belgium:32; antilles:+590,+596; sfr-gp:+590690   | 0691 12 34 56      | antilles",
        "mobile; landline; belgium:32; antilles:+590,+596; sfr-gp:+590690   | 0696 12 34 56      | antilles",
        // a prefix beats the landline connector, even for a landline
        "mobile; landline; belgium:32; antilles:+590,+596; sfr-gp:+590690   | 0590 12 34 56      | antilles",
        "mobile; landline; paris:+331                                        | 01 23 45 67 89     | paris",
        "mobile; landline; paris:+331                                        | 02 23 45 67 89     | landline",
        // an overseas landline without a prefix goes to the landline connector
        "mobile; landline; belgium:32; antilles:+590,+596; sfr-gp:+590690   | 0262 12 34 56      | landline",
        "mobile; landline; belgium:32; antilles:+590,+596; sfr-gp:+590690   | 0692 12 34 56      | mobile",
        // no landline connector: landlines go to the mobile one
        "mobile; belgium:32                                                  | 01 23 45 67 89     | mobile",
        "belgium:32; mobile                                                  | 01 23 45 67 89     | mobile",
        // no mobile connector: the first one
        "smsc-a; smsc-b                                                      | 06 12 34 56 78     | smsc-a",
        "smsc-b; smsc-a                                                      | 01 23 45 67 89     | smsc-b",
        "smsc-a; landline                                                    | 06 12 34 56 78     | smsc-a",
        "smsc-a; landline                                                    | 01 23 45 67 89     | landline",
        // prefixes are trimmed, blanks ignored, with or without '+'
        "mobile; belgium: 32 ,,                                              | +32 470 12 34 56   | belgium",
        "mobile; belgium:+32                                                 | +32 470 12 34 56   | belgium",
        "mobile; empty:,                                                     | +32 470 12 34 56   | mobile",
        // a prefix is of the E.164 number, never a national spelling
        "mobile; nat:06                                                      | 06 12 34 56 78     | mobile",
        // the same prefix twice: the first connector
        "mobile; a:+33; b:+33                                                | 06 12 34 56 78     | a",
        "mobile; a:+336; b:+3361                                             | 06 12 34 56 78     | b",
    })
    void choose(String spec, String number, String chosen) {
        assertThat(ConnectorChoice.choose(number(number), connectors(spec))).isEqualTo(chosen);
    }

    @Test
    void prefixes_are_kept_in_e164() {
        assertThat(new Candidate("x", List.of(" 32 ", "+33", "", "  ")).prefixes()).containsExactly("+32", "+33");
    }

    @Test
    void no_connector_at_all_is_a_configuration_error() {
        assertThatThrownBy(() -> ConnectorChoice.choose(number("0612345678"), List.of()))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void the_names() {
        assertThat(ConnectorChoice.MOBILE).isEqualTo("mobile");
        assertThat(ConnectorChoice.LANDLINE).isEqualTo("landline");
    }
}
