package io.colibri.gateway.accept;

import io.colibri.domain.SubmitChecks.Request;

/**
 * A request from a channel that authenticated the account itself (a mail: its sender and the
 * password it carries, MAIL-1) and that may arrive twice (a mail read again after a crash): the
 * key makes it count once, and its messages wait in the database for the schedule route rather
 * than going on a queue from here, so nothing of it depends on the broker.
 *
 * @param key unique per request, at most 300 characters
 */
public record ChannelRequest(Request request, long accountId, String key) {
    /** Stands in for the password, which the channel checked: none travels further. */
    private static final String CHECKED = "-";

    /** A send on the account's behalf, authenticated by the channel; {@code diff} may be null. */
    public static ChannelRequest of(long accountId, String email, String number, String text, String diff, String key) {
        return new ChannelRequest(new Request(email, CHECKED, number, text, diff, false, null), accountId, key);
    }
}
