package io.colibri.domain;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;

/**
 * Whether and how a send request may go, in the order HTTP-5 gives: empty fields (87, 88, 89,
 * 90), login (82), caller's address (96), number (84: invalid, blacklisted, or a class the account
 * has not bought), deferred date (85), DOM-TOM option (93), length (97), duplicate (91), credit
 * (83). The first failing check gives the answer; later ones are not even asked (no database work
 * for an empty field). A request that passes every check is 92 in test mode, 81 when deferred,
 * else 80; a cancellation ({@code diff} ending in {@code s}) that passes is for the caller to try.
 * A {@code numero} that names one of the account's groups, or has no digit at all, is a bulk send:
 * see {@link BulkChecks}.
 */
public final class SubmitChecks {

    /** What the checks need to know about the account, asked lazily and in order. */
    public interface Facts {
        boolean loginValid();

        /** Known once the login is valid. */
        AccountOptions options();

        boolean blacklisted(PhoneNumber number);

        boolean sentWithin24h(PhoneNumber number, String text);

        boolean creditCovers(int credits);

        /**
         * The members of the account's group of that name; empty when there is no such group
         * (HTTP-3). Iterated twice (checked whole, then recorded): each iteration may read them
         * afresh, in the same order, so that a group of any size is never held whole.
         */
        Optional<? extends Iterable<Recipient>> group(String name);
    }

    /** A member of a group: its number and merge variables (MERGE-1). */
    public record Recipient(PhoneNumber number, String v1, String v2, String v3) {
    }

    /**
     * One member of a bulk send: its merged text, parts, price and time, or why it is not sent
     * ({@code refusal}: the code a single send to it would get).
     */
    public record Planned(PhoneNumber number, String text, PartCount parts, int credits, Instant sendAt, Code refusal) {
        public boolean sendable() {
            return refusal == null;
        }
    }

    /** What does not depend on the account: prices, the clock, the connectors' charsets. */
    public record Rules(PriceTable prices, Clock clock, Function<PhoneNumber, SmscCharset> charset) {
    }

    /**
     * A request as the customer typed it; {@code diff} may be null, and {@code callerIp} is null
     * for a request that did not come over HTTP (an HTTP request with no known address gives "").
     */
    public record Request(String email, String password, String number, String text, String diff, boolean test,
                          String callerIp) {
        public Request(String email, String password, String number, String text) {
            this(email, password, number, text, null, false, null);
        }

        /** Never shows the password, nor the text (a log line is no place for a customer's message). */
        @Override
        public String toString() {
            return "Request[email=" + email + ", password=" + (password == null ? "none" : "•••") + ", number=" + number
                    + ", text=" + (text == null ? "none" : text.length() + " chars") + ", diff=" + diff + ", test=" + test
                    + ", caller=" + callerIp + "]";
        }
    }

    /**
     * The verdict: a code, and for a request that may go, its number, parts, price and when it
     * leaves ({@code sendAt} null = now). For a group, {@code bulk} plans each member again as it
     * is iterated (the members are not held).
     */
    public record Verdict(Code code, PhoneNumber number, PartCount parts, int credits, Instant sendAt,
                          AccountOptions options, Diff cancel, Iterable<Planned> bulk) {
        public Verdict(Code code, PhoneNumber number, PartCount parts, int credits, Instant sendAt, AccountOptions options,
                       Diff cancel) {
            this(code, number, parts, credits, sendAt, options, cancel, null);
        }

        /** A send to a group: {@link #bulk} holds every member, {@code credits} their total. */
        public boolean isBulk() {
            return bulk != null;
        }

        /** Passed every check: to be recorded (80, 81). */
        public boolean accepted() {
            return code == Code.ACCEPTED || code == Code.DEFERRED;
        }

        /** A cancellation to try: the caller answers 94 or 95. */
        public boolean cancellation() {
            return cancel != null;
        }
    }

    private SubmitChecks() {
    }

    /**
     * The first empty field's code, in the table's order; a text of spaces alone is empty too,
     * and a cancellation needs no text.
     */
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
        if (blank(r.text()) && !isCancellation(r.diff())) {
            return Optional.of(Code.EMPTY_MESSAGE);
        }
        return Optional.empty();
    }

    public static Verdict check(Request r, Facts facts, Rules rules) {
        Optional<Code> empty = emptyField(r);
        if (empty.isPresent()) {
            return refuse(empty.get());
        }
        if (!facts.loginValid()) {
            return refuse(Code.BAD_LOGIN);
        }
        AccountOptions options = facts.options();
        // HTTP-8 limits HTTP callers; a request from another channel (mail, files) has no address.
        if (r.callerIp() != null && !options.ipAllowed(r.callerIp())) {
            return refuse(Code.IP_NOT_ALLOWED);
        }
        // A numero of digits and separators is a number; anything else names a group, unless no
        // group has that name and it holds digits: then it is a mistyped number (84, not 86).
        if (!PhoneNumber.looksLikeNumber(r.number())) {
            Optional<? extends Iterable<Recipient>> group = facts.group(r.number().strip());
            if (group.isPresent() || r.number().chars().noneMatch(Character::isDigit)) {
                return BulkChecks.check(r, group, facts, rules, options);
            }
        }
        Optional<PhoneNumber> parsed = PhoneNumber.parse(r.number());
        if (parsed.isEmpty()) {
            return refuse(Code.INVALID_NUMBER);
        }
        PhoneNumber number = parsed.get();
        Optional<Diff> cancel = Optional.ofNullable(r.diff()).flatMap(Diff::parse).filter(Diff::cancel);
        if (cancel.isPresent()) {
            // Cancelling asks nothing of the number's class or the blacklist (a number blacklisted
            // after the deferred send was registered can still be cancelled); a date already past
            // is still a cancellation to try: 95, not 85.
            return r.test()
                    ? new Verdict(Code.TEST_OK, number, null, 0, null, options, null)
                    : new Verdict(Code.DEFERRED_CANCELLED, number, null, 0, cancel.get().at(), options, cancel.get());
        }
        OptionalInt perPart = rules.prices().perPart(number);
        // A landline, metropolitan or overseas, needs the landline option (an overseas one needs both
        // options: without the landline one it is 84 here, before 85 and 93, as the table orders them).
        if (number.landline() && !options.landline()
                || number.numberClass() == PhoneNumber.NumberClass.INTERNATIONAL && (!options.international() || perPart.isEmpty())
                || facts.blacklisted(number)) {
            return refuse(Code.INVALID_NUMBER);
        }
        Instant now = rules.clock().instant();
        Diff diff = null;
        if (r.diff() != null && !r.diff().isBlank()) {
            Optional<Diff> d = Diff.parse(r.diff());
            if (d.isEmpty() || d.get().at().isBefore(now.truncatedTo(ChronoUnit.MINUTES))) {
                return refuse(Code.BAD_DEFERRED_DATE);
            }
            diff = d.get();
        }
        if (number.numberClass() == PhoneNumber.NumberClass.DOM_TOM && !options.domTom()) {
            return refuse(Code.DOM_TOM_NOT_ALLOWED);
        }
        PartCount parts = PartCount.of(r.text(), rules.charset().apply(number));
        if (parts.tooLong() || parts.parts() > 1 && !options.longSms()) {
            return refuse(Code.TOO_LONG);
        }
        if (options.duplicateGuard() && facts.sentWithin24h(number, r.text())) {
            return refuse(Code.DUPLICATE);
        }
        int credits = Math.multiplyExact(perPart.getAsInt(), parts.parts());
        if (!facts.creditCovers(credits)) {
            return new Verdict(Code.NOT_ENOUGH_CREDIT, number, parts, credits, null, options, null);
        }
        Instant sendAt = diff == null ? null : diff.at();
        if (number.landline()) {
            Instant allowed = LandlineHours.nextAllowed(sendAt == null ? now : sendAt, number);
            sendAt = allowed.equals(now) ? sendAt : allowed;
        }
        Code code = r.test() ? Code.TEST_OK : diff != null ? Code.DEFERRED : Code.ACCEPTED;
        return new Verdict(code, number, parts, credits, sendAt, options, null);
    }

    static boolean isCancellation(String diff) {
        return diff != null && Diff.parse(diff).map(Diff::cancel).orElse(false);
    }

    static Verdict refuse(Code code) {
        return new Verdict(code, null, null, 0, null, null, null);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
