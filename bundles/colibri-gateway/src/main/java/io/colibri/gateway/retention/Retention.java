package io.colibri.gateway.retention;

import io.colibri.gateway.store.Database;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the gateway keeps only for a while (etc/io.colibri.retention.cfg): the keys that make a
 * request count once, the callback events told or given up, the replies, the receipts that matched
 * no message. Purged in batches of {@value #BATCH} rows, one transaction each, so that a purge
 * never holds a long lock; messages, the ledger and accounts are never purged.
 */
public final class Retention {
    private static final Logger LOG = LoggerFactory.getLogger(Retention.class);
    static final int BATCH = 5_000;

    /** Days each kind of row is kept; 0 keeps it for ever. */
    public record Settings(int requestKeyDays, int callbackEventDays, int replyDays, int unmatchedReceiptDays, long everyMinutes) {
        public static final Settings DEFAULTS = new Settings(30, 7, 365, 30, 60);

        public Settings {
            if (requestKeyDays < 0 || callbackEventDays < 0 || replyDays < 0 || unmatchedReceiptDays < 0 || everyMinutes < 1) {
                throw new IllegalArgumentException("retention days are 0 (for ever) or more, and the purge runs every minute at most");
            }
            if (requestKeyDays > 0 && requestKeyDays < 2) {
                // A key must outlive a mail read again after a crash, or a reply the broker gives twice.
                throw new IllegalArgumentException("requestKeyDays is at least 2");
            }
        }
    }

    private final Database db;
    private final Settings settings;
    private final Clock clock;

    public Retention(Database db, Settings settings, Clock clock) {
        this.db = db;
        this.settings = settings;
        this.clock = clock;
    }

    /** One purge: the rows past their time, by table. */
    public Map<String, Integer> purge() {
        OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        Map<String, Integer> purged = new LinkedHashMap<>();
        purged.put("request_key", purge("request_key", "request_key", "created_at < ?", settings.requestKeyDays(), now));
        // Only events told or given up: one still to send is kept whatever its age.
        purged.put("callback_event", purge("callback_event", "id", "done_at is not null and done_at < ?", settings.callbackEventDays(), now));
        purged.put("reply", purge("reply", "id", "received_at < ?", settings.replyDays(), now));
        purged.put("unmatched_receipt", purge("unmatched_receipt", "id", "received_at < ?", settings.unmatchedReceiptDays(), now));
        // The API's idempotency keys hold for 24 hours (issue 15): a day, whatever the settings.
        purged.put("api_idempotency", purge("api_idempotency", "id", "created_at < ?", 1, now));
        // The console's sessions and forgotten-password links (issue 16), once past their time.
        purged.put("console_session", purgeBefore("console_session", "id", "expires_at < ?", now));
        purged.put("password_reset", purgeBefore("password_reset", "id", "expires_at < ?", now));
        if (purged.values().stream().anyMatch(n -> n > 0)) {
            LOG.info("retention: purged {}", purged);
        }
        return purged;
    }

    private int purge(String table, String key, String older, int days, OffsetDateTime now) {
        if (days == 0) {
            return 0;
        }
        return purgeBefore(table, key, older, now.minus(Duration.ofDays(days)));
    }

    private int purgeBefore(String table, String key, String older, OffsetDateTime before) {
        // SKIP LOCKED: two nodes purging at once each delete rows the other does not hold, rather than wait for each
        // other's batch (or deadlock over rows taken in another order). A row is deleted once whoever deletes it.
        // PostgreSQL only: H2 (one node) runs that subquery anew for each row (RetentionTest: 100 s instead of 5).
        String sql = "delete from " + table + " where " + key + " in (select " + key + " from " + table + " where " + older
                + " fetch first " + BATCH + " rows only" + (db.postgresql() ? " for update skip locked)" : ")");
        int total = 0;
        while (true) {
            int n = db.jdbc(c -> {
                try (PreparedStatement s = c.prepareStatement(sql)) {
                    s.setObject(1, before);
                    return s.executeUpdate();
                }
            });
            total += n;
            if (n < BATCH) {
                return total;
            }
        }
    }
}
