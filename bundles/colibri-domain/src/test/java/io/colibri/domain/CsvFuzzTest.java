package io.colibri.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Issue 13: 1 000 generated CSV files (seeded, reproducible) through the reader and the contact
 * rows, as the drop folder reads them: each file ends with its rows read, each row a contact or a
 * refusal with its reason, or the file refused with {@link CsvReader.TooLarge}; never another
 * exception, never a row longer than the limits.
 */
class CsvFuzzTest {
    static final long SEED = 20261201L;
    static final int FILES = 1_000;

    @Test
    void a_thousand_hostile_files_are_read_or_refused_cleanly() throws Exception {
        Random r = new Random(SEED);
        int rows = 0;
        int contacts = 0;
        int refusedFiles = 0;
        for (int f = 0; f < FILES; f++) {
            String file = file(r);
            try (CsvReader csv = new CsvReader(new StringReader(file))) {
                ContactRows contactRows = ContactRows.of(csv);
                ContactRows.Row row;
                while ((row = contactRows.next()) != null) {
                    rows++;
                    assertThat(row.line()).isPositive();
                    if (row.contact().isPresent()) {
                        contacts++;
                        ContactRows.Contact c = row.contact().get();
                        assertThat(c.name() == null ? "" : c.name()).hasSizeLessThanOrEqualTo(ContactRows.MAX_NAME);
                        assertThat(c.v1() == null ? "" : c.v1()).hasSizeLessThanOrEqualTo(ContactRows.MAX_VARIABLE);
                    } else {
                        assertThat(row.refusal()).as("file %d line %d", f, row.line()).isNotBlank();
                    }
                }
            } catch (CsvReader.TooLarge e) {
                refusedFiles++;
                assertThat(e.getMessage()).startsWith("line ");
            } catch (IOException e) {
                throw new AssertionError("file " + f + " broke the reader: " + e, e);
            }
        }
        assertThat(rows).isGreaterThan(FILES);
        assertThat(contacts).isPositive();
        assertThat(refusedFiles).isPositive().isLessThan(FILES);
    }

    private static final String[] CELLS = {"0612345678", "+33612345678", "06 12 34 56 78", "abc", "", "\"", "\"\"", "\"a;b\"",
            "\"ligne\nsuite\"", "Léa", "sep=,", "#message: x", "Numéro", "Nom", "V1", "\u0000", "\uFEFF", "=cmd|' /C calc'!A0",
            "0590123456", "x".repeat(300), "y".repeat(1500)};

    private static String file(Random r) {
        StringBuilder s = new StringBuilder();
        if (r.nextInt(10) == 0) {
            s.append('\uFEFF');
        }
        if (r.nextInt(8) == 0) {
            s.append("sep=").append(r.nextBoolean() ? ',' : ';').append("\r\n");
        }
        if (r.nextInt(4) == 0) {
            s.append(r.nextBoolean() ? "Numéro;Nom;V1;V2;V3\r\n" : "number,name,v1\n");
        }
        int lines = r.nextInt(40);
        for (int l = 0; l < lines; l++) {
            int cells = r.nextInt(r.nextInt(30) == 0 ? 150 : 6);
            for (int c = 0; c < cells; c++) {
                if (c > 0) {
                    s.append(r.nextInt(5) == 0 ? ',' : ';');
                }
                s.append(r.nextInt(6) == 0 ? random(r) : CELLS[r.nextInt(CELLS.length)]);
            }
            s.append(switch (r.nextInt(4)) {
                case 0 -> "\r\n";
                case 1 -> "\r";
                default -> "\n";
            });
        }
        if (r.nextInt(50) == 0) {
            s.append("\"jamais fermé").append("z".repeat(3000));
        }
        return s.toString();
    }

    private static String random(Random r) {
        StringBuilder s = new StringBuilder();
        int n = r.nextInt(60);
        for (int i = 0; i < n; i++) {
            s.append((char) r.nextInt(0x250));
        }
        return s.toString();
    }
}
