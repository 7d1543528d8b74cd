package io.colibri.gateway.mail;

import io.colibri.gateway.RouteTestSupport;
import java.lang.annotation.Annotation;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.colibri.domain.Code;
import io.colibri.domain.PhoneNumber;
import io.colibri.domain.RequestKeys;
import io.colibri.gateway.store.Sms;
import io.colibri.gateway.store.RequestKey;
import io.colibri.mailsandbox.MailSandbox;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The real routes/mail/ against a real mail server (GreenMail, SMTP and IMAP over TCP):
 * mails sent over SMTP by a client, read by the gateway over IMAP, answered over SMTP, read back
 * by the test over IMAP.
 */
class MailRouteTest extends RouteTestSupport {
    static final String DOMAIN = "sms.colibri.test";
    static final String MAILBOX = "sms@" + DOMAIN;
    static final ZoneId PARIS = ZoneId.of("Europe/Paris");

    MailSandbox mail;

    @Override
    protected List<Annotation> configs() {
        mail = startMail(false);
        List<Annotation> configs = super.configs();
        configs.add(withMail(mail, Map.of("maxFailedPasswords", "2", "maxFailedPasswordsPerAccount", "4", "maxHeldMails", "3")));
        return configs;
    }

    @AfterEach
    void stopMail() {
        mail.close();
    }

    @Test
    void syntax1_mail_sends_the_sms_and_confirms() throws Exception {
        String account = newAccount(10);
        send(email(account), MAILBOX, password(account) + ":06 12 34 56 78", "Réunion à 18h, salle des fêtes.\n*fin*\n-- \nLa mairie");

        await().atMost(Duration.ofSeconds(20)).until(() -> smsc.received().size() == 1);
        assertThat(smsc.received().get(0).destination()).isEqualTo("33612345678");
        assertThat(smsc.received().get(0).text()).isEqualTo("Réunion à 18h, salle des fêtes.");
        List<String[]> replies = awaitReplies(email(account), 1);
        assertThat(replies.get(0)[0]).isEqualTo("SMS enregistré / SMS registered: •••:06 12 34 56 78");
        assertThat(replies.get(0)[1]).contains("06 12 34 56 78").doesNotContain(password(account));
        assertThat(balance(account)).isEqualTo(9);
        await().atMost(Duration.ofSeconds(10)).until(() -> folder("colibri-done") == 1);
        assertThat(folder("INBOX")).isZero();
    }

    @Test
    void syntax4_text_in_subject_from_a_shared_domain_address_to_two_numbers() throws Exception {
        String account = newAccount(10);
        store.sharedDomains().share(email(account), "mairie-exemple.fr", "Conseil2026");
        send("secretariat@mairie-exemple.fr", "0612345678-0798765432.Conseil2026@" + DOMAIN, "Conseil municipal lundi 20h", "ignored body");

        await().atMost(Duration.ofSeconds(20)).until(() -> smsc.received().size() == 2);
        assertThat(smsc.received()).extracting(s -> s.destination() + " " + s.text())
                .containsExactlyInAnyOrder("33612345678 Conseil municipal lundi 20h", "33798765432 Conseil municipal lundi 20h");
        assertThat(balance(account)).isEqualTo(8);
        assertThat(awaitReplies("secretariat@mairie-exemple.fr", 1).get(0)[1]).contains("0612345678").contains("0798765432");
    }

    @Test
    void wrong_password_gets_an_error_mail_debits_nothing_and_is_filed_as_failed() throws Exception {
        String account = newAccount(10);
        send(email(account), MAILBOX, "wrongpassword1:0612345678", "Bonjour");

        List<String[]> replies = awaitReplies(email(account), 1);
        assertThat(replies.get(0)[0]).startsWith("SMS non envoyé / SMS not sent");
        assertThat(replies.get(0)[0]).isEqualTo("SMS non envoyé / SMS not sent: •••:0612345678");
        assertThat(replies.get(0)[1]).contains("mot de passe incorrect").contains("wrong password").doesNotContain("wrongpassword1");
        await().atMost(Duration.ofSeconds(10)).until(() -> folder("colibri-failed") == 1);
        assertThat(smsc.received()).isEmpty();
        assertThat(balance(account)).isEqualTo(10);
        // Issue 14: kept as a mail set aside, so that read again it is filed with the failed mails, unanswered.
        long id = store.accounts().show(email(account)).orElseThrow().id();
        List<RequestKey> keys = store.database().tx(em -> em.createQuery("select k from RequestKey k where k.accountId = :a",
                RequestKey.class).setParameter("a", id).getResultList());
        assertThat(keys).singleElement().satisfies(k -> {
            assertThat(k.getKind()).isEqualTo(RequestKey.Kind.MAIL);
            assertThat(k.getOutcome()).isEqualTo(RequestKey.Outcome.SET_ASIDE);
        });
    }

    @Test
    void too_many_wrong_passwords_hold_the_senders_mails_until_the_block_is_over() throws Exception {
        String account = newAccount(10);
        for (int i = 0; i < 3; i++) {
            send(email(account), "sms.wrong" + i + "@" + DOMAIN, "0612345678", "essai " + i);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> folder("colibri-failed") == 3);
        // The right password now, but the sender is blocked for the hour: the mail is held, unanswered, not lost.
        send(email(account), "sms." + password(account) + "@" + DOMAIN, "0612345678", "enfin");
        await().atMost(Duration.ofSeconds(20)).until(() -> folder("colibri-done") == 1);
        assertThat(held()).isEqualTo(1);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> smsc.received().isEmpty());
        assertThat(replies(email(account))).hasSize(3);

        clock.advance(Duration.ofMinutes(61));
        await().atMost(Duration.ofSeconds(20)).until(() -> smsc.received().size() == 1);
        assertThat(smsc.received().get(0).text()).isEqualTo("enfin");
        await().atMost(Duration.ofSeconds(10)).until(() -> held() == 0);
        assertThat(awaitReplies(email(account), 4).get(3)[0]).startsWith("SMS enregistré");
        assertThat(balance(account)).isEqualTo(9);
    }

    @Test
    void guesses_from_rotating_addresses_of_a_shared_domain_block_the_account_and_its_held_mails_are_bounded() throws Exception {
        String account = newAccount(10);
        store.sharedDomains().share(email(account), "ville-exemple.fr", "Conseil2026");
        // One guess from each of five addresses: no address reaches its limit (2), the account passes its own (4).
        for (int i = 0; i < 5; i++) {
            send("guess" + i + "@ville-exemple.fr", "sms.Guess" + i + "@" + DOMAIN, "0612345678", "essai " + i);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> folder("colibri-failed") == 5);
        // Every address of the account is now blocked, the right password too, and the account's own address:
        // held, three at most (maxHeldMails), the fourth filed with the failed mails.
        send("secretariat@ville-exemple.fr", "0612345678.Conseil2026@" + DOMAIN, "un", "");
        send("accueil@ville-exemple.fr", "0612345678.Conseil2026@" + DOMAIN, "deux", "");
        send(email(account), "sms." + password(account) + "@" + DOMAIN, "0612345678", "trois");
        await().atMost(Duration.ofSeconds(20)).until(() -> held() == 3);
        send(email(account), "sms." + password(account) + "@" + DOMAIN, "0612345678", "quatre");
        await().atMost(Duration.ofSeconds(20)).until(() -> folder("colibri-failed") == 6);
        assertThat(smsc.received()).isEmpty();
        assertThat(balance(account)).isEqualTo(10);
        // Another account is not concerned.
        String other = newAccount(10);
        send(email(other), "sms." + password(other) + "@" + DOMAIN, "0698765432", "autre");
        await().atMost(Duration.ofSeconds(20)).until(() -> smsc.received().size() == 1);

        clock.advance(Duration.ofMinutes(61));
        await().atMost(Duration.ofSeconds(20)).until(() -> smsc.received().size() == 4);
        assertThat(smsc.received()).extracting(s -> s.text()).containsExactlyInAnyOrder("autre", "un", "deux", "trois");
        assertThat(held()).isZero();
        assertThat(balance(account)).isEqualTo(7);
    }

    @Test
    void unknown_sender_is_never_answered_and_set_aside() throws Exception {
        send("stranger@elsewhere.org", "sms.abcdef12@" + DOMAIN, "0612345678", "spam");

        await().atMost(Duration.ofSeconds(20)).until(() -> folder("colibri-failed") == 1);
        // A reply would have been queued before the filing: it would show within a second.
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() -> replies("stranger@elsewhere.org").isEmpty());
        assertThat(smsc.received()).isEmpty();
    }

    @Test
    void refusals_get_their_reason_and_the_long_sms_rule_applies() throws Exception {
        String account = newAccount(10);
        send(email(account), password(account) + ".0612345678@" + DOMAIN, "", "x".repeat(200));

        List<String[]> replies = awaitReplies(email(account), 1);
        assertThat(replies.get(0)[0]).startsWith("SMS non envoyé / SMS not sent");
        assertThat(replies.get(0)[1]).contains("message trop long").contains("message too long").contains("(97)");
        assertThat(balance(account)).isEqualTo(10);
        await().atMost(Duration.ofSeconds(10)).until(() -> folder("colibri-done") == 1);
    }

    @Test
    void the_same_mail_twice_is_sent_once() throws Exception {
        String account = newAccount(10);
        MimeMessage m = message(email(account), MAILBOX, password(account) + ":0612345678", "Une seule fois");
        m.setHeader("Message-ID", "<twice-" + System.nanoTime() + "@client.example>");
        // Transport.send would give each copy a new Message-ID (saveChanges): send the same bytes twice.
        try (Transport smtp = session().getTransport("smtp")) {
            smtp.connect();
            smtp.sendMessage(m, m.getAllRecipients());
            smtp.sendMessage(m, m.getAllRecipients());
        }

        await().atMost(Duration.ofSeconds(20)).until(() -> folder("colibri-done") == 2);
        await().atMost(Duration.ofSeconds(10)).until(() -> smsc.received().size() == 1);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() -> smsc.received().size() == 1);
        assertThat(balance(account)).isEqualTo(9);
        assertThat(awaitReplies(email(account), 1)).hasSize(1);
    }

    /**
     * Issue 13, point 1: a Message-ID is no key of its own. A stranger's mail set aside keeps none,
     * and a customer's mail with the same Message-ID (or one shaped like another channel's key,
     * "reply:1:stop") is keyed by its sender: it is sent.
     */
    @Test
    void a_message_id_is_scoped_by_its_sender_and_a_strangers_mail_stores_no_key() throws Exception {
        String account = newAccount(10);
        String id = "<reply:1:stop-" + System.nanoTime() + "@client.example>";
        MimeMessage stranger = message("stranger@elsewhere.org", MAILBOX, "abcdef12:0612345678", "spam");
        stranger.setHeader("Message-ID", id);
        MimeMessage own = message(email(account), MAILBOX, password(account) + ":0612345678", "Le vrai");
        own.setHeader("Message-ID", id);
        try (Transport smtp = session().getTransport("smtp")) {
            smtp.connect();
            smtp.sendMessage(stranger, stranger.getAllRecipients());
            await().atMost(Duration.ofSeconds(20)).until(() -> folder("colibri-failed") == 1);
            smtp.sendMessage(own, own.getAllRecipients());
        }

        await().atMost(Duration.ofSeconds(20)).until(() -> smsc.received().size() == 1);
        assertThat(smsc.received().get(0).text()).isEqualTo("Le vrai");
        assertThat(balance(account)).isEqualTo(9);
        List<?> keys = store.database().tx(em -> em.createNativeQuery("select request_key from request_key").getResultList());
        assertThat(keys).isNotEmpty().allSatisfy(k -> assertThat(k.toString()).startsWith("mail:").doesNotContain("reply:1:stop"));
        // Issue 14: the mail is kept as a MAIL done, its recipient as a REQUEST with the code it got; the stranger's as nothing.
        String ownKey = RequestKeys.mail(email(account), id);
        RequestKey mailKey = await().atMost(Duration.ofSeconds(10)).until(() -> key(ownKey), k -> k != null);
        assertThat(mailKey.getKind()).isEqualTo(RequestKey.Kind.MAIL);
        assertThat(mailKey.getOutcome()).isEqualTo(RequestKey.Outcome.DONE);
        assertThat(mailKey.getLegacyCode()).isNull();
        RequestKey recipient = key(ownKey + "#1");
        assertThat(recipient.getKind()).isEqualTo(RequestKey.Kind.REQUEST);
        assertThat(recipient.getLegacyCode()).isEqualTo(Code.ACCEPTED);
        assertThat(recipient.getOutcome()).isNull();
        assertThat(key(RequestKeys.mail("stranger@elsewhere.org", id))).isNull();
    }

    private RequestKey key(String key) {
        return store.database().tx(em -> em.find(RequestKey.class, key));
    }

    @Test
    void a_group_send_is_confirmed_and_its_end_reported() throws Exception {
        String account = newAccount(10);
        long id = store.accounts().show(email(account)).orElseThrow().id();
        store.groups().add(id, "Parents-CM2", PhoneNumber.parse("0612345678").orElseThrow(), "Léa", null, null, null);
        store.groups().add(id, "Parents-CM2", PhoneNumber.parse("0712345678").orElseThrow(), "Bob", null, null, null);
        // A group whose name holds the recipients' separator is still one recipient.
        send(email(account), "sms." + password(account) + "@" + DOMAIN, "parents-cm2", "Sortie annulée demain");

        await().atMost(Duration.ofSeconds(20)).until(() -> smsc.received().size() == 2);
        List<String[]> replies = awaitReplies(email(account), 2);
        assertThat(replies).extracting(r -> r[0]).anyMatch(s -> s.startsWith("SMS enregistré"))
                .anyMatch(s -> s.startsWith("Envoi terminé / Sending finished"));
        assertThat(replies).filteredOn(r -> r[0].startsWith("Envoi terminé")).first()
                .satisfies(r -> assertThat(r[1]).contains("2 SMS envoyé(s), 0 en échec"));
    }

    @Test
    void delivered_mail_when_the_account_asks_for_it() throws Exception {
        String account = newAccount(10);
        store.accounts().setOption(email(account), "mail-registered", "off");
        store.accounts().setOption(email(account), "mail-delivered", "on");
        send(email(account), MAILBOX, password(account) + ":0612345678", "Livré ?");

        List<String[]> replies = awaitReplies(email(account), 1);
        assertThat(replies.get(0)[0]).isEqualTo("SMS reçu / SMS delivered: +33612345678");
    }

    @Test
    void a_mail_received_after_the_cut_off_leaves_at_nine_the_next_morning() throws Exception {
        String account = newAccount(10);
        store.accounts().setOption(email(account), "mail-cutoff", "20:00");
        // Received (the mailbox's internal date) tomorrow at 21:30 Paris time.
        ZonedDateTime received = LocalDate.now(PARIS).plusDays(1).atTime(21, 30).atZone(PARIS);
        MimeMessage m = message(email(account), MAILBOX, password(account) + ":0612345678", "Après l'heure limite");
        m.setSentDate(Date.from(received.toInstant()));
        m.saveChanges();
        append(m);

        List<String[]> replies = awaitReplies(email(account), 1);
        String morning = received.toLocalDate().plusDays(1).format(java.time.format.DateTimeFormatter.ofPattern("dd/MM/yyyy"));
        assertThat(replies.get(0)[1]).contains("partira le " + morning + " à 09:00").contains("leave on " + morning + " at 09:00");
        Sms sms = messages(account).get(0);
        assertThat(sms.getStatus()).isEqualTo(Sms.Status.SCHEDULED);
        assertThat(sms.getSendAt().atZoneSameInstant(PARIS).toLocalDateTime())
                .isEqualTo(received.toLocalDate().plusDays(1).atTime(9, 0));
        assertThat(smsc.received()).isEmpty();
    }

    @Test
    void a_mailbox_outage_is_logged_once_and_nothing_is_lost() throws Exception {
        String account = newAccount(10);
        io.colibri.gateway.mail.MailboxOutage outage = context.getRegistry()
                .lookupByNameAndType("mailboxOutage", io.colibri.gateway.mail.MailboxOutage.class);
        int smtp = mail.smtpPort();
        int imap = mail.imapPort();
        mail.close();
        await().atMost(Duration.ofSeconds(20)).until(() -> outage.down() && outage.failedPolls() >= 3);
        assertThat(outage.outages()).isEqualTo(1);

        mail = MailSandbox.start("127.0.0.1", smtp, imap, DOMAIN, MAILBOX, "colibri");
        send(email(account), MAILBOX, password(account) + ":0612345678", "Après la panne");
        await().atMost(Duration.ofSeconds(30)).until(() -> smsc.received().size() == 1);
        // The poll is marked good when it ends, which may be after the SMS it read has left.
        await().atMost(Duration.ofSeconds(10)).until(() -> !outage.down());
        assertThat(outage.outages()).isEqualTo(1);
        assertThat(awaitReplies(email(account), 1).get(0)[0]).startsWith("SMS enregistré");
    }

    @Test
    void a_mail_that_is_no_request_is_answered_with_the_syntax_in_both_languages() throws Exception {
        String account = newAccount(10);
        send(email(account), MAILBOX, "Bonjour, pouvez-vous envoyer un SMS ?", "Merci");

        List<String[]> replies = awaitReplies(email(account), 1);
        assertThat(replies.get(0)[1]).contains("l'objet doit être motdepasse:numéro").contains("the subject must be password:number");
        await().atMost(Duration.ofSeconds(10)).until(() -> folder("colibri-failed") == 1);
    }

    // --- a mail client, over SMTP and IMAP

    private static String email(String account) {
        return account.split(" ")[0];
    }

    private static String password(String account) {
        return account.split(" ")[1];
    }

    private MailClient client() {
        return new MailClient(mail.smtpPort(), mail.imapPort());
    }

    private Session session() {
        return client().session();
    }

    private MimeMessage message(String from, String to, String subject, String body) throws Exception {
        return client().message(from, to, subject, body);
    }

    private void send(String from, String to, String subject, String body) throws Exception {
        client().send(from, to, subject, body);
    }

    private void append(MimeMessage m) throws Exception {
        client().append(m, MAILBOX, "colibri");
    }

    private List<String[]> replies(String address) throws Exception {
        return client().inbox(address);
    }

    private List<String[]> awaitReplies(String address, int n) {
        await().atMost(Duration.ofSeconds(20)).until(() -> replies(address).size() >= n);
        return await().atMost(Duration.ofSeconds(5)).until(() -> replies(address), r -> r.size() >= n);
    }

    private long held() {
        return store.database().jdbc(c -> {
            try (var r = c.createStatement().executeQuery("select count(*) from held_mail")) {
                r.next();
                return r.getLong(1);
            }
        });
    }

    private int folder(String name) throws Exception {
        return client().count(MAILBOX, "colibri", name);
    }
}
