package io.colibri.gateway.mail;

import jakarta.mail.Folder;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Properties;

/** A mail client of the tests, as a customer's: SMTP to send, IMAP to read a mailbox. */
public record MailClient(int smtpPort, int imapPort) {

    public Session session() {
        Properties p = new Properties();
        p.setProperty("mail.smtp.host", "127.0.0.1");
        p.setProperty("mail.smtp.port", Integer.toString(smtpPort));
        p.setProperty("mail.imap.host", "127.0.0.1");
        p.setProperty("mail.imap.port", Integer.toString(imapPort));
        return Session.getInstance(p);
    }

    public MimeMessage message(String from, String to, String subject, String body) throws Exception {
        MimeMessage m = new MimeMessage(session());
        m.setFrom(new InternetAddress(from));
        m.setRecipients(jakarta.mail.Message.RecipientType.TO, InternetAddress.parse(to));
        m.setSubject(subject, "UTF-8");
        m.setText(body, "UTF-8");
        m.saveChanges();
        return m;
    }

    public void send(String from, String to, String subject, String body) throws Exception {
        Transport.send(message(from, to, subject, body));
    }

    /** Puts the mail straight into a mailbox (IMAP APPEND), its sent date as the mailbox's internal date. */
    public void append(MimeMessage m, String login, String password) throws Exception {
        Date received = m.getSentDate();
        MimeMessage dated = new MimeMessage(m) {
            @Override
            public Date getReceivedDate() {
                return received;
            }
        };
        try (Store imap = session().getStore("imap")) {
            imap.connect(login, password);
            imap.getFolder("INBOX").appendMessages(new jakarta.mail.Message[] {dated});
        }
    }

    /** Subject and body of each mail in the address's own sandbox mailbox (login and password: the address). */
    public List<String[]> inbox(String address) throws Exception {
        List<String[]> out = new ArrayList<>();
        try (Store imap = session().getStore("imap")) {
            imap.connect(address, address);
            Folder inbox = imap.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            for (jakarta.mail.Message m : inbox.getMessages()) {
                ByteArrayOutputStream body = new ByteArrayOutputStream();
                m.getDataHandler().getInputStream().transferTo(body);
                out.add(new String[] {m.getSubject(), body.toString(StandardCharsets.UTF_8)});
            }
            inbox.close(false);
        } catch (jakarta.mail.AuthenticationFailedException e) {
            return out; // no mailbox yet: nothing was delivered to this address
        }
        return out;
    }

    /** How many mails a folder of a mailbox holds (0 when it does not exist). */
    public int count(String login, String password, String folder) throws Exception {
        try (Store imap = session().getStore("imap")) {
            imap.connect(login, password);
            Folder f = imap.getFolder(folder);
            return f.exists() ? f.getMessageCount() : 0;
        }
    }
}
