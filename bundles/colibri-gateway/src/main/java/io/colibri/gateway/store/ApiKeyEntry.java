package io.colibri.gateway.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/** An API key as stored (issue 15): its hash, never the key; an account's, or an operator's. */
@Entity
@Table(name = "api_key")
public class ApiKeyEntry {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "key_hash", nullable = false, unique = true)
    private String keyHash;

    @Column(nullable = false)
    private String shown;

    @Column(name = "account_id")
    private Long accountId;

    private String operator;

    @Column(name = "created_at", nullable = false)
    private OffsetDateTime createdAt;

    @Column(name = "revoked_at")
    private OffsetDateTime revokedAt;

    protected ApiKeyEntry() {
    }

    public ApiKeyEntry(String keyHash, String shown, Long accountId, String operator, OffsetDateTime createdAt) {
        this.keyHash = keyHash;
        this.shown = shown;
        this.accountId = accountId;
        this.operator = operator;
        this.createdAt = createdAt;
    }

    public void revoke(OffsetDateTime at) {
        if (revokedAt == null) {
            revokedAt = at;
        }
    }

    public Long getId() {
        return id;
    }

    public String getShown() {
        return shown;
    }

    public Long getAccountId() {
        return accountId;
    }

    public String getOperator() {
        return operator;
    }

    public OffsetDateTime getCreatedAt() {
        return createdAt;
    }

    public OffsetDateTime getRevokedAt() {
        return revokedAt;
    }
}
