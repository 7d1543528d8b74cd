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
 * A send to a group (HTTP-3), after the checks every request passes (empty fields, login,
 * caller's address). In the table's order:
 * <ul>
 *   <li>86 when the group is unknown, or has no member left once blacklisted numbers are taken out
 *       (they are never written to, and never counted);</li>
 *   <li>85 for a malformed or past {@code diff}; a cancellation ({@code diff…s}) is the caller's
 *       to try on every member;</li>
 *   <li>each member's text is merged ({@code [v1]}..{@code [v3]}, MERGE-1) and priced on its own
 *       (MERGE-3); a member the account may not write to (landline, international without its
 *       option or price: 84; DOM-TOM without its option: 93), a merged text that is empty (90) or
 *       that went to that number in the last 24 hours (91) is planned as not sent, with that code:
 *       the rest of the group still goes;</li>
 *   <li>97 when any merged text is too long for the account: the text is the customer's to fix,
 *       so nothing goes;</li>
 *   <li>when no member is left to send to, the first member's refusal is the answer;</li>
 *   <li>83 when the credit does not cover every member sent to: nothing goes;</li>
 *   <li>else 92 in test mode, 81 when deferred, 80.</li>
 * </ul>
 */
final class BulkChecks {
    private BulkChecks() {
    }

    static Verdict check(Request r, Optional<List<Recipient>> group, Facts facts, Rules rules, AccountOptions options) {
        List<Recipient> members = new ArrayList<>();
        for (Recipient m : group.orElse(List.of())) {
            if (!facts.blacklisted(m.number())) {
                members.add(m);
            }
        }
        if (members.isEmpty()) {
            return SubmitChecks.refuse(Code.EMPTY_GROUP);
        }
        Instant now = rules.clock().instant();
        Diff diff = null;
        if (r.diff() != null && !r.diff().isBlank()) {
            Optional<Diff> d = Diff.parse(r.diff());
            if (d.isPresent() && d.get().cancel()) {
                List<Planned> each = members.stream().map(m -> new Planned(m.number(), null, null, 0, d.get().at(), null)).toList();
                return new Verdict(r.test() ? Code.TEST_OK : Code.DEFERRED_CANCELLED, null, null, 0, d.get().at(), options,
                        r.test() ? null : d.get(), each);
            }
            if (d.isEmpty() || d.get().at().isBefore(now.truncatedTo(ChronoUnit.MINUTES))) {
                return SubmitChecks.refuse(Code.BAD_DEFERRED_DATE);
            }
            diff = d.get();
        }
        List<Planned> plan = new ArrayList<>(members.size());
        long total = 0;
        for (Recipient m : members) {
            PhoneNumber number = m.number();
            OptionalInt perPart = rules.prices().perPart(number);
            if (number.landline() && !options.landline()
                    || number.numberClass() == PhoneNumber.NumberClass.INTERNATIONAL && (!options.international() || perPart.isEmpty())) {
                plan.add(notSent(number, Code.INVALID_NUMBER));
                continue;
            }
            if (number.numberClass() == PhoneNumber.NumberClass.DOM_TOM && !options.domTom()) {
                plan.add(notSent(number, Code.DOM_TOM_NOT_ALLOWED));
                continue;
            }
            String text = Merge.apply(r.text(), m.v1(), m.v2(), m.v3());
            if (text.isBlank()) {
                plan.add(notSent(number, Code.EMPTY_MESSAGE));
                continue;
            }
            PartCount parts = PartCount.of(text, rules.charset().apply(number));
            if (parts.tooLong() || parts.parts() > 1 && !options.longSms()) {
                return SubmitChecks.refuse(Code.TOO_LONG);
            }
            if (options.duplicateGuard() && facts.sentWithin24h(number, text)) {
                plan.add(new Planned(number, text, parts, 0, null, Code.DUPLICATE));
                continue;
            }
            int credits = Math.multiplyExact(perPart.getAsInt(), parts.parts());
            total += credits;
            Instant sendAt = diff == null ? null : diff.at();
            if (number.landline()) {
                Instant allowed = LandlineHours.nextAllowed(sendAt == null ? now : sendAt, number);
                sendAt = allowed.equals(now) ? sendAt : allowed;
            }
            plan.add(new Planned(number, text, parts, credits, sendAt, null));
        }
        Optional<Planned> firstSent = plan.stream().filter(Planned::sendable).findFirst();
        if (firstSent.isEmpty()) {
            return SubmitChecks.refuse(plan.get(0).refusal());
        }
        int credits = Math.toIntExact(total);
        if (!facts.creditCovers(credits)) {
            return new Verdict(Code.NOT_ENOUGH_CREDIT, null, null, credits, null, options, null, List.copyOf(plan));
        }
        Code code = r.test() ? Code.TEST_OK : diff != null ? Code.DEFERRED : Code.ACCEPTED;
        return new Verdict(code, null, null, credits, diff == null ? null : diff.at(), options, null, List.copyOf(plan));
    }

    private static Planned notSent(PhoneNumber number, Code why) {
        return new Planned(number, null, null, 0, null, why);
    }
}
