package io.colibri.gateway.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/** A reply (MO) from a phone, matched to the account that last wrote to it, or kept aside (V9). */
@Entity
@Table(name = "reply")
public class Reply {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "source_key", nullable = false, unique = true)
    private String sourceKey;

    @Column(name = "account_id")
    private Long accountId;

    @Column(name = "message_id")
    private Long messageId;

    @Column(nullable = false)
    private String connector;

    @Column(nullable = false)
    private String sender;

    private String recipient;

    @Column(nullable = false)
    private String body;

    @Column(nullable = false)
    private String kind;

    @Column(name = "received_at", nullable = false)
    private OffsetDateTime receivedAt;

    protected Reply() {
    }

    public Reply(String sourceKey, Long accountId, Long messageId, String connector, String sender, String recipient, String body,
                 String kind, OffsetDateTime receivedAt) {
        this.sourceKey = sourceKey;
        this.accountId = accountId;
        this.messageId = messageId;
        this.connector = connector;
        this.sender = sender;
        this.recipient = recipient;
        this.body = body;
        this.kind = kind;
        this.receivedAt = receivedAt;
    }

    public Long getId() {
        return id;
    }

    public Long getAccountId() {
        return accountId;
    }

    public Long getMessageId() {
        return messageId;
    }

    public String getSender() {
        return sender;
    }

    public String getBody() {
        return body;
    }

    public String getKind() {
        return kind;
    }

    public OffsetDateTime getReceivedAt() {
        return receivedAt;
    }
}
