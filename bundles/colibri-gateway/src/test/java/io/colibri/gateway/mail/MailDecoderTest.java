package io.colibri.gateway.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link MailDecoder} against a corpus of mails shaped like what real clients send
 * ({@code mail-corpus/X.eml}, expected subject, sender and text in {@code X.expected}), and
 * against mails built here for one behaviour each.
 */
class MailDecoderTest {
    private static final String SERVICE = "@sms.colibri.example";

    // ------------------------------------------------------------------ corpus

    static Stream<String> corpus() throws IOException, URISyntaxException {
        URL folder = MailDecoderTest.class.getResource("/mail-corpus");
        assertThat(folder).as("mail-corpus on the test class path").isNotNull();
        List<String> names;
        try (Stream<Path> files = Files.list(Path.of(folder.toURI()))) {
            names = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".eml")).sorted().toList();
        }
        assertThat(names).as("mails in the corpus").hasSizeGreaterThanOrEqualTo(11);
        return names.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void corpus_mail_decodes_to_its_expected_subject_sender_and_text(String name) throws Exception {
        byte[] raw = resource(name);
        String[] expected = new String(resource(name.replace(".eml", ".expected")), StandardCharsets.UTF_8).split("\n", 4);
        assertThat(expected).as("an .expected file is subject:, from:, ---, text").hasSize(4);
        assertThat(expected[0]).startsWith("subject: ");
        assertThat(expected[1]).startsWith("from: ");
        assertThat(expected[2]).isEqualTo("---");
        assertThat(new String(raw, StandardCharsets.ISO_8859_1).replace("\r\n", "")).as("CRLF line endings only")
                .doesNotContain("\n").doesNotContain("\r");

        MailDecoder.Decoded d = MailDecoder.decode(raw);

        assertThat(d.subject()).isEqualTo(expected[0].substring("subject: ".length()));
        assertThat(d.from()).isEqualTo(expected[1].substring("from: ".length()));
        assertThat(d.text()).isEqualTo(expected[3]);
        assertThat(d.recipients()).anyMatch(r -> r.endsWith(SERVICE));
    }

    // ------------------------------------------------------------------ key

    @Test
    void the_key_is_the_message_id_with_its_brackets() throws Exception {
        MailDecoder.Decoded d = MailDecoder.decode(resource("thunderbird-plain-flowed.eml"));
        assertThat(d.key()).isEqualTo("<5c1e9a3b-7f2d-4e61-9b0a-2d8c4f1e6a73@mairie-saint-andre.fr>");
        assertThat(d.hasMessageId()).isTrue();

        // Apple Mail spells the header Message-Id
        assertThat(MailDecoder.decode(resource("apple-mail-related.eml")).key())
                .isEqualTo("<A3F1C9E2-7B4D-4E8A-9C61-2F5D0B8E3A17@icloud.com>");
        assertThat(MailDecoder.decode(eml("Message-ID:   <a.b@c.fr>  \nFrom: x@y.fr\n\nhi\n")).key()).isEqualTo("<a.b@c.fr>");
    }

    @Test
    void a_message_id_longer_than_250_characters_becomes_its_digest() throws Exception {
        String id = "<" + "x".repeat(300) + "@example.fr>";
        MailDecoder.Decoded d = MailDecoder.decode(eml("Message-ID: " + id + "\nFrom: x@y.fr\n\nhi\n"));
        String digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8)));
        assertThat(d.key()).isEqualTo("sha256:" + digest).hasSizeLessThanOrEqualTo(250);
        assertThat(d.hasMessageId()).isTrue();
    }

    @Test
    void without_message_id_the_key_is_a_stable_digest_of_the_message() throws Exception {
        byte[] raw = resource("no-message-id.eml");
        MailDecoder.Decoded first = MailDecoder.decode(raw);
        MailDecoder.Decoded again = MailDecoder.decode(raw);
        MailDecoder.Decoded fromMessage = MailDecoder.decode(new MimeMessage(null, new ByteArrayInputStream(raw)));

        assertThat(first.hasMessageId()).isFalse();
        assertThat(first.key()).matches("sha256:[0-9a-f]{64}");
        assertThat(again.key()).isEqualTo(first.key());
        assertThat(fromMessage.key()).isEqualTo(first.key());

        byte[] other = new String(raw, StandardCharsets.ISO_8859_1).replace("98 %", "99 %").getBytes(StandardCharsets.ISO_8859_1);
        assertThat(MailDecoder.decode(other).key()).matches("sha256:[0-9a-f]{64}").isNotEqualTo(first.key());
    }

    @Test
    void a_blank_message_id_counts_as_none() throws Exception {
        MailDecoder.Decoded d = MailDecoder.decode(eml("Message-ID:   \nFrom: x@y.fr\n\nhi\n"));
        assertThat(d.hasMessageId()).isFalse();
        assertThat(d.key()).startsWith("sha256:");
    }

    // ------------------------------------------------------------------ addresses

    @Test
    void recipients_come_from_original_to_delivered_to_to_and_cc_once_each() throws Exception {
        MailDecoder.Decoded d = MailDecoder.decode(resource("catch-all-headers.eml"));
        // X-Original-To first (its lower-cased spelling replaced by the one with capitals from To),
        // then both Delivered-To, To and Cc; duplicates ignoring case are dropped.
        assertThat(d.recipients()).containsExactly(
                "Kd7mQ2xVtR9p.0612345678@sms.colibri.example",
                "catchall@sms.colibri.example",
                "secretariat@mairie-saint-andre.fr",
                "Paul.Martin@orange.fr");
    }

    @Test
    void recipients_follow_the_header_order_not_the_file_order() throws Exception {
        MailDecoder.Decoded d = MailDecoder.decode(eml("""
                Cc: Copie <copie@x.fr>
                To: "1234.abc"@sms.colibri.example, Undisclosed recipients:;
                Delivered-To: second@x.fr
                X-Original-To: first@x.fr
                Delivered-To: third@x.fr
                From: a@b.fr

                hi
                """));
        assertThat(d.recipients()).containsExactly("first@x.fr", "second@x.fr", "third@x.fr", "\"1234.abc\"@sms.colibri.example",
                "copie@x.fr");
    }

    @Test
    void malformed_address_headers_are_skipped_without_throwing() throws Exception {
        byte[] raw = eml("""
                From: <<<
                To: <<<
                Cc: Bon <bon@x.fr>
                Subject: test

                hi
                """);
        assertThatCode(() -> MailDecoder.decode(raw)).doesNotThrowAnyException();
        MailDecoder.Decoded d = MailDecoder.decode(raw);
        assertThat(d.from()).isNull();
        assertThat(d.recipients()).containsExactly("bon@x.fr");
        assertThat(d.text()).isEqualTo("hi");
    }

    @Test
    void the_sender_is_the_bare_from_address_lower_cased() throws Exception {
        MailDecoder.Decoded d = MailDecoder.decode(eml("""
                Sender: secretaire@x.fr
                From: =?UTF-8?Q?Dupont=2C_=C3=89lodie?= <Elodie.Dupont@Gmail.com>, autre@x.fr
                To: a@b.fr

                hi
                """));
        assertThat(d.from()).isEqualTo("elodie.dupont@gmail.com");
        assertThat(MailDecoder.decode(eml("To: a@b.fr\n\nhi\n")).from()).isNull();
    }

    // ------------------------------------------------------------------ subject

    @Test
    void the_subject_is_unfolded_and_decoded_and_latin1_words_mean_windows_1252() throws Exception {
        assertThat(MailDecoder.decode(eml("From: a@b.fr\nSubject: =?iso-8859-1?Q?Tarif_=E0_5_=80?=\n and\n\tmore\n\nhi\n")).subject())
                .isEqualTo("Tarif à 5 € and more");
        assertThat(MailDecoder.decode(eml("From: a@b.fr\n\nhi\n")).subject()).isEmpty();
        // raw UTF-8 in a header (no encoded word) is read as UTF-8
        assertThat(MailDecoder.decode(eml("From: a@b.fr\nSubject: Réunion du conseil\n\nhi\n")).subject()).isEqualTo("Réunion du conseil");
    }

    // ------------------------------------------------------------------ bodies

    @Test
    void attachments_and_forwarded_mails_never_reach_the_text() throws Exception {
        assertThat(MailDecoder.decode(resource("gmail-mixed-attachment.eml")).text()).doesNotContain("bourguignon", "PDF", "obj");

        MailDecoder.Decoded d = MailDecoder.decode(eml("""
                From: a@b.fr
                MIME-Version: 1.0
                Content-Type: multipart/mixed; boundary="b"

                --b
                Content-Type: text/plain; charset=utf-8; name="notes.txt"
                Content-Disposition: attachment; filename="notes.txt"

                PIECE JOINTE
                --b
                Content-Type: message/rfc822

                From: c@d.fr
                Subject: transfert

                MAIL TRANSFERE
                --b
                Content-Type: text/plain; charset=utf-8

                Le vrai texte
                --b
                Content-Type: text/plain; charset=utf-8
                Content-Disposition: inline

                SIGNATURE
                --b--
                """));
        assertThat(d.text()).isEqualTo("Le vrai texte");
    }

    @Test
    void html_sms_markup_wins_over_a_plain_part_that_lost_it_but_not_over_one_that_kept_it() throws Exception {
        String mail = """
                From: a@b.fr
                MIME-Version: 1.0
                Content-Type: multipart/alternative; boundary="b"

                --b
                Content-Type: text/plain; charset=utf-8

                Bonjour
                %s
                --b
                Content-Type: text/html; charset=utf-8

                <p>Bonjour</p><p><SMS>du html</SMS></p>
                --b--
                """;
        assertThat(MailDecoder.decode(eml(mail.formatted("du texte"))).text()).isEqualTo("du html");
        assertThat(MailDecoder.decode(eml(mail.formatted("<sms>du texte</sms>"))).text()).isEqualTo("du texte");
        // escaped in the HTML, the tags are text, not markup: the plain part is kept
        assertThat(MailDecoder.decode(eml(mail.formatted("du texte").replace("<SMS>du html</SMS>", "&lt;SMS&gt;x&lt;/SMS&gt;")))
                .text()).isEqualTo("Bonjour\ndu texte");
    }

    @Test
    void a_blank_plain_alternative_gives_way_to_the_html_one() throws Exception {
        MailDecoder.Decoded d = MailDecoder.decode(eml("""
                From: a@b.fr
                Content-Type: multipart/alternative; boundary="b"

                --b
                Content-Type: text/plain; charset=utf-8

                \s
                --b
                Content-Type: text/html; charset=utf-8

                <div>Bonjour&nbsp;!</div>
                --b--
                """));
        assertThat(d.text()).isEqualTo("Bonjour !");
    }

    @Test
    void an_unknown_charset_is_utf8_when_the_bytes_are_else_windows_1252() throws Exception {
        String mail = "From: a@b.fr\nContent-Type: text/plain; charset=x-unknown\nContent-Transfer-Encoding: 8bit\n\nCœur à 5 €\n";
        assertThat(MailDecoder.decode(eml(mail, StandardCharsets.UTF_8)).text()).isEqualTo("Cœur à 5 €");
        assertThat(MailDecoder.decode(eml(mail, Charset.forName("windows-1252"))).text()).isEqualTo("Cœur à 5 €");
    }

    @Test
    void latin1_means_windows_1252_and_a_missing_charset_is_guessed() throws Exception {
        assertThat(MailDecoder.decode(eml("From: a@b.fr\nContent-Type: text/plain; charset=iso-8859-1\n"
                + "Content-Transfer-Encoding: quoted-printable\n\nC=9Cur =E0 5 =80\n")).text()).isEqualTo("Cœur à 5 €");
        assertThat(MailDecoder.decode(eml("From: a@b.fr\n\nCœur à 5 €\n", StandardCharsets.UTF_8)).text()).isEqualTo("Cœur à 5 €");
        assertThat(MailDecoder.decode(eml("From: a@b.fr\n\nCœur à 5 €\n", Charset.forName("windows-1252"))).text())
                .isEqualTo("Cœur à 5 €");
    }

    @Test
    void format_flowed_lines_are_joined_except_quotes_and_delsp_removes_the_space() throws Exception {
        String mail = "From: a@b.fr\nContent-Type: text/plain; charset=utf-8; format=flowed%s\n\n"
                + "Un texte qui \ncontinue ici.\n> une citation \n> reste telle quelle\n From stuff\n";
        assertThat(MailDecoder.decode(eml(mail.formatted(""))).text())
                .isEqualTo("Un texte qui continue ici.\n> une citation\n> reste telle quelle\nFrom stuff");
        assertThat(MailDecoder.decode(eml(mail.formatted("; delsp=yes"))).text())
                .isEqualTo("Un texte quicontinue ici.\n> une citation\n> reste telle quelle\nFrom stuff");
        // without format=flowed the line breaks stay
        assertThat(MailDecoder.decode(eml(mail.formatted("").replace("; format=flowed", ""))).text()).startsWith("Un texte qui\ncontinue ici.");
    }

    @Test
    void an_unreadable_part_counts_as_empty() throws Exception {
        MailDecoder.Decoded badBase64 = MailDecoder.decode(eml("""
                From: a@b.fr
                Subject: s
                Content-Type: text/plain; charset=utf-8
                Content-Transfer-Encoding: base64

                ####!!!!====%%%%
                """));
        assertThat(badBase64.text()).isEmpty();
        assertThat(badBase64.subject()).isEqualTo("s");

        MailDecoder.Decoded noEndBoundary = MailDecoder.decode(eml("""
                From: a@b.fr
                Content-Type: multipart/mixed; boundary="b"

                --b
                Content-Type: text/plain

                tronqué
                """));
        assertThat(noEndBoundary.text()).isEqualTo("tronqué");
    }

    @Test
    void an_unknown_transfer_encoding_is_read_as_is() throws Exception {
        MailDecoder.Decoded d = MailDecoder.decode(eml("""
                From: a@b.fr
                Content-Type: text/plain; charset=utf-8
                Content-Transfer-Encoding: 8-bit

                Déjà lu
                """));
        assertThat(d.text()).isEqualTo("Déjà lu");
    }

    @Test
    void a_mail_with_no_text_part_has_an_empty_text() throws Exception {
        MailDecoder.Decoded d = MailDecoder.decode(eml("""
                From: a@b.fr
                Content-Type: image/png
                Content-Transfer-Encoding: base64

                iVBORw0KGgo=
                """));
        assertThat(d.text()).isEmpty();
    }

    // ------------------------------------------------------------------ helpers

    private static byte[] resource(String name) throws IOException {
        try (var in = MailDecoderTest.class.getResourceAsStream("/mail-corpus/" + name)) {
            assertThat(in).as(name).isNotNull();
            return in.readAllBytes();
        }
    }

    /** A raw mail from text written with \n, in UTF-8. */
    private static byte[] eml(String text) {
        return eml(text, StandardCharsets.UTF_8);
    }

    private static byte[] eml(String text, Charset charset) {
        return text.replace("\r\n", "\n").replace("\n", "\r\n").getBytes(charset);
    }
}
