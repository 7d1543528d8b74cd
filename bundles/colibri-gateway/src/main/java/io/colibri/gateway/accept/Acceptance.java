package io.colibri.gateway.accept;

import io.colibri.domain.Code;
import java.util.List;

/** What the accept route answers: the code, and every message it recorded. */
public record Acceptance(Code code, List<Long> recorded) {

    public static Acceptance refused(Code code) {
        return new Acceptance(code, List.of());
    }
}
