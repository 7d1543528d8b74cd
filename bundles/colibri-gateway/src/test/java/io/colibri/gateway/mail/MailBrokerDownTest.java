package io.colibri.gateway.mail;

import io.colibri.gateway.RouteTestSupport;
import io.colibri.gateway.TestBroker;
import java.lang.annotation.Annotation;
import java.util.List;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.colibri.mailsandbox.MailSandbox;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, point 6: a mail read while the broker is down (its reply cannot be queued) is no
 * fault of the mail. It used to be filed with the failed mails after three polls, unanswered
 * though its SMS was recorded; now it stays unread and, once the broker is back, is answered and
 * filed as done, its SMS sent once.
 */
class MailBrokerDownTest extends RouteTestSupport {
    static final String DOMAIN = "sms.colibri.test";
    static final String MAILBOX = "sms@" + DOMAIN;

    MailSandbox mail;

    @TempDir
    Path lateBrokerDir;

    @Override
    protected String brokerUrl() {
        return brokerDown();
    }

    @Override
    protected List<Annotation> configs() {
        mail = startMail(false);
        List<Annotation> configs = super.configs();
        configs.add(withMail(mail, Map.of()));
        return configs;
    }

    @AfterEach
    void stopMail() {
        mail.close();
    }

    @Test
    void a_mail_read_while_the_broker_is_down_is_answered_once_it_is_back() throws Exception {
        String account = newAccount(10);
        String email = account.split(" ")[0];
        MailClient client = new MailClient(mail.smtpPort(), mail.imapPort());
        client.send(email, MAILBOX, account.split(" ")[1] + ":0612345678", "Pendant la panne");

        // Many polls (every 200 ms) with the broker down: never filed as failed.
        await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> balance(account) == 9);
        assertThat(client.count(MAILBOX, "colibri", "colibri-failed")).isZero();
        assertThat(client.count(MAILBOX, "colibri", "colibri-done")).isZero();

        try (TestBroker late = new TestBroker(lateBrokerDir, closedPort)) {
            await().atMost(Duration.ofSeconds(90)).until(() -> client.count(MAILBOX, "colibri", "colibri-done") == 1);
            await().atMost(Duration.ofSeconds(90)).until(() -> client.inbox(email).size() == 1);
            await().atMost(Duration.ofSeconds(90)).until(() -> smsc.received().size() == 1);
        }
        assertThat(client.count(MAILBOX, "colibri", "colibri-failed")).isZero();
        assertThat(smsc.received().get(0).text()).isEqualTo("Pendant la panne");
        assertThat(balance(account)).isEqualTo(9);
    }
}
