package io.colibri.gateway.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/**
 * A message (an MT): a text accepted for one recipient, from acceptance to its final status, in
 * table {@code message}. Named {@code Sms} because Camel, JMS and Jakarta Mail each have a
 * {@code Message} of their own, and the gateway's code meets all three.
 */
@Entity
@Table(name = "message")
public class Sms {
    public enum Status {
        /** Debited, waiting for its time ({@code sendAt}: a deferred send, landline hours). */
        SCHEDULED,
        /** Debited and queued for its connector. */
        ACCEPTED,
        /** Taken by one outbound consumer, its submit_sm under way. */
        SUBMITTING,
        /** Every part handed to the SMSC, which answered with its ids. */
        SUBMITTED,
        /** Every part's receipt says delivered. */
        DELIVERED,
        /** A part's receipt says it will never be delivered. */
        UNDELIVERABLE,
        /** Refused by the SMSC or by the gateway after acceptance; credit refunded. */
        FAILED,
        /** A deferred send cancelled by its sender before it left; credit refunded. */
        CANCELLED;

        public boolean isFinal() {
            return this == DELIVERED || this == UNDELIVERABLE || this == FAILED || this == CANCELLED;
        }
    }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "account_id", nullable = false)
    private Long accountId;

    @Column(nullable = false)
    private String recipient;

    @Column(nullable = false)
    private String body;

    /** {@link #hash} of the body: how the duplicate guard finds the same text quickly. */
    @Column(name = "body_hash")
    private Long bodyHash;

    @Column(nullable = false)
    private String encoding;

    @Column(nullable = false)
    private int parts;

    @Column(nullable = false)
    private int credits;

    @Column(nullable = false)
    private String connector;

    @Column(nullable = false)
    @Enumerated(EnumType.STRING)
    private Status status;

    private String reason;

    @Column(name = "accepted_at", nullable = false)
    private OffsetDateTime acceptedAt;

    @Column(name = "submitted_at")
    private OffsetDateTime submittedAt;

    @Column(name = "done_at")
    private OffsetDateTime doneAt;

    @Column(name = "send_at")
    private OffsetDateTime sendAt;

    @Column(nullable = false)
    private String format;

    @Column(name = "validity_minutes", nullable = false)
    private int validityMinutes;

    protected Sms() {
    }

    public Sms(Long accountId, String recipient, String body, String encoding, int parts, int credits,
                   String connector, OffsetDateTime acceptedAt, OffsetDateTime sendAt, String format, int validityMinutes) {
        this.accountId = accountId;
        this.recipient = recipient;
        this.body = body;
        this.bodyHash = hash(body);
        this.encoding = encoding;
        this.parts = parts;
        this.credits = credits;
        this.connector = connector;
        this.status = sendAt == null ? Status.ACCEPTED : Status.SCHEDULED;
        this.acceptedAt = acceptedAt;
        this.sendAt = sendAt;
        this.format = format;
        this.validityMinutes = validityMinutes;
    }

    /** The first 64 bits of the text's SHA-256. */
    public static long hash(String text) {
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.nio.ByteBuffer.wrap(d).getLong();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public Long getId() {
        return id;
    }

    public Long getAccountId() {
        return accountId;
    }

    public String getRecipient() {
        return recipient;
    }

    public String getBody() {
        return body;
    }

    public String getEncoding() {
        return encoding;
    }

    public int getParts() {
        return parts;
    }

    public int getCredits() {
        return credits;
    }

    public String getConnector() {
        return connector;
    }

    public Status getStatus() {
        return status;
    }

    public String getReason() {
        return reason;
    }

    public OffsetDateTime getAcceptedAt() {
        return acceptedAt;
    }

    public OffsetDateTime getSubmittedAt() {
        return submittedAt;
    }

    public OffsetDateTime getDoneAt() {
        return doneAt;
    }

    public OffsetDateTime getSendAt() {
        return sendAt;
    }

    public String getFormat() {
        return format;
    }

    public int getValidityMinutes() {
        return validityMinutes;
    }
}
