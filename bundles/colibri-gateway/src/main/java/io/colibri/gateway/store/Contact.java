package io.colibri.gateway.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One number in one group, with a name and up to three merge variables (MERGE-1). */
@Entity
@Table(name = "contact")
public class Contact {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "group_id", nullable = false)
    private long groupId;

    @Column(name = "phone_number", nullable = false)
    private String number;

    private String name;
    private String v1;
    private String v2;
    private String v3;

    protected Contact() {
    }

    public Contact(long groupId, String number, String name, String v1, String v2, String v3) {
        this.groupId = groupId;
        this.number = number;
        update(name, v1, v2, v3);
    }

    /** A later import of the same number in the same group replaces its name and variables. */
    public void update(String name, String v1, String v2, String v3) {
        this.name = name;
        this.v1 = v1;
        this.v2 = v2;
        this.v3 = v3;
    }

    public long getGroupId() {
        return groupId;
    }

    public String getNumber() {
        return number;
    }

    public String getName() {
        return name;
    }

    public String getV1() {
        return v1;
    }

    public String getV2() {
        return v2;
    }

    public String getV3() {
        return v3;
    }
}
