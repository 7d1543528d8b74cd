package io.colibri.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.colibri.domain.PriceTable;
import io.colibri.gateway.mail.MailSettings;
import io.colibri.mailsandbox.MailSandbox;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The mailbox read over POP3, which has no folders: processed mails deleted, the others left and never processed twice. */
class MailPop3RouteTest extends RouteTestSupport {
    static final String DOMAIN = "sms.colibri.test";
    static final String MAILBOX = "sms@" + DOMAIN;

    MailSandbox mail;

    @Override
    Gateway.Settings settings() {
        try {
            mail = MailSandbox.start("127.0.0.1", freePort(), freePort(), freePort(), DOMAIN, MAILBOX, "colibri");
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        MailSettings settings = MailSettings.from(Map.of("protocol", "pop3", "serviceDomain", DOMAIN,
                "port", Integer.toString(mail.server().getPop3().getPort()), "smtp.port", Integer.toString(mail.smtpPort()),
                "pollMillis", "200", "watchMillis", "300"));
        return new Gateway.Settings("127.0.0.1", httpPort, brokerUrl(), null, null, ROUTES, false,
                List.of(connector("mobile", "colibri")), PriceTable.DEFAULT, clock, drop(), settings);
    }

    @AfterEach
    void stopMail() {
        mail.close();
    }

    @Test
    void aProcessedMailIsDeletedAndAFailedOneLeftAndNotAnsweredTwice() throws Exception {
        String account = newAccount(10);
        String email = account.split(" ")[0];
        send(email, MAILBOX, account.split(" ")[1] + ":0612345678", "Par POP3");
        send(email, MAILBOX, "pas une demande", "Bonjour");

        await().atMost(Duration.ofSeconds(20)).until(() -> smsc.received().size() == 1);
        assertThat(smsc.received().get(0).text()).isEqualTo("Par POP3");
        await().atMost(Duration.ofSeconds(20)).until(() -> mail.server().getReceivedMessagesForDomain(email.split("@")[1]).length == 2);
        await().atMost(Duration.ofSeconds(10)).until(() -> mailboxSize() == 1);
        // The failed mail stays in the mailbox and is read at every poll: it is neither answered nor sent again.
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4))
                .until(() -> mail.server().getReceivedMessagesForDomain(email.split("@")[1]).length == 2 && mailboxSize() == 1);
        assertThat(smsc.received()).hasSize(1);
    }

    private void send(String from, String to, String subject, String body) throws Exception {
        new MailClient(mail.smtpPort(), mail.imapPort()).send(from, to, subject, body);
    }

    /** Mails in the gateway's mailbox, over IMAP (the same store as POP3's). */
    private int mailboxSize() throws Exception {
        return new MailClient(mail.smtpPort(), mail.imapPort()).count(MAILBOX, "colibri", "INBOX");
    }
}
