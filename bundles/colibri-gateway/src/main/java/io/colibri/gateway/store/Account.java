package io.colibri.gateway.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

@Entity
@Table(name = "account")
public class Account {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false, unique = true)
    private String email;

    @Column(name = "password_hash", nullable = false)
    private String passwordHash;

    @Column(name = "created_at", nullable = false)
    private OffsetDateTime createdAt;

    /** Sum of the account's ledger entries, moved only together with a new entry (see V2 migration). */
    @Column(nullable = false)
    private long balance;

    protected Account() {
    }

    public Account(String email, String passwordHash, OffsetDateTime createdAt) {
        this.email = email;
        this.passwordHash = passwordHash;
        this.createdAt = createdAt;
    }

    /**
     * The balance after a bulk send whose debits (summing to {@code -total}) the caller inserts into
     * the ledger in the same transaction ({@code Recorder.recordBulk}).
     */
    public void debitBulk(int total) {
        balance -= total;
    }

    /** Records a movement of credit: the ledger entry for it, and the balance that follows. */
    public LedgerEntry move(int credits, LedgerEntry.Kind kind, String reference, OffsetDateTime at) {
        balance += credits;
        return new LedgerEntry(id, credits, kind, reference, at);
    }

    public long getBalance() {
        return balance;
    }

    public void changePassword(String newHash) {
        this.passwordHash = newHash;
    }

    public Long getId() {
        return id;
    }

    public String getEmail() {
        return email;
    }

    public String getPasswordHash() {
        return passwordHash;
    }

    public OffsetDateTime getCreatedAt() {
        return createdAt;
    }
}
