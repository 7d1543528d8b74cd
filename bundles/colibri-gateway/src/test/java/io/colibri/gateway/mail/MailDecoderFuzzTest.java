package io.colibri.gateway.mail;

import static org.assertj.core.api.Assertions.assertThat;

import io.colibri.domain.MailText;
import jakarta.mail.MessagingException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Issue 13: 1 000 generated mails (seeded, reproducible): broken MIME, multiparts nested far past
 * the depth read, unknown charsets and transfer encodings, huge bodies, hostile headers (folded
 * for ever, a Message-ID shaped like another channel's key, no From). Each decodes to a sender,
 * a key and a bounded text, or is refused with MessagingException for headers that cannot be
 * read; never another exception.
 */
class MailDecoderFuzzTest {
    static final long SEED = 20261201L;

    @Test
    void a_thousand_hostile_mails_decode_or_are_refused_cleanly() throws Exception {
        Random r = new Random(SEED);
        int decoded = 0;
        for (int i = 0; i < 1_000; i++) {
            byte[] raw = mail(r, i);
            try {
                MailDecoder.Decoded d = MailDecoder.decode(raw);
                decoded++;
                assertThat(d.key()).as("mail %d", i).isNotBlank().hasSizeLessThanOrEqualTo(MailDecoder.MAX_KEY + 7);
                assertThat(d.text()).as("mail %d", i).isNotNull().hasSizeLessThanOrEqualTo(MailText.MAX_BODY);
            } catch (MessagingException refused) {
                // headers that cannot be read at all: the route retries, then files it as failed
            }
        }
        assertThat(decoded).isGreaterThan(900);
    }

    private static final String[] TYPES = {"text/plain", "text/plain; charset=utf-8", "text/plain; charset=nonsense", "text/html",
            "text/html; charset=iso-8859-1", "text/plain; format=flowed; delsp=yes", "application/octet-stream", "multipart/mixed",
            "multipart/alternative", "multipart/related", "text/plain; charset=\"", "garbage/;;;", ""};
    private static final String[] ENCODINGS = {"7bit", "8bit", "quoted-printable", "base64", "x-unknown", "binary", ""};

    private static byte[] mail(Random r, int i) {
        StringBuilder m = new StringBuilder();
        if (r.nextInt(10) != 0) {
            m.append("From: ").append(r.nextInt(8) == 0 ? "=?utf-8?B?" + "QQ".repeat(r.nextInt(50)) + "?= <x@y.fr>" : "client" + i + "@example.org")
                    .append("\r\n");
        }
        m.append("To: sms@sms.colibri.test\r\n");
        m.append("Subject: ").append(r.nextInt(5) == 0 ? "x".repeat(r.nextInt(5000)) : "abcdef12:0612345678").append("\r\n");
        if (r.nextInt(3) != 0) {
            m.append("Message-ID: ").append(switch (r.nextInt(4)) {
                case 0 -> "<reply:1:stop>";
                case 1 -> "<" + "m".repeat(400) + "@x>";
                case 2 -> "";
                default -> "<" + i + "@client.example>";
            }).append("\r\n");
        }
        if (r.nextInt(10) == 0) {
            m.append("X-Folded: a").append("\r\n b".repeat(r.nextInt(2000))).append("\r\n");
        }
        m.append("MIME-Version: 1.0\r\n");
        part(m, r, 0);
        return m.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private static void part(StringBuilder m, Random r, int depth) {
        String type = TYPES[r.nextInt(TYPES.length)];
        boolean multipart = type.startsWith("multipart") || (depth < 40 && r.nextInt(30) == 0);
        if (multipart) {
            String boundary = "b" + depth + "x" + r.nextInt(1000);
            m.append("Content-Type: ").append(type.startsWith("multipart") ? type : "multipart/mixed")
                    .append(r.nextInt(15) == 0 ? "" : "; boundary=\"" + boundary + "\"").append("\r\n\r\n");
            int parts = depth > 30 ? 1 : 1 + r.nextInt(3);
            for (int p = 0; p < parts; p++) {
                m.append("--").append(boundary).append("\r\n");
                if (depth < 60 && r.nextInt(depth < 5 ? 3 : 2) == 0) {
                    part(m, r, depth + 1);
                } else {
                    leaf(m, r);
                }
                m.append("\r\n");
            }
            if (r.nextInt(5) != 0) {
                m.append("--").append(boundary).append("--\r\n");
            }
            return;
        }
        m.append("Content-Type: ").append(type).append("\r\n");
        leafBody(m, r);
    }

    private static void leaf(StringBuilder m, Random r) {
        m.append("Content-Type: ").append(TYPES[r.nextInt(TYPES.length)]).append("\r\n");
        if (r.nextInt(6) == 0) {
            m.append("Content-Disposition: attachment; filename=\"a.txt\"\r\n");
        }
        leafBody(m, r);
    }

    private static void leafBody(StringBuilder m, Random r) {
        m.append("Content-Transfer-Encoding: ").append(ENCODINGS[r.nextInt(ENCODINGS.length)]).append("\r\n\r\n");
        int n = r.nextInt(r.nextInt(25) == 0 ? 300_000 : 300);
        String[] words = {"Bonjour ", "<sms>", "</sms>", "*fin*", "=E9", "=\r\n", "<!--", "<p>", "é", "\r\n", "QUJD", "====", "\u00ff"};
        for (int i = 0; i < n; i++) {
            m.append(words[r.nextInt(words.length)]);
        }
        m.append("\r\n");
    }
}
