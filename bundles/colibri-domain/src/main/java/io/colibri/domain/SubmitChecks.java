package io.colibri.domain;

import java.util.Optional;

/**
 * The order in which a send request is checked (HTTP-5): empty fields first (87, 88, 89, 90),
 * then the login (82), then the number (84), then the credit (83). The first failing check
 * gives the answer; later checks are not even computed (no database work for an empty field).
 */
public final class SubmitChecks {

    /** What the checks need to know about the world, asked lazily and in order. */
    public interface Facts {
        boolean loginValid();

        boolean creditCovers(int credits);
    }

    /** A request as the customer typed it. */
    public record Request(String email, String password, String number, String text) {
    }

    /** The verdict: a refusal code, or an accepted number with its price. */
    public record Verdict(Code code, PhoneNumber number, PartCount parts, int credits) {
        public boolean accepted() {
            return code == Code.ACCEPTED;
        }
    }

    private SubmitChecks() {
    }

    /** The first empty field's code, in the table's order. */
    public static Optional<Code> emptyField(Request r) {
        if (blank(r.email())) {
            return Optional.of(Code.EMPTY_EMAIL);
        }
        if (blank(r.password())) {
            return Optional.of(Code.EMPTY_PASSWORD);
        }
        if (blank(r.number())) {
            return Optional.of(Code.EMPTY_NUMBER);
        }
        if (r.text() == null || r.text().isEmpty()) {
            return Optional.of(Code.EMPTY_MESSAGE);
        }
        return Optional.empty();
    }

    public static Verdict check(Request r, Facts facts) {
        Optional<Code> empty = emptyField(r);
        if (empty.isPresent()) {
            return refuse(empty.get());
        }
        if (!facts.loginValid()) {
            return refuse(Code.BAD_LOGIN);
        }
        Optional<PhoneNumber> number = PhoneNumber.parse(r.number());
        if (number.isEmpty()) {
            return refuse(Code.INVALID_NUMBER);
        }
        PartCount parts = PartCount.of(r.text());
        if (parts.tooLong()) {
            return refuse(Code.TOO_LONG);
        }
        int credits = Price.credits(number.get(), parts);
        if (!facts.creditCovers(credits)) {
            return new Verdict(Code.NOT_ENOUGH_CREDIT, number.get(), parts, credits);
        }
        return new Verdict(Code.ACCEPTED, number.get(), parts, credits);
    }

    private static Verdict refuse(Code code) {
        return new Verdict(code, null, null, 0);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
