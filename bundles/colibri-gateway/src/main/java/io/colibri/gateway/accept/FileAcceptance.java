package io.colibri.gateway.accept;

import io.colibri.domain.Code;
import java.time.Instant;
import java.util.List;

/**
 * What became of a send file: sent ({@code ids} recorded, each member sent or FAILED with its
 * reason), or nothing sent because of {@code code} (or because the same file was taken before).
 *
 * @param code       {@link Code#ACCEPTED} or {@link Code#DEFERRED} when sent; else why nothing was
 * @param rowsRead   whether the rows were read: false when the text or the date refused the file first
 * @param duplicateOf the name and time of the same file taken earlier, when that is why; else null
 * @param refused    rows not sent (unreadable, blacklisted, or refused as a single send would be)
 * @param credits    credits debited when sent; credits needed when {@code code} is NOT_ENOUGH_CREDIT
 * @param sendAt     when a deferred file leaves
 */
public record FileAcceptance(Code code, boolean rowsRead, String duplicateOf, List<Long> ids, int refused, int credits, Instant sendAt) {
    static FileAcceptance duplicate(String of) {
        return new FileAcceptance(null, false, of, List.of(), 0, 0, null);
    }

    static FileAcceptance unread(Code code) {
        return new FileAcceptance(code, false, null, List.of(), 0, 0, null);
    }

    static FileAcceptance refused(Code code, int refused, int credits) {
        return new FileAcceptance(code, true, null, List.of(), refused, credits, null);
    }

    public boolean sent() {
        return duplicateOf == null && (code == Code.ACCEPTED || code == Code.DEFERRED);
    }
}
