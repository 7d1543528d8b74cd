package io.colibri.domain;

import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * CSV as Excel writes it (CSV-1), read one record at a time in constant memory:
 * <ul>
 *   <li>{@code ;} separated by default; an Excel {@code sep=,} first line, or a header line whose
 *       names are separated by {@code ,}, switches to {@code ,};</li>
 *   <li>fields in double quotes may hold separators, doubled quotes and line breaks;</li>
 *   <li>lines end with CRLF, LF or CR; a leading byte order mark is skipped;</li>
 *   <li>directive lines at the very top, {@code #key: value} (the drop folder's {@code #message:}
 *       and {@code #diff:}), are read whole, separators included;</li>
 *   <li>blank lines and lines of separators only (Excel's empty rows) are skipped.</li>
 * </ul>
 * Each record carries the number of the line it starts on, for reports. Sizes are bounded, so a
 * file cannot make one unbounded field (a quote never closed): a field over {@value #MAX_FIELD}
 * characters, a record over {@value #MAX_FIELDS} fields or a directive line over
 * {@value #MAX_LINE} characters stops the reading with {@link TooLarge}.
 */
public final class CsvReader implements Closeable {
    /** Longest field: far more than a name, a number or a merge value needs. */
    public static final int MAX_FIELD = 2_000;
    /** Most fields in one record. */
    public static final int MAX_FIELDS = 100;
    /** Longest directive line ({@code #message:} holds the text of an SMS of 10 parts and more). */
    public static final int MAX_LINE = 5_000;

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

    private final Reader in;
    private final StringBuilder pushedBack = new StringBuilder();
    private int pushedAt;
    private long line = 1;
    private char separator;
    private final Map<String, String> directives = new LinkedHashMap<>();
    private boolean started;

    /**
     * @param separator the separator, or 0 to decide from the file ({@code sep=} line, else the
     *                  header line, else {@code ;})
     */
    public CsvReader(Reader in, char separator) {
        this.in = in;
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
    public List<String> peekFirstLine(java.util.function.Predicate<List<String>> isHeader) throws IOException {
        start();
        String first = physicalLine();
        if (first == null) {
            return List.of();
        }
        unread(first);
        String text = stripEol(first);
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
        if (separator == 0) {
            separator = ';';
        }
        while (true) {
            int c = read();
            if (c < 0) {
                return null;
            }
            long startLine = line;
            List<String> fields = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            boolean quoted = false;
            boolean wasQuoted = false;
            boolean end = false;
            while (!end) {
                if (quoted) {
                    if (c < 0) {
                        end = true; // unterminated quote: the rest of the file is the field
                        continue;
                    } else if (c == '"') {
                        int next = read();
                        if (next == '"') {
                            field.append('"');
                        } else {
                            quoted = false;
                            c = next;
                            continue;
                        }
                    } else {
                        if (c == '\n' || (c == '\r' && peek() != '\n')) {
                            line++;
                        }
                        field.append((char) c);
                        if (field.length() > MAX_FIELD) {
                            throw new TooLarge(startLine, "a quoted field longer than " + MAX_FIELD + " characters (a quote not closed?)");
                        }
                    }
                } else if (c < 0 || c == '\n' || c == '\r') {
                    if (c == '\r' && peek() == '\n') {
                        read();
                    }
                    if (c >= 0) {
                        line++;
                    }
                    end = true;
                    continue;
                } else if (c == separator) {
                    fields.add(wasQuoted ? field.toString() : field.toString().strip());
                    field.setLength(0);
                    wasQuoted = false;
                    if (fields.size() >= MAX_FIELDS) {
                        throw new TooLarge(startLine, "more than " + MAX_FIELDS + " fields");
                    }
                } else if (c == '"' && field.toString().isBlank() && !wasQuoted) {
                    field.setLength(0);
                    quoted = true;
                    wasQuoted = true;
                } else {
                    field.append((char) c);
                    if (field.length() > MAX_FIELD) {
                        throw new TooLarge(startLine, "a field longer than " + MAX_FIELD + " characters");
                    }
                }
                c = read();
            }
            fields.add(wasQuoted ? field.toString() : field.toString().strip());
            if (fields.stream().allMatch(String::isEmpty)) {
                continue; // blank line or an empty Excel row
            }
            return new Record(startLine, List.copyOf(fields));
        }
    }

    /** Reads the optional BOM, {@code sep=} line and directive lines. */
    private void start() throws IOException {
        if (started) {
            return;
        }
        started = true;
        int c = read();
        if (c != '\uFEFF' && c >= 0) {
            unread(String.valueOf((char) c));
        }
        String l;
        while ((l = physicalLine()) != null) {
            String text = stripEol(l);
            String lower = text.strip().toLowerCase(Locale.ROOT);
            if (directives.isEmpty() && lower.startsWith("sep=") && text.strip().length() == 5) {
                separator = text.strip().charAt(4);
                line++;
            } else if (text.startsWith("#")) {
                if (directives.size() >= 20) {
                    throw new TooLarge(line, "more than 20 lines starting with # at the top of the file");
                }
                int colon = text.indexOf(':');
                String key = (colon > 0 ? text.substring(1, colon) : text.substring(1)).strip().toLowerCase(Locale.ROOT);
                directives.put(key, colon > 0 ? text.substring(colon + 1).strip() : "");
                line++;
            } else {
                unread(l);
                break;
            }
        }
    }

    /** The next physical line with its line end, or null at the end (does not count lines). */
    private String physicalLine() throws IOException {
        StringBuilder l = new StringBuilder();
        int c;
        while ((c = read()) >= 0) {
            l.append((char) c);
            if (l.length() > MAX_LINE) {
                throw new TooLarge(line, "a line longer than " + MAX_LINE + " characters at the top of the file");
            }
            if (c == '\n') {
                break;
            }
            if (c == '\r') {
                if (peek() == '\n') {
                    l.append((char) read());
                }
                break;
            }
        }
        return l.isEmpty() ? null : l.toString();
    }

    private static String stripEol(String l) {
        int end = l.length();
        while (end > 0 && (l.charAt(end - 1) == '\n' || l.charAt(end - 1) == '\r')) {
            end--;
        }
        return l.substring(0, end);
    }

    /** A header-like line split on a separator, quotes removed (no line breaks in a header). */
    static List<String> split(String text, char sep) {
        List<String> out = new ArrayList<>();
        StringBuilder f = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (ch == '"') {
                if (quoted && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    f.append('"');
                    i++;
                } else {
                    quoted = !quoted;
                }
            } else if (ch == sep && !quoted) {
                out.add(f.toString().strip());
                f.setLength(0);
            } else {
                f.append(ch);
            }
        }
        out.add(f.toString().strip());
        return out;
    }

    private int read() throws IOException {
        if (pushedAt < pushedBack.length()) {
            char ch = pushedBack.charAt(pushedAt++);
            if (pushedAt == pushedBack.length()) {
                pushedBack.setLength(0);
                pushedAt = 0;
            }
            return ch;
        }
        return in.read();
    }

    private int peek() throws IOException {
        int c = read();
        if (c >= 0) {
            unread(String.valueOf((char) c));
        }
        return c;
    }

    private void unread(String s) {
        pushedBack.insert(pushedAt, s);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
