package io.colibri.gateway.accept;

import io.colibri.domain.Code;
import java.util.List;

/**
 * What the accept route answers: the code, every message it recorded to be sent, the members of a
 * group recorded FAILED (not sent, with their reason) and, for a request that was checked as far
 * as its price (a test, 92), what it would have cost; for a group send, its campaign.
 */
public record Acceptance(Code code, List<Long> recorded, List<Long> notSent, Quote quote, Long campaign) {

    /** A checked request's number (E.164; a group's name for a group), parts and credits. */
    public record Quote(String to, int parts, int credits) {
    }

    public Acceptance(Code code, List<Long> recorded) {
        this(code, recorded, List.of(), null, null);
    }

    public Acceptance(Code code, List<Long> recorded, List<Long> notSent, Quote quote) {
        this(code, recorded, notSent, quote, null);
    }

    public static Acceptance refused(Code code) {
        return new Acceptance(code, List.of());
    }
}
