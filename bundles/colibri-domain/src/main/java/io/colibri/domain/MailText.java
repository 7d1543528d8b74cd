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
 * A body is read up to {@value #MAX_BODY} characters, and all the matching over it is done within
 * a {@link StepBudget} proportional to its length: a body built to make a pattern backtrack (a
 * thousand {@code <!--} never closed) gives an empty text, so the mail is refused as empty rather
 * than holding the mail consumer.
 */
public final class MailText {
    /** Characters of a body read: far more than an SMS text (at most a few hundred) and its signature. */
    public static final int MAX_BODY = 100_000;
    private static final Pattern SMS_OPEN = Pattern.compile("<\\s*sms\\s*>", Pattern.CASE_INSENSITIVE);
    private static final Pattern SMS_CLOSE = Pattern.compile("<\\s*/\\s*sms\\s*>", Pattern.CASE_INSENSITIVE);
    private static final Pattern NEWLINES = Pattern.compile("[\\r\\n]+");
    private static final Pattern BLANKS = Pattern.compile("[ \\t\\u000B\\f]+");
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
        String s = capped(body);
        StepBudget budget = StepBudget.linear(s.length());
        try {
            return tidy(cut(s, budget), budget);
        } catch (StepBudget.Exhausted e) {
            return "";
        }
    }

    /** The text of an HTML body (when the mail has no plain-text part). */
    public static String fromHtml(String html) {
        String s = capped(html);
        StepBudget budget = StepBudget.linear(s.length());
        try {
            s = COMMENT.matcher(budget.over(s)).replaceAll("");
            s = DROPPED.matcher(budget.over(s)).replaceAll("");
            // <SMS> as markup (an unknown tag) is found in the HTML; typed as text in an HTML editor it
            // arrives escaped, and is found in the text like the rest.
            String sms = sms(s, budget);
            if (sms != null) {
                return tidy(text(sms, budget), budget);
            }
            return tidy(cut(text(s, budget), budget), budget);
        } catch (StepBudget.Exhausted e) {
            return "";
        }
    }

    /** Whether the body holds {@code <SMS>…</SMS>} (in its first {@value #MAX_BODY} characters). */
    public static boolean hasSms(String body) {
        String s = capped(body);
        try {
            return sms(s, StepBudget.linear(s.length())) != null;
        } catch (StepBudget.Exhausted e) {
            return false;
        }
    }

    private static String capped(String body) {
        return body == null ? "" : body.length() > MAX_BODY ? body.substring(0, MAX_BODY) : body;
    }

    /**
     * What stands between the first {@code <SMS>} and the first {@code </SMS>} after it, or null.
     * Two searches, each once over the text: a lazy {@code <sms>(.*?)</sms>} would scan to the end
     * again from every opening tag that is never closed.
     */
    private static String sms(String s, StepBudget budget) {
        Matcher open = SMS_OPEN.matcher(budget.over(s));
        if (!open.find()) {
            return null;
        }
        Matcher close = SMS_CLOSE.matcher(budget.over(s));
        return close.find(open.end()) ? s.substring(open.end(), close.start()) : null;
    }

    /** HTML to text: source line breaks are spaces, line-breaking tags are line breaks. */
    private static String text(String html, StepBudget budget) {
        String s = NEWLINES.matcher(budget.over(html)).replaceAll(" ");
        s = BREAK.matcher(budget.over(s)).replaceAll("\n");
        s = TAG.matcher(budget.over(s)).replaceAll("");
        return entities(s, budget);
    }

    private static String cut(String text, StepBudget budget) {
        String sms = sms(text, budget);
        if (sms != null) {
            return sms;
        }
        Matcher end = END.matcher(budget.over(text));
        return end.find() ? text.substring(0, end.start()) : text;
    }

    private static String entities(String s, StepBudget budget) {
        Matcher m = ENTITY.matcher(budget.over(s));
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

    private static String tidy(String text, StepBudget budget) {
        String[] lines = text.replace("\r\n", "\n").replace('\r', '\n').replace('\u00A0', ' ').split("\n", -1);
        StringBuilder out = new StringBuilder();
        boolean blank = false;
        for (String line : lines) {
            String l = BLANKS.matcher(budget.over(line)).replaceAll(" ").strip();
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
