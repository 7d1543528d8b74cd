package io.colibri.gateway.invoice;

import static io.colibri.gateway.store.StoreTest.withStore;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.colibri.domain.InvoiceAmounts;
import io.colibri.gateway.store.StoreTest;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Issue 15, ACC-2: top-ups and their invoices on a real database (H2, PostgreSQL when configured). */
class InvoicesTest {
    static final Invoices.Seller SELLER = new Invoices.Seller("Colibri SMS", "1 place de la Mairie | 75001 Paris", "FR12345678901",
            new BigDecimal("20"), "F");
    static final Clock CLOCK = Clock.fixed(Instant.parse("2027-01-15T08:30:00Z"), ZoneOffset.UTC);

    static List<String> databases() {
        return StoreTest.databases();
    }

    @ParameterizedTest
    @MethodSource("databases")
    void concurrent_top_ups_number_their_invoices_without_gap_and_every_balance_equals_its_ledger(String kind) throws Exception {
        withStore(kind, store -> {
            List<Long> accounts = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                store.accounts().create("client" + i + "@example.fr");
                accounts.add(store.accounts().require("client" + i + "@example.fr").id());
            }
            Invoices invoices = new Invoices(store.database(), SELLER, CLOCK);
            ExecutorService pool = Executors.newFixedThreadPool(8);
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                int n = i;
                done.add(pool.submit(() -> {
                    long account = accounts.get(n % accounts.size());
                    if (n % 10 == 7) {
                        // A refused top-up between the others takes no number.
                        assertThatThrownBy(() -> invoices.topUp(account, 10, new BigDecimal("0.001"), InvoiceAmounts.Method.CARD))
                                .isInstanceOf(IllegalArgumentException.class);
                        assertThatThrownBy(() -> invoices.topUp(999_999, 10, BigDecimal.TEN, InvoiceAmounts.Method.CARD))
                                .isInstanceOf(RuntimeException.class);
                        return null;
                    }
                    return invoices.topUp(account, 100 + n, new BigDecimal("5.00"), InvoiceAmounts.Method.TRANSFER);
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            pool.shutdown();
            List<Long> sequences = invoices.sequences();
            assertThat(sequences).containsExactlyElementsOf(LongStream.rangeClosed(1, 54).boxed().toList());
            for (long account : accounts) {
                assertThat(store.accounts().balance(account)).isEqualTo(store.accounts().ledgerSum(account))
                        .isEqualTo(invoices.of(account).stream().mapToLong(Invoices.Invoice::credits).sum());
            }
            assertThat(invoices.of(accounts.get(0))).allSatisfy(i -> assertThat(i.number()).matches("F2027-0000[0-9]{2}"));
        });
    }

    @Test
    void the_pdf_says_who_sells_to_whom_what_and_the_amounts_before_and_after_tax() throws Exception {
        withStore("h2", store -> {
            store.accounts().create("mairie@example.fr");
            long account = store.accounts().require("mairie@example.fr").id();
            Invoices invoices = new Invoices(store.database(), SELLER, CLOCK);
            Invoices.TopUp topUp = invoices.topUp(account, 1000, new BigDecimal("1234.5"), InvoiceAmounts.Method.DIRECT_DEBIT);
            assertThat(topUp.balance()).isEqualTo(1000);
            assertThat(topUp.invoice().number()).isEqualTo("F2027-000001");
            byte[] pdf = InvoicePdf.render(invoices.find(account, "F2027-000001").orElseThrow());
            // Kept for a look by eye (pdftoppm -png target/invoice-F2027-000001.pdf).
            java.nio.file.Files.write(java.nio.file.Path.of("target", "invoice-F2027-000001.pdf"), pdf);
            assertThat(new String(pdf, 0, 5, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
            String text;
            try (var doc = Loader.loadPDF(pdf)) {
                assertThat(doc.getNumberOfPages()).isEqualTo(1);
                text = new PDFTextStripper().getText(doc);
            }
            assertThat(text).contains("Colibri SMS", "1 place de la Mairie", "75001 Paris", "TVA : FR12345678901",
                    "Facture F2027-000001", "Date : 15/01/2027", "mairie@example.fr", "1000 crédits",
                    "Total HT", "1 234,50 €", "TVA 20 %", "246,90 €", "Total TTC", "1 481,40 €", "prélèvement");
            // Made again from the record, the same document.
            assertThat(java.util.Arrays.equals(InvoicePdf.render(invoices.find(account, "F2027-000001").orElseThrow()), pdf))
                    .as("the same bytes").isTrue();
            assertThat(invoices.find(account + 1, "F2027-000001")).isEmpty();
        });
    }
}
