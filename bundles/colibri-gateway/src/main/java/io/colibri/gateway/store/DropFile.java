package io.colibri.gateway.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/** A send file taken from the drop folder, known by the hash of its bytes (CSV-2). */
@Entity
@Table(name = "drop_file")
public class DropFile {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "account_id", nullable = false)
    private long accountId;

    @Column(name = "content_hash", nullable = false)
    private String contentHash;

    @Column(name = "file_name", nullable = false)
    private String fileName;

    @Column(name = "taken_at", nullable = false)
    private OffsetDateTime takenAt;

    protected DropFile() {
    }

    public DropFile(long accountId, String contentHash, String fileName, OffsetDateTime takenAt) {
        this.accountId = accountId;
        this.contentHash = contentHash;
        this.fileName = fileName;
        this.takenAt = takenAt;
    }

    public String getFileName() {
        return fileName;
    }

    public OffsetDateTime getTakenAt() {
        return takenAt;
    }
}
