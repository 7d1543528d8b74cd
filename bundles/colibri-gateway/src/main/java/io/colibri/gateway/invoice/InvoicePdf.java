package io.colibri.gateway.invoice;

import io.colibri.domain.InvoiceAmounts;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Calendar;
import java.util.GregorianCalendar;
import java.util.TimeZone;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/**
 * An invoice as one A4 page of PDF (Apache PDFBox), in French: the seller, the number and date, the
 * customer, the credits bought, the amounts before tax, VAT and after tax, and how it was paid.
 * Made from the recorded invoice alone, so the same invoice always gives the same page.
 */
public final class InvoicePdf {
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("dd/MM/yyyy");
    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    private static final float LEFT = 56;
    private static final float RIGHT = PDRectangle.A4.getWidth() - 56;

    private InvoicePdf() {
    }

    public static byte[] render(Invoices.Invoice invoice) {
        try (PDDocument doc = new PDDocument()) {
            PDType1Font regular = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
            PDType1Font bold = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);
            PDPage page = new PDPage(PDRectangle.A4);
            doc.addPage(page);
            PDDocumentInformation info = doc.getDocumentInformation();
            info.setTitle("Facture " + invoice.number());
            info.setProducer("Colibri");
            Calendar issued = GregorianCalendar.from(invoice.issuedAt().atZoneSameInstant(PARIS));
            issued.setTimeZone(TimeZone.getTimeZone(PARIS));
            info.setCreationDate(issued);
            info.setModificationDate(issued);
            InvoiceAmounts amounts = invoice.amounts();
            try (PDPageContentStream out = new PDPageContentStream(doc, page)) {
                float y = PDRectangle.A4.getHeight() - 64;
                for (String line : invoice.seller().split("\n")) {
                    text(out, line.equals(invoice.seller().split("\n")[0]) ? bold : regular, 11, LEFT, y, line);
                    y -= 15;
                }
                y -= 20;
                text(out, bold, 20, LEFT, y, "Facture " + invoice.number());
                y -= 22;
                text(out, regular, 11, LEFT, y, "Date : " + DATE.format(invoice.issuedAt().atZoneSameInstant(PARIS)));
                y -= 30;
                text(out, bold, 11, LEFT, y, "Client");
                y -= 15;
                text(out, regular, 11, LEFT, y, invoice.accountEmail());
                y -= 40;
                text(out, bold, 11, LEFT, y, "Désignation");
                right(out, bold, 11, y, "Montant HT");
                y -= 6;
                line(out, y);
                y -= 16;
                text(out, regular, 11, LEFT, y, "Crédit SMS prépayé : " + invoice.credits() + " crédits");
                right(out, regular, 11, y, InvoiceAmounts.euros(amounts.exclTax()));
                y -= 10;
                line(out, y);
                y -= 20;
                text(out, regular, 11, 330, y, "Total HT");
                right(out, regular, 11, y, InvoiceAmounts.euros(amounts.exclTax()));
                y -= 16;
                text(out, regular, 11, 330, y, "TVA " + amounts.rateText());
                right(out, regular, 11, y, InvoiceAmounts.euros(amounts.vat()));
                y -= 16;
                text(out, bold, 12, 330, y, "Total TTC");
                right(out, bold, 12, y, InvoiceAmounts.euros(amounts.inclTax()));
                y -= 40;
                text(out, regular, 11, LEFT, y, "Réglée par " + invoice.method().french + " le "
                        + DATE.format(invoice.issuedAt().atZoneSameInstant(PARIS)) + ".");
            }
            // The file's identifier from the invoice's number, not from the clock: the same invoice is the same file.
            byte[] id = java.util.Arrays.copyOf(sha256(invoice.number()), 16);
            org.apache.pdfbox.cos.COSArray ids = new org.apache.pdfbox.cos.COSArray();
            ids.add(new org.apache.pdfbox.cos.COSString(id));
            ids.add(new org.apache.pdfbox.cos.COSString(id));
            doc.getDocument().getTrailer().setItem(org.apache.pdfbox.cos.COSName.ID, ids);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            doc.save(bytes);
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("invoice " + invoice.number() + ": " + e.getMessage(), e);
        }
    }

    private static void text(PDPageContentStream out, PDType1Font font, float size, float x, float y, String text) throws IOException {
        out.beginText();
        out.setFont(font, size);
        out.newLineAtOffset(x, y);
        out.showText(encodable(font, text));
        out.endText();
    }

    private static void right(PDPageContentStream out, PDType1Font font, float size, float y, String text) throws IOException {
        float width = font.getStringWidth(encodable(font, text)) / 1000 * size;
        text(out, font, size, RIGHT - width, y, text);
    }

    private static byte[] sha256(String text) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The text with what the standard fonts cannot draw (outside Windows-1252) as '?'. */
    private static String encodable(PDType1Font font, String text) {
        StringBuilder b = new StringBuilder(text.length());
        text.codePoints().forEach(cp -> {
            String ch = new String(Character.toChars(cp));
            try {
                font.encode(ch);
                b.append(ch);
            } catch (IOException | IllegalArgumentException e) {
                b.append('?');
            }
        });
        return b.toString();
    }

    private static void line(PDPageContentStream out, float y) throws IOException {
        out.moveTo(LEFT, y);
        out.lineTo(RIGHT, y);
        out.setLineWidth(0.5f);
        out.stroke();
    }
}
