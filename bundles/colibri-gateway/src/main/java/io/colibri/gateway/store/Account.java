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

    /** The parent of a sub-account (ACC-4); null for an account of its own. */
    @Column(name = "parent_id")
    private Long parentId;

    /** What a sub-account is to its parent: customer, supplier, employee. */
    @Column(name = "sub_kind")
    private String subKind;

    /** A sub-account's name, as its parent calls it. */
    private String name;

    /** When an operator disabled it; null while it is enabled. */
    @Column(name = "disabled_at")
    private OffsetDateTime disabledAt;

    protected Account() {
    }

    /** A sub-account of {@code parentId}. */
    public static Account sub(long parentId, String email, String passwordHash, String kind, String name, OffsetDateTime createdAt) {
        Account a = new Account(email, passwordHash, createdAt);
        a.parentId = parentId;
        a.subKind = kind;
        a.name = name;
        return a;
    }

    public OffsetDateTime getDisabledAt() {
        return disabledAt;
    }

    /** Disables it (at that time), or enables it with null. */
    public void setDisabledAt(OffsetDateTime at) {
        this.disabledAt = at;
    }

    public Long getParentId() {
        return parentId;
    }

    public String getSubKind() {
        return subKind;
    }

    public String getName() {
        return name;
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
