package io.colibri.domain;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Merge fields (MERGE-1, MERGE-2): {@code [v1]}, {@code [v2]} and {@code [v3]} in a bulk text
 * are replaced by the recipient's variables; a variable the recipient lacks becomes empty. The
 * brackets and the letter are matched case-insensitively ({@code [V1]} too), with no spaces
 * inside. Any other bracketed text is left as it is.
 */
public final class Merge {
    private static final Pattern FIELD = Pattern.compile("\\[[vV]([123])]");

    private Merge() {
    }

    public static boolean hasFields(String template) {
        return template != null && FIELD.matcher(template).find();
    }

    /** The text for one recipient: each field replaced by its variable (null is empty). */
    public static String apply(String template, String v1, String v2, String v3) {
        Matcher m = FIELD.matcher(template);
        if (!m.find()) {
            return template;
        }
        StringBuilder out = new StringBuilder(template.length() + 32);
        int last = 0;
        do {
            out.append(template, last, m.start());
            String value = switch (m.group(1)) {
                case "1" -> v1;
                case "2" -> v2;
                default -> v3;
            };
            if (value != null) {
                out.append(value);
            }
            last = m.end();
        } while (m.find());
        return out.append(template, last, template.length()).toString();
    }
}
