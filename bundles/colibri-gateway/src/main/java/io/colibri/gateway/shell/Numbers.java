package io.colibri.gateway.shell;

import io.colibri.domain.PhoneNumber;
import io.colibri.gateway.account.Accounts.AccountException;

/** A number typed at the console, normalised as the sending rules do, or a clear error. */
final class Numbers {
    private Numbers() {
    }

    static PhoneNumber parse(String raw) {
        return PhoneNumber.parse(raw).orElseThrow(() -> new AccountException("not a phone number: " + raw));
    }
}
