package io.colibri.gateway.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/** One part handed to an SMSC, with the id the SMSC gave it and the status its receipt gave. */
@Entity
@Table(name = "submission")
public class Submission {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "message_id", nullable = false)
    private Long messageId;

    @Column(nullable = false)
    private String connector;

    @Column(name = "smsc_id", nullable = false)
    private String smscId;

    @Column(nullable = false)
    private String status;

    private String error;

    @Column(name = "done_at")
    private OffsetDateTime doneAt;

    protected Submission() {
    }

    public Submission(Long messageId, String connector, String smscId) {
        this.messageId = messageId;
        this.connector = connector;
        this.smscId = smscId;
        this.status = "SUBMITTED";
    }

    public void receipt(String receiptStatus, String errorCode, OffsetDateTime at) {
        status = receiptStatus;
        error = errorCode;
        doneAt = at;
    }

    /** A part of an attempt that was replaced by a new one (normal+flash): its receipt no longer decides. */
    public static final String SUPERSEDED = "SUPERSEDED";

    public Long getMessageId() {
        return messageId;
    }

    public String getStatus() {
        return status;
    }

    public String getError() {
        return error;
    }

    public Long getId() {
        return id;
    }

    public String getSmscId() {
        return smscId;
    }

    public OffsetDateTime getDoneAt() {
        return doneAt;
    }
}
