package io.colibri.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** CSV-1: the dialect Excel writes, and what people do to it by hand. */
class CsvReaderTest {

    private static List<CsvReader.Record> all(String text) throws IOException {
        return all(new CsvReader(new StringReader(text)));
    }

    private static List<CsvReader.Record> all(CsvReader csv) throws IOException {
        List<CsvReader.Record> out = new ArrayList<>();
        CsvReader.Record r;
        while ((r = csv.next()) != null) {
            out.add(r);
        }
        return out;
    }

    @Test
    void semicolons_crlf_and_lf_and_a_missing_last_line_end() throws IOException {
        List<CsvReader.Record> r = all("0612345678;Léa;a\r\n0712345678;Bob\n0612000000;Zoé;;;x");
        assertThat(r).extracting(CsvReader.Record::line).containsExactly(1L, 2L, 3L);
        assertThat(r.get(0).fields()).containsExactly("0612345678", "Léa", "a");
        assertThat(r.get(1).fields()).containsExactly("0712345678", "Bob");
        assertThat(r.get(2).fields()).containsExactly("0612000000", "Zoé", "", "", "x");
        assertThat(r.get(1).field(4)).isNull();
    }

    @Test
    void quoted_fields_hold_separators_quotes_and_line_breaks_and_lines_are_counted_through_them() throws IOException {
        List<CsvReader.Record> r = all("\"06 12 34 56 78\";\"Dupont; Jean\";\"il a dit \"\"oui\"\"\"\r\n"
                + "0712345678;\"deux\r\nlignes\";\"trois\nlignes\nici\"\r\n"
                + "0612000000;fin\r\n");
        assertThat(r.get(0).fields()).containsExactly("06 12 34 56 78", "Dupont; Jean", "il a dit \"oui\"");
        assertThat(r.get(1).fields()).containsExactly("0712345678", "deux\r\nlignes", "trois\nlignes\nici");
        assertThat(r).extracting(CsvReader.Record::line).containsExactly(1L, 2L, 6L);
    }

    @Test
    void blank_lines_and_empty_excel_rows_are_skipped_but_still_counted() throws IOException {
        List<CsvReader.Record> r = all("0612345678;A\r\n\r\n;;;;\r\n   \r\n0712345678;B\r\n;;;;\r\n");
        assertThat(r).extracting(CsvReader.Record::line).containsExactly(1L, 5L);
    }

    @Test
    void unquoted_fields_are_trimmed_quoted_ones_are_kept_as_written() throws IOException {
        assertThat(all(" 0612345678 ;  Léa ;\"  espaces  \"").get(0).fields()).containsExactly("0612345678", "Léa", "  espaces  ");
    }

    @Test
    void a_byte_order_mark_is_skipped() throws IOException {
        assertThat(all("\uFEFF0612345678;Léa").get(0).fields()).containsExactly("0612345678", "Léa");
    }

    @Test
    void an_excel_sep_line_sets_the_separator() throws IOException {
        CsvReader csv = new CsvReader(new StringReader("sep=,\r\n0612345678,\"Dupont; Jean\",x\r\n"));
        List<CsvReader.Record> r = all(csv);
        assertThat(csv.separator()).isEqualTo(',');
        assertThat(r.get(0).fields()).containsExactly("0612345678", "Dupont; Jean", "x");
        assertThat(r.get(0).line()).isEqualTo(2);
    }

    @Test
    void directive_lines_at_the_top_are_read_whole_separators_included() throws IOException {
        CsvReader csv = new CsvReader(new StringReader("#message: Bonjour [v1]; à demain, 9h\r\n#DIFF: 093015122026\r\n"
                + "0612345678;Léa\r\n#pas une directive;x\r\n"));
        assertThat(csv.directives()).containsEntry("message", "Bonjour [v1]; à demain, 9h").containsEntry("diff", "093015122026");
        List<CsvReader.Record> r = all(csv);
        assertThat(r).extracting(CsvReader.Record::line).containsExactly(3L, 4L);
        assertThat(r.get(1).fields()).containsExactly("#pas une directive", "x");
    }

    @Test
    void the_first_line_decides_a_comma_separator_when_it_is_a_header_named_with_commas() throws IOException {
        CsvReader csv = new CsvReader(new StringReader("number,name,v1\r\n0612345678,Léa,x\r\n"));
        assertThat(csv.peekFirstLine(cells -> cells.contains("number"))).containsExactly("number", "name", "v1");
        assertThat(csv.separator()).isEqualTo(',');
        assertThat(all(csv)).extracting(CsvReader.Record::fields)
                .containsExactly(List.of("number", "name", "v1"), List.of("0612345678", "Léa", "x"));
    }

    @Test
    void without_a_header_a_comma_is_data_not_a_separator() throws IOException {
        CsvReader csv = new CsvReader(new StringReader("0612345678;Dupont, Jean\r\n"));
        csv.peekFirstLine(cells -> false);
        assertThat(csv.separator()).isEqualTo(';');
        assertThat(all(csv).get(0).fields()).containsExactly("0612345678", "Dupont, Jean");
    }

    @Test
    void an_unterminated_quote_takes_the_rest_of_the_file_rather_than_failing() throws IOException {
        List<CsvReader.Record> r = all("0612345678;\"ouvert\r\n0712345678;B\r\n");
        assertThat(r).hasSize(1);
        assertThat(r.get(0).fields().get(1)).startsWith("ouvert");
    }

    @Test
    void a_large_file_streams_one_record_at_a_time() throws IOException {
        int lines = 200_000;
        Reader generated = new Reader() {
            int line;
            String current = "";
            int at;

            @Override
            public int read(char[] buf, int off, int len) {
                if (at == current.length()) {
                    if (line == lines) {
                        return -1;
                    }
                    current = "06" + String.format("%08d", line++) + ";Nom;\"a;b\"\r\n";
                    at = 0;
                }
                int n = Math.min(len, current.length() - at);
                current.getChars(at, at + n, buf, off);
                at += n;
                return n;
            }

            @Override
            public void close() {
            }
        };
        CsvReader csv = new CsvReader(generated);
        long count = 0;
        CsvReader.Record r;
        CsvReader.Record last = null;
        while ((r = csv.next()) != null) {
            count++;
            last = r;
        }
        assertThat(count).isEqualTo(lines);
        assertThat(last.line()).isEqualTo(lines);
        assertThat(last.fields()).containsExactly("0600199999", "Nom", "a;b");
    }

    /** Issue 13, point 12: no unbounded field, record or directive. */
    @Test
    void a_quote_never_closed_stops_at_the_field_limit_with_its_line() {
        String csv = "0612345678;ok\n0698765432;\"jamais fermé" + "x".repeat(CsvReader.MAX_FIELD) + "\n0611111111;suite\n";
        CsvReader r = new CsvReader(new java.io.StringReader(csv));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> {
            while (r.next() != null) {
                // read on
            }
        }).isInstanceOf(CsvReader.TooLarge.class).hasMessageStartingWith("line 2:").hasMessageContaining("quote not closed");
    }

    @Test
    void too_many_fields_or_too_long_a_field_or_directive_is_refused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new CsvReader(new java.io.StringReader(";".repeat(200) + "x\n")).next())
                .isInstanceOf(CsvReader.TooLarge.class).hasMessageContaining("fields");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new CsvReader(new java.io.StringReader("a;" + "y".repeat(3000) + "\n")).next())
                .isInstanceOf(CsvReader.TooLarge.class).hasMessageContaining("longer than");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new CsvReader(new java.io.StringReader("#message: " + "z".repeat(6000)
                + "\n0612345678\n")).directives()).isInstanceOf(CsvReader.TooLarge.class).hasMessageContaining("top of the file");
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 30; i++) {
            many.append("#k").append(i).append(": v\n");
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new CsvReader(new java.io.StringReader(many + "0612345678\n")).directives())
                .isInstanceOf(CsvReader.TooLarge.class);
    }

    @Test
    void fields_up_to_the_limit_are_read() throws Exception {
        String name = "n".repeat(CsvReader.MAX_FIELD);
        CsvReader.Record r = new CsvReader(new java.io.StringReader("0612345678;\"" + name + "\"\n")).next();
        assertThat(r.field(1)).isEqualTo(name);
    }

    /** Commons CSV parses; the line a record starts on is still counted through quoted line breaks, CR only line ends and the lines above the data. */
    @Test
    void line_numbers_stay_right_after_a_quoted_line_break_before_a_bad_row() throws IOException {
        List<ContactRows.Row> rows = new ArrayList<>();
        ContactRows contacts = ContactRows.of(new CsvReader(new StringReader(
                "sep=;\r\n#message: Bonjour\r\n0612345678;\"Dupont\r\nJean\";\"a\nb\rc\"\r\npas un numéro;B\r\n\r\n0712345678;C\r\n")));
        ContactRows.Row row;
        while ((row = contacts.next()) != null) {
            rows.add(row);
        }
        assertThat(rows).extracting(ContactRows.Row::line).containsExactly(3L, 7L, 9L);
        assertThat(rows.get(1).refusal()).startsWith("invalid number");

        assertThat(all("0612345678;\"a\rb\"\rabc\r\r0712345678\r")).extracting(CsvReader.Record::line).containsExactly(1L, 3L, 5L);

        CsvReader tooMany = new CsvReader(new StringReader("#message: x\n0612345678;\"deux\nlignes\"\n" + ";".repeat(200) + "x\n"));
        assertThat(tooMany.next().line()).isEqualTo(2);
        assertThatThrownBy(tooMany::next).isInstanceOf(CsvReader.TooLarge.class).hasMessage("line 4: more than 100 fields");
    }

    /**
     * A quote never closed in a large file: Commons CSV would read the rest of the file into one
     * field; the reading stops once the record has taken {@link CsvReader#MAX_RECORD} characters,
     * with the line the record starts on, and without echoing what it read.
     */
    @Test
    void a_quote_never_closed_in_an_endless_file_stops_at_the_record_limit_with_its_line() {
        String top = "0612345678;ok\n0698765432;\"jamais fermé\n";
        long[] read = {0};
        Reader endless = new Reader() {
            @Override
            public int read(char[] buf, int off, int len) {
                for (int i = 0; i < len; i++) {
                    long at = read[0]++;
                    buf[off + i] = at < top.length() ? top.charAt((int) at) : "0611111111;suite\n".charAt((int) ((at - top.length()) % 17));
                }
                return len;
            }

            @Override
            public void close() {
            }
        };
        assertThatThrownBy(() -> all(new CsvReader(endless)))
                .isInstanceOf(CsvReader.TooLarge.class)
                .hasMessage("line 2: a record longer than " + CsvReader.MAX_RECORD + " characters (a quote not closed?)");
        assertThat(read[0]).as("characters read").isLessThan(top.length() + CsvReader.MAX_RECORD + 10_000);
    }

    /** Excel's own leniencies, as before Commons CSV: text after a closing quote stays in the field, a quote inside a field is a character. */
    @Test
    void text_after_a_closing_quote_and_a_quote_inside_a_field_are_kept() throws IOException {
        assertThat(all("0612345678;\"Dupont\" Jean;12\" écran;\"\"\r\n").get(0).fields())
                .containsExactly("0612345678", "Dupont Jean", "12\" écran", "");
    }
}
