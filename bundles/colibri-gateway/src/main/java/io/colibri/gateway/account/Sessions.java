package io.colibri.gateway.account;

import io.colibri.domain.ApiKey;
import io.colibri.gateway.store.Database;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The web console's sessions (issue 16): opened by a password or an API key, carried by an
 * HttpOnly cookie, ended by logout, by their lifetime, by a new password (every session of the
 * account) or by revoking the key that opened them. Stored as the SHA-256 of the cookie's token,
 * so that the table opens nothing; each has its own CSRF token, which every change must send back.
 */
public final class Sessions {
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{43}");
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Who a session speaks for: an account ({@code accountId}), or an operator by name. */
    public record Session(long id, Long accountId, String operator, String csrfToken, Instant expiresAt) {
        public boolean isOperator() {
            return operator != null;
        }

        /** Whether this is the session's CSRF token (compared in constant time). */
        public boolean csrf(String given) {
            return given != null && MessageDigest.isEqual(csrfToken.getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                    given.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        }
    }

    /** A session just opened: the only time its token (the cookie) is known. */
    public record Opened(String token, Session session) {
    }

    private final Database db;
    private final Clock clock;
    private final Duration lifetime;

    public Sessions(Database db, Clock clock, Duration lifetime) {
        if (lifetime.isNegative() || lifetime.isZero()) {
            throw new IllegalArgumentException("a session lasts at least a minute: " + lifetime);
        }
        this.db = db;
        this.clock = clock;
        this.lifetime = lifetime;
    }

    public Duration lifetime() {
        return lifetime;
    }

    /** A session for the account whose password was given. */
    public Opened openForAccount(long accountId) {
        return open(accountId, null, null);
    }

    /** A session for whom the key speaks (an account or an operator); revoking the key ends it. */
    public Opened openForKey(ApiKeys.Holder holder) {
        return open(holder.accountId(), holder.keyId(), holder.operator());
    }

    private Opened open(Long accountId, Long keyId, String operator) {
        String token = token();
        String csrf = token();
        Instant now = clock.instant();
        Instant expires = now.plus(lifetime);
        long id = db.jdbc(c -> {
            try (PreparedStatement ps = c.prepareStatement("insert into console_session (token_hash, account_id, api_key_id, csrf_token,"
                    + " created_at, expires_at) values (?, ?, ?, ?, ?, ?)", new String[] {"id"})) {
                ps.setString(1, ApiKey.hash(token));
                ps.setObject(2, accountId);
                ps.setObject(3, keyId);
                ps.setString(4, csrf);
                ps.setTimestamp(5, Timestamp.from(now));
                ps.setTimestamp(6, Timestamp.from(expires));
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    return keys.getLong(1);
                }
            }
        });
        return new Opened(token, new Session(id, accountId, operator, csrf, expires));
    }

    /** The live session of this cookie token: empty for a malformed, unknown, expired or logged-out one, or one whose key was revoked. */
    public Optional<Session> find(String token) {
        if (token == null || !TOKEN.matcher(token).matches()) {
            return Optional.empty();
        }
        String hash = ApiKey.hash(token);
        Timestamp now = Timestamp.from(clock.instant());
        return db.jdbc(c -> {
            try (PreparedStatement ps = c.prepareStatement("select s.id, s.account_id, k.operator, s.csrf_token, s.expires_at"
                    + " from console_session s left join api_key k on k.id = s.api_key_id"
                    + " where s.token_hash = ? and s.expires_at > ? and (s.api_key_id is null or k.revoked_at is null)")) {
                ps.setString(1, hash);
                ps.setTimestamp(2, now);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    long account = rs.getLong(2);
                    Long accountId = rs.wasNull() ? null : account;
                    return Optional.of(new Session(rs.getLong(1), accountId, rs.getString(3), rs.getString(4),
                            rs.getTimestamp(5).toInstant()));
                }
            }
        });
    }

    /** Ends this session (logout). */
    public void close(long sessionId) {
        db.jdbc(c -> {
            try (PreparedStatement ps = c.prepareStatement("delete from console_session where id = ?")) {
                ps.setLong(1, sessionId);
                return ps.executeUpdate();
            }
        });
    }

    /** Ends every session of the account but {@code keep} (a new password: whoever knew the old one is out). */
    public int closeAll(long accountId, Long keep) {
        return db.jdbc(c -> {
            try (PreparedStatement ps = c.prepareStatement("delete from console_session where account_id = ? and id <> ?")) {
                ps.setLong(1, accountId);
                ps.setLong(2, keep == null ? -1 : keep);
                return ps.executeUpdate();
            }
        });
    }

    /** 32 random bytes, base64url: a cookie's token, a CSRF token, a reset link's token. */
    static String token() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static boolean wellFormed(String token) {
        return token != null && TOKEN.matcher(token).matches();
    }
}
