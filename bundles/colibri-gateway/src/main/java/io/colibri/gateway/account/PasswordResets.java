package io.colibri.gateway.account;

import io.colibri.domain.ApiKey;
import io.colibri.gateway.store.Database;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Forgotten passwords (issue 16): a link with a one-time token mailed to the account's address,
 * valid for a while; following it, the account chooses a new password. The token is stored as
 * its SHA-256 and used once; a new password ends the account's sessions (the caller does).
 */
public final class PasswordResets {
    private final Database db;
    private final Clock clock;
    private final Duration validity;

    public PasswordResets(Database db, Clock clock, Duration validity) {
        this.db = db;
        this.clock = clock;
        this.validity = validity;
    }

    public Duration validity() {
        return validity;
    }

    /** A new token for the account, the only time it is known. */
    public String issue(long accountId) {
        String token = Sessions.token();
        Instant now = clock.instant();
        db.jdbc(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "insert into password_reset (token_hash, account_id, created_at, expires_at) values (?, ?, ?, ?)")) {
                ps.setString(1, ApiKey.hash(token));
                ps.setLong(2, accountId);
                ps.setTimestamp(3, Timestamp.from(now));
                ps.setTimestamp(4, Timestamp.from(now.plus(validity)));
                return ps.executeUpdate();
            }
        });
        return token;
    }

    /**
     * The account of this token, the token used up in the same transaction (a second use finds
     * nothing); empty for a malformed, unknown, used or expired token.
     */
    public Optional<Long> use(String token) {
        if (!Sessions.wellFormed(token)) {
            return Optional.empty();
        }
        Timestamp now = Timestamp.from(clock.instant());
        return db.jdbc(c -> {
            try (PreparedStatement ps = c.prepareStatement("update password_reset set used_at = ?"
                    + " where token_hash = ? and used_at is null and expires_at > ?")) {
                ps.setTimestamp(1, now);
                ps.setString(2, ApiKey.hash(token));
                ps.setTimestamp(3, now);
                if (ps.executeUpdate() != 1) {
                    return Optional.empty();
                }
            }
            try (PreparedStatement ps = c.prepareStatement("select account_id from password_reset where token_hash = ?")) {
                ps.setString(1, ApiKey.hash(token));
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
                }
            }
        });
    }
}
