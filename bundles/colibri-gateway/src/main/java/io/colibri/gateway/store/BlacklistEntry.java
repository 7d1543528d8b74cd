package io.colibri.gateway.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.OffsetDateTime;

/** A number that must never receive this account's messages. */
@Entity
@Table(name = "blacklist_entry")
@IdClass(BlacklistEntry.Key.class)
public class BlacklistEntry {
    /** The composite key: account and number. */
    public static final class Key implements Serializable {
        private Long accountId;
        private String number;

        public Key() {
        }

        public Key(Long accountId, String number) {
            this.accountId = accountId;
            this.number = number;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && java.util.Objects.equals(k.accountId, accountId) && java.util.Objects.equals(k.number, number);
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(accountId, number);
        }
    }

    @Id
    @Column(name = "account_id")
    private Long accountId;

    @Id
    @Column(name = "phone_number")
    private String number;

    @Column(nullable = false)
    private String reason;

    @Column(name = "created_at", nullable = false)
    private OffsetDateTime createdAt;

    protected BlacklistEntry() {
    }

    public BlacklistEntry(long accountId, String number, String reason, OffsetDateTime createdAt) {
        this.accountId = accountId;
        this.number = number;
        this.reason = reason;
        this.createdAt = createdAt;
    }

    public String getNumber() {
        return number;
    }

    public String getReason() {
        return reason;
    }

    public OffsetDateTime getCreatedAt() {
        return createdAt;
    }
}
