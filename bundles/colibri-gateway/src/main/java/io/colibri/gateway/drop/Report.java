package io.colibri.gateway.drop;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The report written beside a dropped file (CSV-2), as CSV that Excel opens with its accents
 * (UTF-8 with a byte order mark, {@code ;}): {@code line;reason} for each input line refused,
 * then one summary line. Written as the file is read, so a file of any size has a report of any
 * size without holding it.
 */
final class Report implements AutoCloseable {
    /** A report that writes nothing (a second pass over a file already reported). */
    static final Report NONE = new Report();

    private final Writer out;

    Report(Path file) throws IOException {
        out = new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8));
        out.write('\uFEFF');
        out.write("line;reason\r\n");
    }

    private Report() {
        out = null;
    }

    void line(long line, String reason) {
        write(line + ";" + quote(reason));
    }

    void summary(String text) {
        write(";" + quote(text));
    }

    private void write(String row) {
        if (out == null) {
            return;
        }
        try {
            out.write(row);
            out.write("\r\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String quote(String s) {
        return s.indexOf(';') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 ? s : '"' + s.replace("\"", "\"\"") + '"';
    }

    /** Ids as ranges: {@code 12-15 18}. */
    static String ranges(List<Long> ids) {
        if (ids.isEmpty()) {
            return "none";
        }
        List<Long> sorted = ids.stream().sorted().toList();
        StringBuilder b = new StringBuilder();
        long start = sorted.get(0);
        long prev = start;
        for (int i = 1; i <= sorted.size(); i++) {
            long id = i < sorted.size() ? sorted.get(i) : Long.MIN_VALUE;
            if (id != prev + 1) {
                if (b.length() > 0) {
                    b.append(' ');
                }
                b.append(start);
                if (prev != start) {
                    b.append('-').append(prev);
                }
                start = id;
            }
            prev = id;
        }
        return b.toString();
    }

    @Override
    public void close() throws IOException {
        if (out != null) {
            out.close();
        }
    }
}
