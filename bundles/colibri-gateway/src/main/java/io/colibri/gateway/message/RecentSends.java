package io.colibri.gateway.message;

import io.colibri.domain.PhoneNumber;
import io.colibri.gateway.blacklist.Blacklist;
import java.util.Set;

/**
 * What checking many members of one account (a group, a send file) asks of the database, read
 * once: the account's blacklist, and the (recipient, text hash) keys of its last 24 hours'
 * messages. The text itself is compared only when a key matches.
 */
public final class RecentSends {
    private final long accountId;
    private final Messages messages;
    private final Set<String> blacklisted;
    private final Set<String> recent;

    public RecentSends(long accountId, Blacklist blacklist, Messages messages) {
        this.accountId = accountId;
        this.messages = messages;
        this.blacklisted = blacklist.numbers(accountId);
        this.recent = messages.recentKeys(accountId);
    }

    public boolean blacklisted(PhoneNumber number) {
        return blacklisted.contains(number.e164());
    }

    /** OPT-6 for one member, as {@link Messages#sentWithin24h} answers it. */
    public boolean sentWithin24h(PhoneNumber number, String text) {
        return recent.contains(Messages.recentKey(number, text)) && messages.sentWithin24h(accountId, number, text);
    }
}
