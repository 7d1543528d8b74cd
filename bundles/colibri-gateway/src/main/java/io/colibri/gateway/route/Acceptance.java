package io.colibri.gateway.route;

import io.colibri.domain.Code;
import java.util.List;

/** What the accept route answers: the code, and the messages it queued on a connector. */
public record Acceptance(Code code, List<Long> messageIds, String connector) {

    public static Acceptance refused(Code code) {
        return new Acceptance(code, List.of(), null);
    }

    /** True when messages were accepted and must now be put on the connector's queue. */
    public boolean queued() {
        return !messageIds.isEmpty();
    }
}
