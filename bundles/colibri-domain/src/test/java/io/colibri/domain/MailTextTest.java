package io.colibri.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** MAIL-6..8: the SMS text of a decoded body, plain or HTML. */
class MailTextTest {

    @Test
    void a_plain_body_is_trimmed_its_spaces_run_together_and_blank_lines_kept_once() {
        assertThat(MailText.fromPlain("\r\n  Bonjour   à tous,\t\r\n\r\n\r\n\r\nRéunion jeudi.  \r\n\r\n")).isEqualTo("Bonjour à tous,\n\nRéunion jeudi.");
        assertThat(MailText.fromPlain(null)).isEmpty();
        assertThat(MailText.fromPlain(" \u00A0\r\n ")).isEmpty();
    }

    @Test
    void fin_cuts_the_signature_and_the_quoted_reply() {
        String body = "Rendez-vous à 9h devant la mairie. *fin*\r\n-- \r\nJean Dupont\r\nMairie de Colibri\r\n\r\n"
                + "Le 12/03/2026 à 10:02, Marie a écrit :\r\n> Quelle heure ?\r\n";
        assertThat(MailText.fromPlain(body)).isEqualTo("Rendez-vous à 9h devant la mairie.");
        assertThat(MailText.fromPlain("Texte*FIN*reste")).isEqualTo("Texte");
        assertThat(MailText.fromPlain("Texte * fin * reste")).isEqualTo("Texte");
    }

    @Test
    void sms_tags_take_precedence_over_everything_else() {
        assertThat(MailText.fromPlain("Bonjour Marie,\r\n<SMS>Le car part à 8h.</SMS>\r\nCordialement *fin*")).isEqualTo("Le car part à 8h.");
        assertThat(MailText.fromPlain("avant <sms>\r\n  ligne 1\r\n  ligne 2\r\n</Sms> après")).isEqualTo("ligne 1\nligne 2");
        assertThat(MailText.fromPlain("<SMS>*fin* compris</SMS>")).isEqualTo("*fin* compris");
    }

    @Test
    void an_html_body_becomes_its_text() {
        String html = "<html><head><style>p{color:red}</style><title>x</title></head><body>\r\n"
                + "<div dir=\"ltr\">Bonjour&nbsp;&agrave; tous,<br>\r\nla r&eacute;union est <b>jeudi</b>\r\n à 18h.</div>"
                + "<div><br></div><div>Merci &amp; &#224; bient&#xF4;t &euro;</div><!-- commentaire --><script>alert(1)</script>"
                + "</body></html>";
        assertThat(MailText.fromHtml(html)).isEqualTo("Bonjour à tous,\nla réunion est jeudi à 18h.\n\nMerci & à bientôt €");
    }

    @Test
    void sms_tags_and_fin_work_in_html_whether_typed_or_markup() {
        assertThat(MailText.fromHtml("<p>Bonjour,</p><p>&lt;SMS&gt;Car &agrave; 8h&lt;/SMS&gt;</p><p>Signature</p>")).isEqualTo("Car à 8h");
        assertThat(MailText.fromHtml("<p>x</p><sms><b>Car</b> à 8h</sms><p>y</p>")).isEqualTo("Car à 8h");
        assertThat(MailText.fromHtml("<p>Texte</p><p>*fin*</p><blockquote>citation</blockquote>")).isEqualTo("Texte");
    }

    @Test
    void unknown_or_broken_entities_are_left_as_they_are() {
        assertThat(MailText.fromHtml("a &unknown; b &#0; c &#xZZ; d &")).isEqualTo("a &unknown; b &#0; c &#xZZ; d &");
    }

    /** Issue 13, point 5: bodies built to make the patterns work without end. */
    @Test
    void a_thousand_comments_never_closed_give_an_empty_text_not_a_frozen_consumer() {
        assertThat(MailText.fromHtml("<!--".repeat(20_000) + "<p>Bonjour</p>")).isEmpty();
    }

    @Test
    void unclosed_sms_tags_are_read_once_and_the_text_is_the_body() {
        String body = "<sms> ".repeat(15_000) + "Bonjour";
        assertThat(MailText.hasSms(body)).isFalse();
        assertThat(MailText.fromPlain(body)).endsWith("Bonjour").startsWith("<sms>");
    }

    @Test
    void the_sms_section_is_between_the_first_opening_tag_and_the_first_closing_one_after_it() {
        assertThat(MailText.fromPlain("avant </sms> <SMS>un</sms> <sms>deux</sms>")).isEqualTo("un");
        assertThat(MailText.fromPlain("<sms>a <sms>b</sms>")).isEqualTo("a <sms>b");
    }

    @Test
    void only_the_first_hundred_thousand_characters_of_a_body_are_read() {
        assertThat(MailText.fromPlain("x".repeat(MailText.MAX_BODY) + "<sms>caché</sms>")).doesNotContain("caché");
        assertThat(MailText.fromPlain("x".repeat(MailText.MAX_BODY - 20) + "<sms>lu</sms>")).isEqualTo("lu");
    }
}
