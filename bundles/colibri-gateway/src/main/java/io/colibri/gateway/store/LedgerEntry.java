package io.colibri.gateway.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/** One movement of credit: positive for a top-up or a refund, negative for a debit. */
@Entity
@Table(name = "ledger_entry")
public class LedgerEntry {
    /** TRANSFER: credit moved between an account and its sub-account (ACC-4), one entry on each side. */
    public enum Kind { TOP_UP, DEBIT, REFUND, TRANSFER }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "account_id", nullable = false)
    private Long accountId;

    @Column(nullable = false)
    private int credits;

    @Column(nullable = false)
    @jakarta.persistence.Enumerated(jakarta.persistence.EnumType.STRING)
    private Kind kind;

    private String reference;

    @Column(name = "created_at", nullable = false)
    private OffsetDateTime createdAt;

    protected LedgerEntry() {
    }

    public LedgerEntry(Long accountId, int credits, Kind kind, String reference, OffsetDateTime createdAt) {
        this.accountId = accountId;
        this.credits = credits;
        this.kind = kind;
        this.reference = reference;
        this.createdAt = createdAt;
    }

    public Long getId() {
        return id;
    }

    public String getReference() {
        return reference;
    }

    public OffsetDateTime getCreatedAt() {
        return createdAt;
    }

    public int getCredits() {
        return credits;
    }

    public Kind getKind() {
        return kind;
    }
}
