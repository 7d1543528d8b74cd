package io.colibri.domain;

import java.util.Optional;

/**
 * What a password an account chooses must be (the console's change and reset): 10 to 64 letters
 * and digits, at least one of each. Letters and digits only because the mail syntaxes (MAIL-1)
 * carry the password in an address or a subject, where a '.', ':' or space would split it.
 */
public final class PasswordRule {
    public static final int MIN = 10;
    public static final int MAX = 64;

    private PasswordRule() {
    }

    /** Why this password is refused, or empty when it will do. */
    public static Optional<String> problem(String password) {
        if (password == null || password.length() < MIN) {
            return Optional.of("a password has at least " + MIN + " characters");
        }
        if (password.length() > MAX) {
            return Optional.of("a password has at most " + MAX + " characters");
        }
        boolean letter = false;
        boolean digit = false;
        for (int i = 0; i < password.length(); i++) {
            char c = password.charAt(i);
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
                letter = true;
            } else if (c >= '0' && c <= '9') {
                digit = true;
            } else {
                return Optional.of("a password is made of letters (a-z, A-Z) and digits only: the mail syntaxes carry it in an address");
            }
        }
        if (!letter || !digit) {
            return Optional.of("a password has at least one letter and one digit");
        }
        return Optional.empty();
    }
}
