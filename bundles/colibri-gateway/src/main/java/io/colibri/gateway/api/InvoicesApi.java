package io.colibri.gateway.api;

import io.colibri.domain.InvoiceAmounts;
import io.colibri.gateway.invoice.InvoicePdf;
import io.colibri.gateway.invoice.Invoices;
import java.math.BigDecimal;
import java.util.List;
import org.apache.camel.Exchange;

/** An account's invoices (ACC-2): listed, and each one's PDF. Bean {@code apiInvoices} of routes/api/invoices.yaml. */
public final class InvoicesApi {
    public record InvoiceView(String number, String issuedAt, int credits, String method, String amountExclTax, String vatRate,
                              String vat, String amountInclTax, String pdf) {
    }

    public record InvoiceList(List<InvoiceView> invoices) {
    }

    private final Invoices invoices;
    private final ApiAnswers answers;

    public InvoicesApi(Invoices invoices, ApiAnswers answers) {
        this.invoices = invoices;
        this.answers = answers;
    }

    /** {@code GET /invoices}: newest first. */
    public ApiAnswer list(Exchange exchange) {
        return ApiAnswer.ok(new InvoiceList(invoices.of(ApiGuard.accountOf(exchange)).stream().map(InvoicesApi::view).toList()));
    }

    /** {@code GET /invoices/{number}} as JSON, {@code GET /invoices/{number}.pdf} as PDF: the account's own invoice only. */
    public void one(Exchange exchange) {
        String segment = exchange.getIn().getHeader("number", String.class);
        boolean pdf = segment != null && segment.endsWith(".pdf");
        String number = segment == null ? "" : pdf ? segment.substring(0, segment.length() - 4) : segment;
        Invoices.Invoice invoice = invoices.find(ApiGuard.accountOf(exchange), number)
                .orElseThrow(() -> ApiProblem.notFound("no invoice " + number));
        if (pdf) {
            ApiAnswers.file(exchange.getMessage(), "application/pdf", invoice.number() + ".pdf", InvoicePdf.render(invoice));
        } else {
            answers.write(ApiAnswer.ok(view(invoice)), exchange);
        }
    }

    static InvoiceView view(Invoices.Invoice i) {
        InvoiceAmounts a = i.amounts();
        return new InvoiceView(i.number(), java.time.format.DateTimeFormatter.ISO_INSTANT.format(i.issuedAt()), i.credits(),
                i.method().key, InvoiceAmounts.decimal(a.exclTax()), BigDecimal.valueOf(a.vatRate(), 2).stripTrailingZeros().toPlainString(),
                InvoiceAmounts.decimal(a.vat()), InvoiceAmounts.decimal(a.inclTax()), "/api/v1/invoices/" + i.number() + ".pdf");
    }
}
