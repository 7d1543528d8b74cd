package io.colibri.domain;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What a reply (MO) asks for, read as people type on a phone: STOP (OPT-14), CONTACT (OPT-15), or
 * anything else. Case, accents, punctuation and spaces do not matter, and a word or two may
 * follow ({@code STOP SMS}, {@code Stop merci}); a longer sentence that merely starts with the
 * word is not the keyword.
 */
public enum ReplyKind {
    STOP, CONTACT, OTHER;

    /** At most this many words make a keyword reply ("STOP", "STOP SMS", "STOP PUB SVP"). */
    static final int MAX_WORDS = 3;
    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern NOT_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");

    public static ReplyKind of(String text) {
        String folded = fold(text);
        if (folded.isEmpty()) {
            return OTHER;
        }
        String[] words = folded.split(" ");
        if (words.length > MAX_WORDS) {
            return OTHER;
        }
        return switch (words[0]) {
            case "STOP", "STOPSMS", "ARRET" -> STOP;
            case "CONTACT" -> CONTACT;
            default -> OTHER;
        };
    }

    /** The text as rules compare it: accents removed, upper case, anything but letters and digits one space, trimmed. */
    public static String fold(String text) {
        if (text == null) {
            return "";
        }
        String s = MARKS.matcher(Normalizer.normalize(text, Normalizer.Form.NFD)).replaceAll("");
        return NOT_WORD.matcher(s.toUpperCase(Locale.ROOT)).replaceAll(" ").strip();
    }
}
