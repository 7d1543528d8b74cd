package io.colibri.gateway.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/** The account's answer to CONTACT: the approved text, and a changed one awaiting approval (V9, OPT-15). */
@Entity
@Table(name = "contact_text")
public class ContactText {
    @Id
    @Column(name = "account_id")
    private Long accountId;

    private String approved;

    @Column(name = "approved_at")
    private OffsetDateTime approvedAt;

    private String pending;

    @Column(name = "pending_at")
    private OffsetDateTime pendingAt;

    protected ContactText() {
    }

    public ContactText(long accountId) {
        this.accountId = accountId;
    }

    public void propose(String text, OffsetDateTime at) {
        this.pending = text;
        this.pendingAt = at;
    }

    /** @return false when nothing was pending */
    public boolean approve(OffsetDateTime at) {
        if (pending == null) {
            return false;
        }
        approved = pending;
        approvedAt = at;
        pending = null;
        pendingAt = null;
        return true;
    }

    public String getApproved() {
        return approved;
    }

    public String getPending() {
        return pending;
    }

    public Long getAccountId() {
        return accountId;
    }

    public OffsetDateTime getPendingAt() {
        return pendingAt;
    }
}
