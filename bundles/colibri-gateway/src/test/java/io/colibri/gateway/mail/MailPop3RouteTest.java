package io.colibri.gateway.mail;

import io.colibri.gateway.RouteTestSupport;
import java.lang.annotation.Annotation;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.colibri.mailsandbox.MailSandbox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The mailbox read over POP3, which has no folders: every mail deleted once handled, a copy of those
 * that could not be processed saved in the failed directory first, none processed twice.
 */
class MailPop3RouteTest extends RouteTestSupport {
    static final String DOMAIN = "sms.colibri.test";
    static final String MAILBOX = "sms@" + DOMAIN;

    MailSandbox mail;
    Path failedDir;

    @Override
    protected List<Annotation> configs() {
        try {
            failedDir = Files.createTempDirectory("colibri-mail-failed");
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        mail = startMail(true);
        List<Annotation> configs = super.configs();
        configs.add(withMail(mail, Map.of("protocol", "pop3", "port", Integer.toString(mail.server().getPop3().getPort()),
                "failedDir", failedDir.toString())));
        return configs;
    }

    @AfterEach
    void stopMail() throws Exception {
        mail.close();
        try (Stream<Path> files = Files.walk(failedDir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    @Test
    void every_mail_is_deleted_once_handled_and_a_failed_one_saved_first_not_answered_twice() throws Exception {
        String account = newAccount(10);
        String email = account.split(" ")[0];
        send(email, MAILBOX, account.split(" ")[1] + ":0612345678", "Par POP3");
        send(email, MAILBOX, "pas une demande", "Bonjour");

        await().atMost(Duration.ofSeconds(20)).until(() -> smsc.received().size() == 1);
        assertThat(smsc.received().get(0).text()).isEqualTo("Par POP3");
        await().atMost(Duration.ofSeconds(20)).until(() -> mail.server().getReceivedMessagesForDomain(email.split("@")[1]).length == 2);
        await().atMost(Duration.ofSeconds(10)).until(() -> mailboxSize() == 0);
        assertThat(saved()).hasSize(1);
        assertThat(Files.readString(saved().get(0))).contains("Subject: pas une demande").contains("Bonjour");
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4))
                .until(() -> mail.server().getReceivedMessagesForDomain(email.split("@")[1]).length == 2);
        assertThat(smsc.received()).hasSize(1);
    }

    /**
     * Issue 13, point 5: mails set aside no longer fill the places each poll reads (100): after
     * 105 strangers' mails, a customer's mail is still read and sent.
     */
    @Test
    void mails_set_aside_never_keep_new_mail_from_being_read() throws Exception {
        String account = newAccount(10);
        for (int i = 0; i < 105; i++) {
            send("stranger" + i + "@elsewhere.org", MAILBOX, "abcdef12:0612345678", "spam " + i);
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> saved().size() == 105);
        send(account.split(" ")[0], MAILBOX, account.split(" ")[1] + ":0612345678", "Toujours lu");

        await().atMost(Duration.ofSeconds(20)).until(() -> smsc.received().size() == 1);
        assertThat(smsc.received().get(0).text()).isEqualTo("Toujours lu");
        await().atMost(Duration.ofSeconds(10)).until(() -> mailboxSize() == 0);
    }

    private List<Path> saved() throws Exception {
        try (Stream<Path> files = Files.list(failedDir)) {
            return files.filter(f -> f.toString().endsWith(".eml")).toList();
        } catch (java.nio.file.NoSuchFileException e) {
            return List.of();
        }
    }

    private void send(String from, String to, String subject, String body) throws Exception {
        new MailClient(mail.smtpPort(), mail.imapPort()).send(from, to, subject, body);
    }

    /** Mails in the gateway's mailbox, over IMAP (the same store as POP3's). */
    private int mailboxSize() throws Exception {
        return new MailClient(mail.smtpPort(), mail.imapPort()).count(MAILBOX, "colibri", "INBOX");
    }
}
