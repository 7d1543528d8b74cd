package io.colibri.gateway.route;

import io.colibri.domain.Code;
import java.util.List;

/**
 * What the accept route answers: the code, the messages it queued on a connector, and every
 * message it recorded (queued, or waiting for their time in the database).
 */
public record Acceptance(Code code, List<Long> messageIds, String connector, List<Long> recorded) {

    public Acceptance(Code code, List<Long> messageIds, String connector) {
        this(code, messageIds, connector, messageIds);
    }

    public static Acceptance refused(Code code) {
        return new Acceptance(code, List.of(), null);
    }

    /** True when messages were accepted and must now be put on the connector's queue. */
    public boolean queued() {
        return !messageIds.isEmpty();
    }
}
