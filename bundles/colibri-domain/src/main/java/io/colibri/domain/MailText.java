package io.colibri.domain;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The SMS text of a mail body, once MIME has been decoded (MAIL-6..8):
 * <ul>
 *   <li>an HTML body (a mail with no plain-text part) becomes text: scripts, styles and tags
 *       removed, line-breaking tags kept as line breaks, entities decoded;</li>
 *   <li>{@code <SMS>…</SMS>} (any case, also typed into an HTML editor, so escaped) takes
 *       precedence: only what is between is the text;</li>
 *   <li>otherwise {@code *fin*} (any case) ends the text: signatures and quoted replies below it
 *       are gone;</li>
 *   <li>spaces and tabs run together, lines are trimmed, blank lines at the ends dropped and more
 *       than one blank line in a row made one.</li>
 * </ul>
 */
public final class MailText {
    private static final Pattern SMS = Pattern.compile("<\\s*sms\\s*>(.*?)<\\s*/\\s*sms\\s*>", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern END = Pattern.compile("\\*\\s*fin\\s*\\*", Pattern.CASE_INSENSITIVE);
    private static final Pattern DROPPED = Pattern.compile("<(script|style|head|title)\\b.*?</\\1\\s*>",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern BREAK = Pattern.compile("<\\s*(br|/p|/div|/li|/tr|/h[1-6]|p|div|li|tr)\\b[^>]*>", Pattern.CASE_INSENSITIVE);
    private static final Pattern COMMENT = Pattern.compile("<!--.*?-->", Pattern.DOTALL);
    private static final Pattern TAG = Pattern.compile("<[^>]*>");
    private static final Pattern ENTITY = Pattern.compile("&(#x[0-9a-fA-F]+|#\\d+|[a-zA-Z][a-zA-Z0-9]*);");
    private static final Map<String, String> NAMED = Map.ofEntries(
            Map.entry("amp", "&"), Map.entry("lt", "<"), Map.entry("gt", ">"), Map.entry("quot", "\""), Map.entry("apos", "'"),
            Map.entry("nbsp", " "), Map.entry("eacute", "é"), Map.entry("egrave", "è"), Map.entry("ecirc", "ê"),
            Map.entry("euml", "ë"), Map.entry("agrave", "à"), Map.entry("acirc", "â"), Map.entry("ccedil", "ç"),
            Map.entry("ugrave", "ù"), Map.entry("ucirc", "û"), Map.entry("uuml", "ü"), Map.entry("icirc", "î"),
            Map.entry("iuml", "ï"), Map.entry("ocirc", "ô"), Map.entry("oelig", "œ"), Map.entry("Eacute", "É"),
            Map.entry("Egrave", "È"), Map.entry("Agrave", "À"), Map.entry("Ccedil", "Ç"), Map.entry("euro", "€"),
            Map.entry("rsquo", "’"), Map.entry("lsquo", "‘"), Map.entry("ldquo", "“"), Map.entry("rdquo", "”"),
            Map.entry("laquo", "«"), Map.entry("raquo", "»"), Map.entry("hellip", "…"), Map.entry("ndash", "–"),
            Map.entry("mdash", "—"), Map.entry("deg", "°"), Map.entry("copy", "©"));

    private MailText() {
    }

    /** The text of a plain-text body. */
    public static String fromPlain(String body) {
        return tidy(cut(body == null ? "" : body));
    }

    /** The text of an HTML body (when the mail has no plain-text part). */
    public static String fromHtml(String html) {
        String s = html == null ? "" : html;
        s = COMMENT.matcher(s).replaceAll("");
        s = DROPPED.matcher(s).replaceAll("");
        // <SMS> as markup (an unknown tag) is found in the HTML; typed as text in an HTML editor it
        // arrives escaped, and is found in the text like the rest.
        Matcher sms = SMS.matcher(s);
        if (sms.find()) {
            return tidy(text(sms.group(1)));
        }
        return tidy(cut(text(s)));
    }

    /** HTML to text: source line breaks are spaces, line-breaking tags are line breaks. */
    private static String text(String html) {
        String s = html.replaceAll("[\\r\\n]+", " ");
        s = BREAK.matcher(s).replaceAll("\n");
        s = TAG.matcher(s).replaceAll("");
        return entities(s);
    }

    private static String cut(String text) {
        Matcher sms = SMS.matcher(text);
        if (sms.find()) {
            return sms.group(1);
        }
        Matcher end = END.matcher(text);
        return end.find() ? text.substring(0, end.start()) : text;
    }

    private static String entities(String s) {
        Matcher m = ENTITY.matcher(s);
        StringBuilder out = new StringBuilder(s.length());
        while (m.find()) {
            String e = m.group(1);
            String r;
            if (e.startsWith("#x") || e.startsWith("#X")) {
                r = codePoint(e.substring(2), 16, m.group());
            } else if (e.startsWith("#")) {
                r = codePoint(e.substring(1), 10, m.group());
            } else {
                r = NAMED.getOrDefault(e, NAMED.getOrDefault(e.toLowerCase(Locale.ROOT), m.group()));
            }
            m.appendReplacement(out, Matcher.quoteReplacement(r));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String codePoint(String digits, int radix, String original) {
        try {
            int cp = Integer.parseInt(digits, radix);
            return Character.isValidCodePoint(cp) && cp != 0 ? new String(Character.toChars(cp)) : original;
        } catch (NumberFormatException e) {
            return original;
        }
    }

    private static String tidy(String text) {
        String[] lines = text.replace("\r\n", "\n").replace('\r', '\n').replace('\u00A0', ' ').split("\n", -1);
        StringBuilder out = new StringBuilder();
        boolean blank = false;
        for (String line : lines) {
            String l = line.replaceAll("[ \\t\\u000B\\f]+", " ").strip();
            if (l.isEmpty()) {
                blank = out.length() > 0;
                continue;
            }
            if (out.length() > 0) {
                out.append(blank ? "\n\n" : "\n");
            }
            out.append(l);
            blank = false;
        }
        return out.toString();
    }
}
