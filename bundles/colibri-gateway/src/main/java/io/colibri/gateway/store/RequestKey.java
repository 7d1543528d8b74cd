package io.colibri.gateway.store;

import io.colibri.domain.Code;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/**
 * A request that may arrive twice, and what it got the first time (V8), one meaning per column
 * (V18): its {@link Kind}, the legacy code of a {@link Kind#REQUEST}, the {@link Outcome} of a
 * {@link Kind#MAIL} or {@link Kind#STOP}. Keys are namespaced by channel ({@code RequestKeys}).
 */
@Entity
@Table(name = "request_key")
public class RequestKey {
    /** What the key counts once. */
    public enum Kind {
        /** A send of a channel recorded by {@code Accept} (a mail's recipient, a reply's answer, an alert): has a legacy code. */
        REQUEST,
        /** A received mail, its requests recorded and its replies queued: has an outcome. */
        MAIL,
        /** A reply's STOP, acted on (blacklist, cancellations, confirmation): its outcome is {@link Outcome#DONE}. */
        STOP
    }

    /** What became of a mail or a STOP. */
    public enum Outcome {
        /** Processed: a mail is filed in the done folder. */
        DONE,
        /** A mail not processed (unreadable, a wrong password): filed with the failed mails, read again as such. */
        SET_ASIDE
    }

    @Id
    @Column(name = "request_key")
    private String key;

    @Column(name = "account_id")
    private Long accountId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private Kind kind;

    /** The /http.php code a {@link Kind#REQUEST} got, that a second call with its key answers; null otherwise. */
    @Column(name = "legacy_code")
    private Integer legacyCode;

    /** Null for a {@link Kind#REQUEST}, whose outcome is its legacy code. */
    @Enumerated(EnumType.STRING)
    private Outcome outcome;

    @Column(name = "created_at", nullable = false)
    private OffsetDateTime createdAt;

    protected RequestKey() {
    }

    private RequestKey(String key, Long accountId, Kind kind, Integer legacyCode, Outcome outcome, OffsetDateTime createdAt) {
        this.key = key;
        this.accountId = accountId;
        this.kind = kind;
        this.legacyCode = legacyCode;
        this.outcome = outcome;
        this.createdAt = createdAt;
    }

    /** A channel's send, answered with {@code code}. */
    public static RequestKey request(String key, long accountId, Code code, OffsetDateTime createdAt) {
        return new RequestKey(key, accountId, Kind.REQUEST, code.value(), null, createdAt);
    }

    /** A received mail, processed or set aside. */
    public static RequestKey mail(String key, Long accountId, Outcome outcome, OffsetDateTime createdAt) {
        return new RequestKey(key, accountId, Kind.MAIL, null, outcome, createdAt);
    }

    /** A reply's STOP, acted on. */
    public static RequestKey stop(String key, long accountId, OffsetDateTime createdAt) {
        return new RequestKey(key, accountId, Kind.STOP, null, Outcome.DONE, createdAt);
    }

    public Long getAccountId() {
        return accountId;
    }

    public Kind getKind() {
        return kind;
    }

    /** The code a {@link Kind#REQUEST} got; null for the other kinds. */
    public Code getLegacyCode() {
        return legacyCode == null ? null : Code.of(legacyCode);
    }

    public Outcome getOutcome() {
        return outcome;
    }
}
