package io.colibri.gateway.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/** A mail domain whose every address sends on one account's credit, with its own password (ACC-5). */
@Entity
@Table(name = "shared_domain")
public class SharedDomain {
    @Id
    private String domain;

    @Column(name = "account_id", nullable = false)
    private long accountId;

    @Column(name = "password_hash", nullable = false)
    private String passwordHash;

    @Column(name = "created_at", nullable = false)
    private OffsetDateTime createdAt;

    protected SharedDomain() {
    }

    public SharedDomain(String domain, long accountId, String passwordHash, OffsetDateTime createdAt) {
        this.domain = domain;
        this.accountId = accountId;
        this.passwordHash = passwordHash;
        this.createdAt = createdAt;
    }

    /** The same account shares it again: a new password. */
    public void changePassword(String hash) {
        this.passwordHash = hash;
    }

    public long getAccountId() {
        return accountId;
    }

    public String getPasswordHash() {
        return passwordHash;
    }
}
