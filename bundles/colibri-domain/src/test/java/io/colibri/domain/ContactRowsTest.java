package io.colibri.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** CSV-1: rows of a contacts or send file, with or without a header. */
class ContactRowsTest {

    private static List<ContactRows.Row> rows(ContactRows file) throws IOException {
        List<ContactRows.Row> out = new ArrayList<>();
        ContactRows.Row r;
        while ((r = file.next()) != null) {
            out.add(r);
        }
        return out;
    }

    private static ContactRows of(String text) throws IOException {
        return ContactRows.of(new CsvReader(new StringReader(text)));
    }

    @Test
    void without_a_header_columns_are_number_name_v1_v2_v3() throws IOException {
        ContactRows file = of("06 12 34 56 78;Léa;14;B;oui\r\n+33712345678;Bob\r\n");
        assertThat(file.hasHeader()).isFalse();
        List<ContactRows.Row> r = rows(file);
        ContactRows.Contact lea = r.get(0).contact().orElseThrow();
        assertThat(lea.number().e164()).isEqualTo("+33612345678");
        assertThat(List.of(lea.name(), lea.v1(), lea.v2(), lea.v3())).containsExactly("Léa", "14", "B", "oui");
        ContactRows.Contact bob = r.get(1).contact().orElseThrow();
        assertThat(bob.v1()).isNull();
        assertThat(bob.line()).isEqualTo(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "Numéro;Nom;V1;V2;V3",
        "NUMERO;NOM;v1;v2;v3",
        "\"Numéro de téléphone\";\"Nom\";\"Variable 1\";\"Variable 2\";\"Variable 3\"",
        "number,name,v1,v2,v3",
        "Tél;Nom;Var1;Var2;Var3",
    })
    void a_header_in_french_or_english_is_recognised(String header) throws IOException {
        String sep = header.contains(",") ? "," : ";";
        ContactRows file = of(header + "\r\n" + String.join(sep, "0612345678", "Léa", "a", "b", "c") + "\r\n");
        assertThat(file.hasHeader()).isTrue();
        List<ContactRows.Row> r = rows(file);
        assertThat(r).hasSize(1);
        ContactRows.Contact c = r.get(0).contact().orElseThrow();
        assertThat(List.of(c.number().e164(), c.name(), c.v1(), c.v2(), c.v3())).containsExactly("+33612345678", "Léa", "a", "b", "c");
        assertThat(c.line()).isEqualTo(2);
    }

    @Test
    void a_header_may_put_columns_in_any_order_and_leave_some_out() throws IOException {
        ContactRows file = of("v2;Nom;Portable\r\nbleu;Léa;0612345678\r\n");
        ContactRows.Contact c = rows(file).get(0).contact().orElseThrow();
        assertThat(c.number().e164()).isEqualTo("+33612345678");
        assertThat(c.name()).isEqualTo("Léa");
        assertThat(c.v1()).isNull();
        assertThat(c.v2()).isEqualTo("bleu");
    }

    @Test
    void a_first_line_with_an_unknown_name_or_no_number_column_is_data() throws IOException {
        assertThat(of("Nom;Ville\r\n").hasHeader()).isFalse();
        assertThat(of("Numéro;Prénom\r\n").hasHeader()).isFalse();
        assertThat(of("0612345678;Nom\r\n").hasHeader()).isFalse();
    }

    @Test
    void bad_rows_are_refused_with_their_line_and_reason_and_reading_goes_on() throws IOException {
        List<ContactRows.Row> r = rows(of("numéro;nom\r\n0612345678;A\r\n;sans numéro\r\n0899123456;surtaxé\r\nabc;lettres\r\n"
                + "06123;court\r\n0712345678;B\r\n"));
        assertThat(r).extracting(ContactRows.Row::line).containsExactly(2L, 3L, 4L, 5L, 6L, 7L);
        assertThat(r).extracting(ContactRows.Row::refusal).containsExactly(null, "no number", "invalid number: 0899123456",
                "invalid number: abc", "invalid number: 06123", null);
        assertThat(r.get(5).contact()).isPresent();
    }

    @Test
    void a_name_or_variable_longer_than_the_columns_is_refused_with_its_reason() throws IOException {
        List<ContactRows.Row> r = rows(of("0612345678;" + "n".repeat(201) + "\r\n0612345678;ok;;" + "v".repeat(1001) + "\r\n"
                + "0612345678;" + "n".repeat(200) + ";" + "v".repeat(1000) + "\r\n"));
        assertThat(r).extracting(ContactRows.Row::refusal).containsExactly("name longer than 200 characters",
                "v2 longer than 1000 characters", null);
    }
}
