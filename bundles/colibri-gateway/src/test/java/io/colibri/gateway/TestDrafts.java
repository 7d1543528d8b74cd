package io.colibri.gateway;

import io.colibri.domain.PartCount;
import io.colibri.domain.PhoneNumber;
import io.colibri.gateway.message.Messages;
import io.colibri.gateway.store.Store;
import java.util.Optional;

/** Records a message to send now through the mobile connector, as the accept route would. */
final class TestDrafts {
    private TestDrafts() {
    }

    static Optional<Long> accept(Store store, long account, PhoneNumber to, String text, int credits) {
        Messages.Accepted a = store.messages().accept(new Messages.Draft(account, to, text, PartCount.of(text), credits,
                "mobile", null, "NORMAL", 2880, false));
        return Optional.ofNullable(a.id());
    }
}
