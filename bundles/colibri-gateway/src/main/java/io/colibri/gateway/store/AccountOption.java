package io.colibri.gateway.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;

/** One option of an account, as text (see {@link io.colibri.domain.AccountOptions}). */
@Entity
@Table(name = "account_option")
@IdClass(AccountOption.Key.class)
public class AccountOption {
    /** The composite key: account and name. */
    public static final class Key implements Serializable {
        private Long accountId;
        private String name;

        public Key() {
        }

        public Key(Long accountId, String name) {
            this.accountId = accountId;
            this.name = name;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && java.util.Objects.equals(k.accountId, accountId) && java.util.Objects.equals(k.name, name);
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(accountId, name);
        }
    }

    @Id
    @Column(name = "account_id")
    private Long accountId;

    @Id
    private String name;

    @Column(name = "option_value", nullable = false)
    private String value;

    protected AccountOption() {
    }

    public AccountOption(long accountId, String name, String value) {
        this.accountId = accountId;
        this.name = name;
        this.value = value;
    }

    public String getName() {
        return name;
    }

    public String getValue() {
        return value;
    }

    public void setValue(String value) {
        this.value = value;
    }
}
