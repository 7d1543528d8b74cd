package io.colibri.gateway.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/** A request that may arrive twice, and the code it got the first time (V8). */
@Entity
@Table(name = "request_key")
public class RequestKey {
    @Id
    @Column(name = "request_key")
    private String key;

    @Column(name = "account_id")
    private Long accountId;

    @Column(nullable = false)
    private int code;

    @Column(name = "created_at", nullable = false)
    private OffsetDateTime createdAt;

    protected RequestKey() {
    }

    public RequestKey(String key, Long accountId, int code, OffsetDateTime createdAt) {
        this.key = key;
        this.accountId = accountId;
        this.code = code;
        this.createdAt = createdAt;
    }

    public Long getAccountId() {
        return accountId;
    }

    public int getCode() {
        return code;
    }
}
