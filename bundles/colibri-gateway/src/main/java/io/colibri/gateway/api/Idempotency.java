package io.colibri.gateway.api;

import io.colibri.gateway.store.Database;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The {@code Idempotency-Key} header of a POST (table api_idempotency, V20): the first call with a
 * key is done and its answer kept, in the transaction that records its messages, for 24 hours;
 * the same key again, with the same body, answers the same and does nothing. The same key with
 * another body is a 422; a call with that key still under way is a 409, to be tried again.
 */
final class Idempotency {
    static final String HEADER = "Idempotency-Key";
    static final Duration KEPT = Duration.ofHours(24);
    private static final Pattern KEY = Pattern.compile("[\\x21-\\x7e]{1,255}");

    private final Database db;
    private final Clock clock;

    Idempotency(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /**
     * The answer of {@code work} (run in one transaction with the key's row), or the answer a
     * former call with this key got.
     *
     * @param key the header, or null: then the work is simply done, in its transaction
     */
    ApiAnswer once(long accountId, String key, byte[] body, Supplier<ApiAnswer> work) {
        if (key == null) {
            return db.tx(em -> work.get());
        }
        if (!KEY.matcher(key).matches()) {
            throw ApiProblem.badRequest("an Idempotency-Key is 1 to 255 visible ASCII characters");
        }
        String hash = sha256(body);
        try {
            return db.tx(em -> {
                Optional<Stored> before = find(accountId, key);
                if (before.isPresent()) {
                    return before.get().answer(hash);
                }
                ApiAnswer answer = work.get();
                store(accountId, key, hash, answer);
                return answer;
            });
        } catch (RuntimeException e) {
            // Another call with this key committed first (the unique key refused this one's row):
            // its answer is this one's. Nothing of this call was recorded: its transaction is gone.
            Optional<Stored> winner = find(accountId, key);
            if (winner.isPresent()) {
                return winner.get().answer(hash);
            }
            throw e;
        }
    }

    private record Stored(String hash, int status, String answer) {
        ApiAnswer answer(String requestHash) {
            if (!hash.equals(requestHash)) {
                throw ApiProblem.refused(null, "this Idempotency-Key was used within 24 hours for another request body");
            }
            return new ApiAnswer(status, new Raw(answer));
        }
    }

    /** An answer kept as the JSON it was: written back as it is. */
    record Raw(String json) {
    }

    private Optional<Stored> find(long accountId, String key) {
        OffsetDateTime since = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC).minus(KEPT);
        return db.jdbc(c -> {
            try (PreparedStatement s = c.prepareStatement("select id, request_hash, status, answer, created_at from api_idempotency"
                    + " where account_id = ? and idempotency_key = ?")) {
                s.setLong(1, accountId);
                s.setString(2, key);
                try (ResultSet r = s.executeQuery()) {
                    if (!r.next()) {
                        return Optional.empty();
                    }
                    if (r.getObject(5, OffsetDateTime.class).isBefore(since)) {
                        // Past its 24 hours: the key is free again.
                        try (PreparedStatement d = c.prepareStatement("delete from api_idempotency where id = ?")) {
                            d.setLong(1, r.getLong(1));
                            d.executeUpdate();
                        }
                        return Optional.empty();
                    }
                    return Optional.of(new Stored(r.getString(2), r.getInt(3), r.getString(4)));
                }
            }
        });
    }

    private void store(long accountId, String key, String hash, ApiAnswer answer) {
        String json = answer.body() == null ? "" : ApiJson.write(answer.body());
        db.jdbc(c -> {
            try (PreparedStatement s = c.prepareStatement("insert into api_idempotency (account_id, idempotency_key, request_hash,"
                    + " status, answer, created_at) values (?, ?, ?, ?, ?, ?)")) {
                s.setLong(1, accountId);
                s.setString(2, key);
                s.setString(3, hash);
                s.setInt(4, answer.status());
                s.setString(5, json);
                s.setObject(6, OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC));
                return s.executeUpdate();
            } catch (SQLException e) {
                throw new IllegalStateException("idempotency key: " + e.getMessage(), e);
            }
        });
    }

    private static String sha256(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body == null ? new byte[0] : body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String header(org.apache.camel.Message in) {
        String key = in.getHeader(HEADER, String.class);
        return key == null ? null : key.strip();
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
