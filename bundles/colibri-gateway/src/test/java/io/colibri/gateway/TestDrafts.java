package io.colibri.gateway;

import io.colibri.domain.PartCount;
import io.colibri.domain.PhoneNumber;
import io.colibri.gateway.message.Recorder;
import io.colibri.gateway.store.Store;
import java.util.Optional;

/** Records a message to send now through the mobile connector, as the accept route would (by group commit). */
public final class TestDrafts {
    private TestDrafts() {
    }

    public static Optional<Long> accept(Store store, long account, PhoneNumber to, String text, int credits) {
        Recorder.Outcome o = store.recorder().record(Recorder.Draft.of(account, to, text, PartCount.of(text), credits, "mobile", null,
                "NORMAL", 2880, false));
        return Optional.ofNullable(o.id());
    }
}
