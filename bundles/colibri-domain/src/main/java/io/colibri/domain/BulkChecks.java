package io.colibri.domain;

import io.colibri.domain.SubmitChecks.Facts;
import io.colibri.domain.SubmitChecks.Planned;
import io.colibri.domain.SubmitChecks.Recipient;
import io.colibri.domain.SubmitChecks.Request;
import io.colibri.domain.SubmitChecks.Rules;
import io.colibri.domain.SubmitChecks.Verdict;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A send to many (HTTP-3 groups, CSV-2 send files), after the checks every request passes (empty
 * fields, login, caller's address). In the table's order:
 * <ul>
 *   <li>86 when the group is unknown, or has no member left once blacklisted numbers are taken out
 *       (they are never written to, and never counted);</li>
 *   <li>85 for a malformed or past {@code diff}; a cancellation ({@code diff…s}) is the caller's
 *       to try on every member;</li>
 *   <li>each member's text is merged ({@code [v1]}..{@code [v3]}, MERGE-1) and priced on its own
 *       (MERGE-3); a member the account may not write to (landline, international without its
 *       option or price: 84; DOM-TOM without its option: 93), a merged text that is empty (90) or
 *       that went to that number in the last 24 hours (91) is planned as not sent, with that code:
 *       the rest still goes;</li>
 *   <li>97 when any merged text is too long for the account: the text is the customer's to fix,
 *       so nothing goes;</li>
 *   <li>when no member is left to send to, the first member's refusal is the answer;</li>
 *   <li>83 when the credit does not cover every member sent to: nothing goes;</li>
 *   <li>else 92 in test mode, 81 when deferred, 80.</li>
 * </ul>
 * {@link Bulk} plans one member at a time, so a file or a group of any length can be checked in one
 * pass and recorded in a second without holding its members.
 */
public final class BulkChecks {
    private BulkChecks() {
    }

    /** The members planned so far and what they add up to. */
    public static final class Bulk {
        private final String text;
        private final Diff diff;
        private final boolean test;
        private final Instant now;
        private final Facts facts;
        private final Rules rules;
        private final AccountOptions options;
        private long credits;
        private int sendable;
        private Code firstRefusal;
        private boolean tooLong;

        private Bulk(String text, Diff diff, boolean test, Instant now, Facts facts, Rules rules, AccountOptions options) {
            this.text = text;
            this.diff = diff;
            this.test = test;
            this.now = now;
            this.facts = facts;
            this.rules = rules;
            this.options = options;
        }

        /** One member: its merged text, parts, price and time, or the code that keeps it from being sent. */
        public Planned plan(Recipient m) {
            Planned p = planOne(m);
            if (p.sendable()) {
                credits += p.credits();
                sendable++;
            } else if (firstRefusal == null) {
                firstRefusal = p.refusal();
            }
            if (p.refusal() == Code.TOO_LONG) {
                tooLong = true;
            }
            return p;
        }

        private Planned planOne(Recipient m) {
            PhoneNumber number = m.number();
            OptionalInt perPart = rules.prices().perPart(number);
            if (number.landline() && !options.landline()
                    || number.numberClass() == PhoneNumber.NumberClass.INTERNATIONAL && (!options.international() || perPart.isEmpty())) {
                return notSent(number, Code.INVALID_NUMBER);
            }
            if (number.numberClass() == PhoneNumber.NumberClass.DOM_TOM && !options.domTom()) {
                return notSent(number, Code.DOM_TOM_NOT_ALLOWED);
            }
            String merged = Merge.apply(text, m.v1(), m.v2(), m.v3());
            if (merged.isBlank()) {
                return notSent(number, Code.EMPTY_MESSAGE);
            }
            PartCount parts = PartCount.of(merged, rules.charset().apply(number));
            if (parts.tooLong() || parts.parts() > 1 && !options.longSms()) {
                return new Planned(number, merged, parts, 0, null, Code.TOO_LONG);
            }
            if (options.duplicateGuard() && facts.sentWithin24h(number, merged)) {
                return new Planned(number, merged, parts, 0, null, Code.DUPLICATE);
            }
            Instant sendAt = diff == null ? null : diff.at();
            if (number.landline()) {
                Instant allowed = LandlineHours.nextAllowed(sendAt == null ? now : sendAt, number);
                sendAt = allowed.equals(now) ? sendAt : allowed;
            }
            return new Planned(number, merged, parts, Math.multiplyExact(perPart.getAsInt(), parts.parts()), sendAt, null);
        }

        /** Total price of the members sent to. */
        public int credits() {
            return Math.toIntExact(credits);
        }

        public int sendable() {
            return sendable;
        }

        /** When the members are sent (null: now; landline members may wait for 08:00). */
        public Instant sendAt() {
            return diff == null ? null : diff.at();
        }

        /**
         * The answer once every member is planned: 97, the first member's refusal when nobody is
         * left, 83 (asked of the facts), else 92, 81 or 80.
         */
        public Code code() {
            if (tooLong) {
                return Code.TOO_LONG;
            }
            if (sendable == 0) {
                return firstRefusal == null ? Code.EMPTY_GROUP : firstRefusal;
            }
            if (!facts.creditCovers(credits())) {
                return Code.NOT_ENOUGH_CREDIT;
            }
            return test ? Code.TEST_OK : diff != null ? Code.DEFERRED : Code.ACCEPTED;
        }
    }

    /** A bulk ready to plan its members, or the code that stops it before any member. */
    public record Started(Bulk bulk, Code refusal) {
    }

    /**
     * Starts a bulk of this text: 90 for a text with nothing in it, 85 for a malformed, past or
     * cancelling date (a cancellation is the caller's to handle first, see {@link #check}).
     */
    public static Started start(String text, String diffText, boolean test, Facts facts, Rules rules, AccountOptions options) {
        if (text == null || text.isBlank()) {
            return new Started(null, Code.EMPTY_MESSAGE);
        }
        Instant now = rules.clock().instant();
        Diff diff = null;
        if (diffText != null && !diffText.isBlank()) {
            Optional<Diff> d = Diff.parse(diffText);
            if (d.isEmpty() || d.get().cancel() || d.get().at().isBefore(now.truncatedTo(ChronoUnit.MINUTES))) {
                return new Started(null, Code.BAD_DEFERRED_DATE);
            }
            diff = d.get();
        }
        return new Started(new Bulk(text, diff, test, now, facts, rules, options), null);
    }

    static Verdict check(Request r, Optional<? extends Iterable<Recipient>> group, Facts facts, Rules rules, AccountOptions options) {
        Iterable<Recipient> all = group.isPresent() ? group.get() : List.of();
        // Blacklisted members are never written to, nor counted.
        Iterable<Recipient> members = () -> new java.util.Iterator<>() {
            private final java.util.Iterator<Recipient> it = all.iterator();
            private Recipient next = advance();

            private Recipient advance() {
                while (it.hasNext()) {
                    Recipient m = it.next();
                    if (!facts.blacklisted(m.number())) {
                        return m;
                    }
                }
                return null;
            }

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public Recipient next() {
                if (next == null) {
                    throw new java.util.NoSuchElementException();
                }
                Recipient m = next;
                next = advance();
                return m;
            }
        };
        if (!members.iterator().hasNext()) {
            return SubmitChecks.refuse(Code.EMPTY_GROUP);
        }
        Optional<Diff> cancel = Optional.ofNullable(r.diff()).flatMap(Diff::parse).filter(Diff::cancel);
        if (cancel.isPresent()) {
            Diff d = cancel.get();
            List<Planned> each = new ArrayList<>();
            members.forEach(m -> each.add(new Planned(m.number(), null, null, 0, d.at(), null)));
            return new Verdict(r.test() ? Code.TEST_OK : Code.DEFERRED_CANCELLED, null, null, 0, d.at(), options,
                    r.test() ? null : d, each);
        }
        Started started = start(r.text(), r.diff(), r.test(), facts, rules, options);
        if (started.refusal() != null) {
            return SubmitChecks.refuse(started.refusal());
        }
        // First pass: every member planned and counted, none held.
        Bulk bulk = started.bulk();
        for (Recipient m : members) {
            if (bulk.plan(m).refusal() == Code.TOO_LONG) {
                return SubmitChecks.refuse(Code.TOO_LONG);
            }
        }
        Code code = bulk.code();
        if (code != Code.ACCEPTED && code != Code.DEFERRED && code != Code.TEST_OK && code != Code.NOT_ENOUGH_CREDIT) {
            return SubmitChecks.refuse(code);
        }
        // The plan, member by member, made again each time it is iterated (the caller records it).
        Iterable<Planned> plan = () -> {
            Bulk again = start(r.text(), r.diff(), r.test(), facts, rules, options).bulk();
            java.util.Iterator<Recipient> it = members.iterator();
            return new java.util.Iterator<>() {
                @Override
                public boolean hasNext() {
                    return it.hasNext();
                }

                @Override
                public Planned next() {
                    return again.plan(it.next());
                }
            };
        };
        return new Verdict(code, null, null, bulk.credits(), bulk.sendAt(), options, null, plan);
    }

    private static Planned notSent(PhoneNumber number, Code why) {
        return new Planned(number, null, null, 0, null, why);
    }
}
