package io.colibri.mailsandbox;

import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.user.UserManager;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.util.Locale;

/**
 * A local mail server for demos and tests (GreenMail): SMTP and IMAP on one address. Every
 * address of the service domain is delivered into the gateway's one mailbox, as a real server
 * set up with a catch-all does (the mail syntaxes put the password or number in the local part);
 * any other address gets a mailbox of its own, whose login and password are the address itself,
 * so a test or a demo can read the replies the gateway sends there.
 */
public final class MailSandbox implements AutoCloseable {
    private final GreenMail server;
    private final String serviceDomain;

    private MailSandbox(GreenMail server, String serviceDomain) {
        this.server = server;
        this.serviceDomain = serviceDomain;
    }

    /**
     * Starts the server.
     *
     * @param gatewayLogin    the login (and address) of the gateway's mailbox
     * @param gatewayPassword its password
     */
    public static MailSandbox start(String host, int smtpPort, int imapPort, String serviceDomain, String gatewayLogin,
                                    String gatewayPassword) {
        return start(host, smtpPort, imapPort, 0, serviceDomain, gatewayLogin, gatewayPassword);
    }

    /** The same, with POP3 too on {@code pop3Port} (0: none). */
    public static MailSandbox start(String host, int smtpPort, int imapPort, int pop3Port, String serviceDomain, String gatewayLogin,
                                    String gatewayPassword) {
        java.util.List<ServerSetup> setups = new java.util.ArrayList<>(java.util.List.of(
                new ServerSetup(smtpPort, host, ServerSetup.PROTOCOL_SMTP),
                new ServerSetup(imapPort, host, ServerSetup.PROTOCOL_IMAP)));
        if (pop3Port > 0) {
            setups.add(new ServerSetup(pop3Port, host, ServerSetup.PROTOCOL_POP3));
        }
        GreenMail server = new GreenMail(setups.toArray(ServerSetup[]::new));
        server.start();
        try {
            UserManager users = server.getUserManager();
            GreenMailUser gateway = users.createUser(gatewayLogin, gatewayLogin, gatewayPassword);
            String domain = serviceDomain.toLowerCase(Locale.ROOT);
            users.setMessageDeliveryHandler((message, address) -> {
                String email = address.getEmail().toLowerCase(Locale.ROOT);
                if (email.endsWith("@" + domain)) {
                    return gateway;
                }
                GreenMailUser user = users.getUserByEmail(email);
                return user != null ? user : users.createUser(email, email, email);
            });
        } catch (Exception e) {
            server.stop();
            throw new IllegalStateException("cannot set up the sandbox mailboxes: " + e.getMessage(), e);
        }
        return new MailSandbox(server, serviceDomain);
    }

    public String serviceDomain() {
        return serviceDomain;
    }

    public int smtpPort() {
        return server.getSmtp().getPort();
    }

    public int imapPort() {
        return server.getImap().getPort();
    }

    /** The underlying server, for tests that look into mailboxes. */
    public GreenMail server() {
        return server;
    }

    @Override
    public void close() {
        server.stop();
    }
}
