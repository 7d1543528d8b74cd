package io.colibri.gateway.message;

import io.colibri.domain.PhoneNumber;
import io.colibri.gateway.blacklist.Blacklist;
import io.colibri.gateway.store.Sms;
import java.time.Instant;
import java.util.Set;

/**
 * What checking many members of one account (a group, a send file) asks: the account's
 * blacklist, read once, and the duplicate guard, asked of {@link RecentTexts} (a match confirmed
 * by the database, which compares the text).
 */
public final class RecentSends {
    private final long accountId;
    private final Set<String> blacklisted;
    private final RecentTexts recent;
    private final Queries queries;
    private final Instant now;

    public RecentSends(long accountId, Blacklist blacklist, RecentTexts recent, Queries queries, Instant now) {
        this.accountId = accountId;
        this.blacklisted = blacklist.numbers(accountId);
        this.recent = recent;
        this.queries = queries;
        this.now = now;
    }

    public boolean blacklisted(PhoneNumber number) {
        return blacklisted.contains(number.e164());
    }

    /** OPT-6 for one member. */
    public boolean sentWithin24h(PhoneNumber number, String text) {
        return recent.mayHave(accountId, number.e164(), Sms.hash(text), now) && queries.sentWithin24h(accountId, number, text, now);
    }

    /** The key under which a member's text is unique within one send (number and text hash). */
    public static String key(PhoneNumber to, String text) {
        return to.e164() + ":" + Sms.hash(text);
    }
}
