package io.colibri.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Issue 13: 1 000 generated bodies (seeded, reproducible), plain and HTML, built from the pieces
 * that make patterns work hard (tags never closed, comments, nested markup, entities): each gives
 * a text, within the step budget, never longer than what it came from, and never an exception.
 */
class MailTextFuzzTest {
    static final long SEED = 20261201L;

    private static final String[] PIECES = {"<sms>", "</sms>", "< SMS >", "<!--", "-->", "<script>", "</script>", "<style", "<br>",
            "<p>", "</p>", "<", ">", "&amp;", "&#x1F600;", "&#0;", "&#99999999999;", "&nbsp;", "*fin*", "* FIN *", "\r\n", "\n", "\t",
            "Bonjour", "é", "€", "   ", "<title>", "</title", "<div class=\"a\">", "&", ";", "<head>", "<<<<", ">>>>"};

    @Test
    void a_thousand_hostile_bodies_each_give_a_bounded_text() {
        Random r = new Random(SEED);
        int nonEmpty = 0;
        for (int i = 0; i < 1_000; i++) {
            StringBuilder body = new StringBuilder();
            int n = r.nextInt(r.nextInt(20) == 0 ? 20_000 : 200);
            for (int p = 0; p < n; p++) {
                body.append(PIECES[r.nextInt(PIECES.length)]);
            }
            String b = body.toString();
            String text = r.nextBoolean() ? MailText.fromHtml(b) : MailText.fromPlain(b);
            assertThat(text).as("body %d", i).isNotNull();
            assertThat(text.length()).as("body %d", i).isLessThanOrEqualTo(Math.min(b.length(), MailText.MAX_BODY));
            MailText.hasSms(b);
            if (!text.isEmpty()) {
                nonEmpty++;
            }
        }
        assertThat(nonEmpty).isGreaterThan(100);
    }
}
