package io.colibri.domain;

import java.io.Closeable;
import java.io.FilterReader;
import java.io.IOException;
import java.io.PushbackReader;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * CSV as Excel writes it (CSV-1), read one record at a time in constant memory. Apache Commons CSV
 * does the parsing ({@link CSVFormat#EXCEL}: fields in double quotes hold separators, doubled
 * quotes and line breaks; lines end with CRLF, LF or CR; a quote never closed ends at the end of
 * the file); unquoted fields are trimmed. Colibri's own rules are read around it:
 * <ul>
 *   <li>a leading byte order mark is skipped;</li>
 *   <li>{@code ;} separates by default; an Excel {@code sep=,} first line, or a header line whose
 *       names are separated by {@code ,}, switches to {@code ,};</li>
 *   <li>directive lines at the very top, {@code #key: value} (the drop folder's {@code #message:}
 *       and {@code #diff:}), are read whole, separators included;</li>
 *   <li>blank lines and lines of separators only (Excel's empty rows) are skipped.</li>
 * </ul>
 * Each record carries the number of the line it starts on, for reports. Sizes are bounded, so a
 * file cannot make one unbounded field (a quote never closed): a field over {@value #MAX_FIELD}
 * characters, a record over {@value #MAX_FIELDS} fields or over {@value #MAX_RECORD} characters of
 * the file, more than {@value #MAX_DIRECTIVES} directives or a directive line over
 * {@value #MAX_LINE} characters stops the reading with {@link TooLarge}.
 */
public final class CsvReader implements Closeable {
    /** Longest field: far more than a name, a number or a merge value needs. */
    public static final int MAX_FIELD = 2_000;
    /** Most fields in one record. */
    public static final int MAX_FIELDS = 100;
    /** Longest directive line ({@code #message:} holds the text of an SMS of 10 parts and more). */
    public static final int MAX_LINE = 5_000;
    /** Most directive lines. */
    public static final int MAX_DIRECTIVES = 20;
    /**
     * Most characters of the file one record may take: every field at its longest, quoted, its
     * quotes doubled. Commons CSV would make the rest of the file one field of a quote never closed;
     * the file is cut here first.
     */
    public static final int MAX_RECORD = 2 * MAX_FIELDS * MAX_FIELD;

    /** The file is not CSV this reader will read: where and why. */
    public static final class TooLarge extends IOException {
        TooLarge(long line, String what) {
            super("line " + line + ": " + what);
        }
    }

    /** One record: the line it starts on (1-based) and its fields. */
    public record Record(long line, List<String> fields) {
        public String field(int index) {
            return index >= 0 && index < fields.size() ? fields.get(index) : null;
        }
    }

    /** The file; its first lines are read, then given back when they are data. */
    private final PushbackReader in;
    private final Bounded bounded;
    private final Map<String, String> directives = new LinkedHashMap<>();
    private char separator;
    private boolean started;
    /** The line the data starts on, below the {@code sep=} and directive lines. */
    private long firstLine = 1;
    private CSVParser parser;
    private Iterator<CSVRecord> records;

    /**
     * @param separator the separator, or 0 to decide from the file ({@code sep=} line, else the
     *                  header line, else {@code ;})
     */
    public CsvReader(Reader in, char separator) {
        this.in = new PushbackReader(in, MAX_LINE + 2);
        this.bounded = new Bounded(this.in);
        this.separator = separator;
    }

    public CsvReader(Reader in) {
        this(in, (char) 0);
    }

    /** The directives found above the data ({@code #message: ...}), keys in lower case. */
    public Map<String, String> directives() throws IOException {
        start();
        return directives;
    }

    /** The separator in use (known once reading has started). */
    public char separator() throws IOException {
        start();
        return separator;
    }

    /**
     * Looks at the first data line without consuming it: its fields split by the separator the
     * file declares, or by the one that makes them all {@code known} names. Used to recognise a
     * header line; when it names its columns with {@code ,}, the file is read with {@code ,}.
     */
    public List<String> peekFirstLine(Predicate<List<String>> isHeader) throws IOException {
        start();
        String first = physicalLine(firstLine);
        if (first == null) {
            return List.of();
        }
        in.unread(first.toCharArray());
        String text = withoutEnd(first);
        if (separator == 0) {
            List<String> bySemicolon = split(text, ';');
            List<String> byComma = split(text, ',');
            separator = !isHeader.test(bySemicolon) && byComma.size() > 1 && isHeader.test(byComma) ? ',' : ';';
        }
        return split(text, separator);
    }

    /** The next record, or null at the end. */
    public Record next() throws IOException {
        start();
        if (parser == null) {
            if (separator == 0) {
                separator = ';';
            }
            parser = format(separator).parse(bounded);
            records = parser.iterator();
        }
        while (true) {
            long line = firstLine + parser.getCurrentLineNumber(); // the parser stands after the last record's line end
            bounded.startRecord(line);
            CSVRecord r;
            try {
                if (!records.hasNext()) {
                    return null;
                }
                r = records.next();
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            if (r.size() > MAX_FIELDS) {
                throw new TooLarge(line, "more than " + MAX_FIELDS + " fields");
            }
            for (String field : r) {
                if (field.length() > MAX_FIELD) {
                    throw new TooLarge(line, field.contains("\n") || field.contains("\r")
                            ? "a quoted field longer than " + MAX_FIELD + " characters (a quote not closed?)"
                            : "a field longer than " + MAX_FIELD + " characters");
                }
            }
            List<String> fields = List.copyOf(r.toList());
            if (fields.stream().allMatch(String::isEmpty)) {
                continue; // blank line or an empty Excel row
            }
            return new Record(line, fields);
        }
    }

    /** Excel's CSV with this separator, unquoted fields trimmed (quoted ones are kept as written). */
    private static CSVFormat format(char separator) {
        return CSVFormat.EXCEL.builder().setDelimiter(separator).setIgnoreSurroundingSpaces(true).get();
    }

    /** Reads the optional BOM, {@code sep=} line and directive lines. */
    private void start() throws IOException {
        if (started) {
            return;
        }
        started = true;
        int c = in.read();
        if (c != '\uFEFF' && c >= 0) {
            in.unread(c);
        }
        String l;
        while ((l = physicalLine(firstLine)) != null) {
            String text = withoutEnd(l).strip();
            if (directives.isEmpty() && text.toLowerCase(Locale.ROOT).startsWith("sep=") && text.length() == 5) {
                separator = text.charAt(4);
            } else if (l.startsWith("#")) {
                if (directives.size() >= MAX_DIRECTIVES) {
                    throw new TooLarge(firstLine, "more than " + MAX_DIRECTIVES + " lines starting with # at the top of the file");
                }
                int colon = text.indexOf(':');
                String key = (colon > 0 ? text.substring(1, colon) : text.substring(1)).strip().toLowerCase(Locale.ROOT);
                directives.put(key, colon > 0 ? text.substring(colon + 1).strip() : "");
            } else {
                in.unread(l.toCharArray());
                break;
            }
            firstLine++;
        }
    }

    /** The next physical line with its line end, or null at the end (a line at the top of the file: bounded). */
    private String physicalLine(long line) throws IOException {
        StringBuilder l = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            l.append((char) c);
            if (l.length() > MAX_LINE) {
                throw new TooLarge(line, "a line longer than " + MAX_LINE + " characters at the top of the file");
            }
            if (c == '\n') {
                break;
            }
            if (c == '\r') {
                int next = in.read();
                if (next == '\n') {
                    l.append('\n');
                } else if (next >= 0) {
                    in.unread(next);
                }
                break;
            }
        }
        return l.isEmpty() ? null : l.toString();
    }

    private static String withoutEnd(String line) {
        return line.substring(0, line.length() - (line.endsWith("\r\n") ? 2 : line.endsWith("\n") || line.endsWith("\r") ? 1 : 0));
    }

    /** A header-like line split on a separator, quotes removed. */
    static List<String> split(String text, char separator) throws IOException {
        try (CSVParser line = format(separator).parse(new StringReader(text))) {
            Iterator<CSVRecord> r = line.iterator();
            return r.hasNext() ? r.next().stream().map(String::strip).toList() : List.of("");
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    /**
     * The file as the parser reads it: one character at a time, so that what was read is what the
     * current record took, and a record that takes more than {@link #MAX_RECORD} characters stops
     * the reading.
     */
    private static final class Bounded extends FilterReader {
        private long line;
        private long left;

        Bounded(Reader in) {
            super(in);
        }

        void startRecord(long line) {
            this.line = line;
            left = MAX_RECORD;
        }

        @Override
        public int read(char[] buf, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            int c = in.read();
            if (c < 0) {
                return -1;
            }
            if (--left < 0) {
                throw new TooLarge(line, "a record longer than " + MAX_RECORD + " characters (a quote not closed?)");
            }
            buf[off] = (char) c;
            return 1;
        }
    }
}
