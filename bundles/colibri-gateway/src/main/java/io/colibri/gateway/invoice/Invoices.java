package io.colibri.gateway.invoice;

import io.colibri.domain.InvoiceAmounts;
import io.colibri.gateway.account.Accounts.AccountException;
import io.colibri.gateway.store.Account;
import io.colibri.gateway.store.Database;
import io.colibri.gateway.store.LedgerEntry;
import jakarta.persistence.LockModeType;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Top-ups with their invoice (ACC-2): the credits land in the ledger, the next number of the one
 * gapless sequence is taken and the invoice recorded, all in one transaction (table invoice, V21).
 * The PDF is made from the recorded invoice ({@link InvoicePdf}) whenever it is asked for.
 */
public final class Invoices {
    /** Who sells, as the invoices say it (etc/io.colibri.api.cfg), and the VAT rate and number prefix. */
    public record Seller(String name, String address, String vatId, java.math.BigDecimal vatPercent, String prefix) {
        /** As recorded with each invoice: one line each. */
        String text() {
            return String.join("\n", name, address.replace(" | ", "\n"), vatId.isBlank() ? "" : "TVA : " + vatId).strip();
        }
    }

    /** A recorded invoice. */
    public record Invoice(String number, long sequence, long accountId, String accountEmail, OffsetDateTime issuedAt, int credits,
                          InvoiceAmounts.Method method, InvoiceAmounts amounts, String seller) {
    }

    /** A top-up and its invoice, with the account's balance after it. */
    public record TopUp(Invoice invoice, long balance) {
    }

    private final Database db;
    private final Seller seller;
    private final Clock clock;

    public Invoices(Database db, Seller seller, Clock clock) {
        this.db = db;
        this.seller = seller;
        this.clock = clock;
    }

    /**
     * Credits the account and records its invoice, numbered next, in one transaction.
     *
     * @throws IllegalArgumentException for a wrong amount or credits, saying which
     * @throws AccountException         when there is no such account
     */
    public TopUp topUp(long accountId, int credits, java.math.BigDecimal euros, InvoiceAmounts.Method method) {
        if (credits <= 0) {
            throw new IllegalArgumentException("credits must be more than 0");
        }
        InvoiceAmounts amounts = InvoiceAmounts.of(euros, seller.vatPercent());
        OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        return db.tx(em -> {
            Account a = em.find(Account.class, accountId, LockModeType.PESSIMISTIC_WRITE);
            if (a == null) {
                throw new AccountException("no account " + accountId);
            }
            long sequence = db.jdbc(c -> {
                try (PreparedStatement u = c.prepareStatement("update invoice_counter set last_number = last_number + 1 where id = 1")) {
                    u.executeUpdate();
                }
                try (PreparedStatement s = c.prepareStatement("select last_number from invoice_counter where id = 1");
                     ResultSet r = s.executeQuery()) {
                    r.next();
                    return r.getLong(1);
                }
            });
            String number = InvoiceAmounts.number(seller.prefix(), now.atZoneSameInstant(java.time.ZoneId.of("Europe/Paris")).getYear(),
                    sequence);
            em.persist(a.move(credits, LedgerEntry.Kind.TOP_UP, "invoice " + number, now));
            Invoice invoice = new Invoice(number, sequence, accountId, a.getEmail(), now, credits, method, amounts, seller.text());
            db.jdbc(c -> insert(c, invoice));
            return new TopUp(invoice, a.getBalance());
        });
    }

    private static int insert(java.sql.Connection c, Invoice i) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("insert into invoice (number, sequence, account_id, account_email, issued_at,"
                + " credits, method, excl_tax_cents, vat_rate_bp, vat_cents, incl_tax_cents, seller) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            s.setString(1, i.number());
            s.setLong(2, i.sequence());
            s.setLong(3, i.accountId());
            s.setString(4, i.accountEmail());
            s.setObject(5, i.issuedAt());
            s.setInt(6, i.credits());
            s.setString(7, i.method().key);
            s.setLong(8, i.amounts().exclTax());
            s.setInt(9, i.amounts().vatRate());
            s.setLong(10, i.amounts().vat());
            s.setLong(11, i.amounts().inclTax());
            s.setString(12, i.seller());
            return s.executeUpdate();
        }
    }

    /** The account's invoices, newest first. */
    public List<Invoice> of(long accountId) {
        return select("where account_id = ? order by sequence desc", accountId);
    }

    /** The account's invoice with this number; another account's is as unknown as none. */
    public Optional<Invoice> find(long accountId, String number) {
        return select("where account_id = ? and number = ?", accountId, number).stream().findFirst();
    }

    /** Every invoice's sequence, in order: for audits (and the test that there is no gap). */
    public List<Long> sequences() {
        return select("order by sequence").stream().map(Invoice::sequence).toList();
    }

    private List<Invoice> select(String where, Object... params) {
        return db.jdbc(c -> {
            try (PreparedStatement s = c.prepareStatement("select number, sequence, account_id, account_email, issued_at, credits, method,"
                    + " excl_tax_cents, vat_rate_bp, vat_cents, incl_tax_cents, seller from invoice " + where)) {
                for (int i = 0; i < params.length; i++) {
                    s.setObject(i + 1, params[i]);
                }
                List<Invoice> found = new ArrayList<>();
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        found.add(new Invoice(r.getString(1), r.getLong(2), r.getLong(3), r.getString(4),
                                r.getObject(5, OffsetDateTime.class), r.getInt(6), InvoiceAmounts.Method.of(r.getString(7)),
                                new InvoiceAmounts(r.getLong(8), r.getInt(9), r.getLong(10), r.getLong(11)), r.getString(12)));
                    }
                }
                return found;
            }
        });
    }
}
