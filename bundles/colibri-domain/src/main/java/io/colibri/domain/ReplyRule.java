package io.colibri.domain;

import java.text.Normalizer;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A criteria rule of an account (OPT-16): when a reply matches, an answer is sent and/or the
 * sender's contact is moved into a group. Case and accents never matter:
 * <ul>
 *   <li>{@code keyword}: the reply is the word or words, punctuation and spaces aside ("Oui !" is OUI);</li>
 *   <li>{@code starts}: the reply starts with them, as whole words ("OUI je viens" starts with OUI; "OUIOUI" does not);</li>
 *   <li>{@code contains}: they stand in the reply, as whole words;</li>
 *   <li>{@code regex}: a Java regular expression found in the reply, accents removed, case ignored.</li>
 * </ul>
 *
 * @param answer empty for none
 * @param group  empty for none
 */
public record ReplyRule(Match match, String pattern, String answer, String group) {
    public enum Match {
        KEYWORD("keyword"), STARTS("starts"), CONTAINS("contains"), REGEX("regex");

        public final String key;

        Match(String key) {
            this.key = key;
        }

        public static Match of(String key) {
            for (Match m : values()) {
                if (m.key.equalsIgnoreCase(key == null ? "" : key.strip())) {
                    return m;
                }
            }
            throw new IllegalArgumentException("match must be keyword, starts, contains or regex, not '" + key + "'");
        }
    }

    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    /** Longest pattern a rule may have. */
    public static final int MAX_PATTERN = 500;
    /** Longest reply read: more than any concatenated SMS. */
    static final int MAX_REPLY = 2_000;

    /** @throws IllegalArgumentException for an empty pattern, a bad regular expression, or a rule that does nothing */
    public ReplyRule {
        answer = answer == null ? "" : answer.strip();
        group = group == null ? "" : group.strip();
        if (pattern == null || pattern.isBlank()) {
            throw new IllegalArgumentException("a rule needs something to match");
        }
        if (pattern.length() > MAX_PATTERN) {
            throw new IllegalArgumentException("a rule's pattern is at most " + MAX_PATTERN + " characters");
        }
        if (answer.isEmpty() && group.isEmpty()) {
            throw new IllegalArgumentException("a rule answers, moves the contact into a group, or both");
        }
        if (match == Match.REGEX) {
            try {
                Pattern.compile(pattern);
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("not a regular expression: " + e.getDescription());
            }
        } else if (ReplyKind.fold(pattern).isEmpty()) {
            throw new IllegalArgumentException("a " + match.key + " rule needs letters or digits to match");
        }
    }

    /**
     * Whether the reply matches. A regex rule reads the reply's first {@value #MAX_REPLY}
     * characters, within a {@link StepBudget}: a pattern that backtracks without end, such as
     * {@code ((a+)\2?)+b} on a long run of a, stops there.
     *
     * @throws StepBudget.Exhausted when a regex rule needs more work than the budget allows
     */
    public boolean matches(String reply) {
        if (reply != null && reply.length() > MAX_REPLY) {
            reply = reply.substring(0, MAX_REPLY);
        }
        String text = " " + ReplyKind.fold(reply) + " ";
        String words = " " + ReplyKind.fold(pattern) + " ";
        return switch (match) {
            case KEYWORD -> text.equals(words);
            case STARTS -> text.startsWith(words);
            case CONTAINS -> text.contains(words);
            case REGEX -> {
                String plain = MARKS.matcher(Normalizer.normalize(reply == null ? "" : reply, Normalizer.Form.NFD)).replaceAll("");
                yield Pattern.compile(pattern, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE)
                        .matcher(StepBudget.linear(plain.length()).over(plain)).find();
            }
        };
    }

    /** As the console shows it. */
    public String describe() {
        return match.key + " \"" + pattern + "\"" + (answer.isEmpty() ? "" : " → answer \"" + answer + "\"")
                + (group.isEmpty() ? "" : " → group " + group);
    }
}
