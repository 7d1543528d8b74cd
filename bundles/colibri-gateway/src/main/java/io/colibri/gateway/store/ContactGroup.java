package io.colibri.gateway.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.Locale;

/** A named group of an account's contacts (matched without regard to case). */
@Entity
@Table(name = "contact_group")
public class ContactGroup {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "account_id", nullable = false)
    private long accountId;

    @Column(nullable = false)
    private String name;

    @Column(name = "name_key", nullable = false)
    private String nameKey;

    @Column(name = "created_at", nullable = false)
    private OffsetDateTime createdAt;

    protected ContactGroup() {
    }

    public ContactGroup(long accountId, String name, OffsetDateTime createdAt) {
        this.accountId = accountId;
        this.name = name;
        this.nameKey = key(name);
        this.createdAt = createdAt;
    }

    /** How a group name is matched: trimmed, lower case. */
    public static String key(String name) {
        return name.strip().toLowerCase(Locale.ROOT);
    }

    public Long getId() {
        return id;
    }

    public long getAccountId() {
        return accountId;
    }

    public String getName() {
        return name;
    }

    public OffsetDateTime getCreatedAt() {
        return createdAt;
    }
}
