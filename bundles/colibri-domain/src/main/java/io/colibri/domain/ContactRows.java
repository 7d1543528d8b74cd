package io.colibri.domain;

import java.io.IOException;
import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The recipients of a contacts or send file (CSV-1): columns number, name, v1, v2, v3 in that
 * order, or as an optional header line names them (in any order, French or English, accents and
 * case ignored: {@code Numéro;Nom;V1}, {@code number,name}). Each row is checked here: a number
 * that is missing or not a phone number is refused with its reason and line.
 */
public final class ContactRows {
    /** Where each column is (-1: absent). */
    public record Columns(int number, int name, int v1, int v2, int v3) {
        public static final Columns DEFAULT = new Columns(0, 1, 2, 3, 4);
    }

    /** A row that names a valid number. */
    public record Contact(long line, PhoneNumber number, String name, String v1, String v2, String v3) {
    }

    /** One row: a contact, or the reason it was refused. */
    public record Row(long line, Optional<Contact> contact, String refusal) {
    }

    private static final Map<String, String> NAMES = Map.ofEntries(
            Map.entry("numero", "number"), Map.entry("number", "number"), Map.entry("num", "number"),
            Map.entry("telephone", "number"), Map.entry("tel", "number"), Map.entry("phone", "number"),
            Map.entry("mobile", "number"), Map.entry("portable", "number"), Map.entry("gsm", "number"),
            Map.entry("msisdn", "number"), Map.entry("numerodetelephone", "number"), Map.entry("phonenumber", "number"),
            Map.entry("nom", "name"), Map.entry("name", "name"), Map.entry("contact", "name"),
            Map.entry("v1", "v1"), Map.entry("v2", "v2"), Map.entry("v3", "v3"),
            Map.entry("variable1", "v1"), Map.entry("variable2", "v2"), Map.entry("variable3", "v3"),
            Map.entry("var1", "v1"), Map.entry("var2", "v2"), Map.entry("var3", "v3"));

    /** Longest name and variable a contact may have (the database's columns). */
    public static final int MAX_NAME = 200;
    public static final int MAX_VARIABLE = 1000;

    private final CsvReader csv;
    private final Columns columns;
    private final boolean header;

    private ContactRows(CsvReader csv, Columns columns, boolean header) {
        this.csv = csv;
        this.columns = columns;
        this.header = header;
    }

    /** Reads the header line if there is one (and with it the separator). */
    public static ContactRows of(CsvReader csv) throws IOException {
        List<String> first = csv.peekFirstLine(ContactRows::isHeader);
        if (!isHeader(first)) {
            return new ContactRows(csv, Columns.DEFAULT, false);
        }
        csv.next(); // the header itself
        int[] at = {-1, -1, -1, -1, -1};
        for (int i = 0; i < first.size(); i++) {
            String role = NAMES.get(normalise(first.get(i)));
            if (role != null) {
                int slot = switch (role) {
                    case "number" -> 0;
                    case "name" -> 1;
                    case "v1" -> 2;
                    case "v2" -> 3;
                    default -> 4;
                };
                if (at[slot] < 0) {
                    at[slot] = i;
                }
            }
        }
        return new ContactRows(csv, new Columns(at[0], at[1], at[2], at[3], at[4]), true);
    }

    /** A line is a header when it names a number column and every other non-empty cell is a known column. */
    static boolean isHeader(List<String> cells) {
        boolean number = false;
        for (String cell : cells) {
            if (cell.isBlank()) {
                continue;
            }
            String role = NAMES.get(normalise(cell));
            if (role == null) {
                return false;
            }
            number |= role.equals("number");
        }
        return number;
    }

    static String normalise(String cell) {
        String s = Normalizer.normalize(cell.strip().toLowerCase(Locale.ROOT), Normalizer.Form.NFD);
        return s.replaceAll("\\p{M}", "").replaceAll("[^a-z0-9]", "");
    }

    public boolean hasHeader() {
        return header;
    }

    public Columns columns() {
        return columns;
    }

    /** The next row, or null at the end of the file. */
    public Row next() throws IOException {
        CsvReader.Record r = csv.next();
        if (r == null) {
            return null;
        }
        String raw = r.field(columns.number());
        if (raw == null || raw.isBlank()) {
            return new Row(r.line(), Optional.empty(), "no number");
        }
        Optional<PhoneNumber> number = PhoneNumber.parse(raw);
        if (number.isEmpty()) {
            return new Row(r.line(), Optional.empty(), "invalid number: " + raw.strip());
        }
        String name = blankToNull(r.field(columns.name()));
        if (name != null && name.length() > MAX_NAME) {
            return new Row(r.line(), Optional.empty(), "name longer than " + MAX_NAME + " characters");
        }
        String[] v = {blankToNull(r.field(columns.v1())), blankToNull(r.field(columns.v2())), blankToNull(r.field(columns.v3()))};
        for (int i = 0; i < v.length; i++) {
            if (v[i] != null && v[i].length() > MAX_VARIABLE) {
                return new Row(r.line(), Optional.empty(), "v" + (i + 1) + " longer than " + MAX_VARIABLE + " characters");
            }
        }
        return new Row(r.line(), Optional.of(new Contact(r.line(), number.get(), name, v[0], v[1], v[2])), null);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
