package io.colibri.gateway.api;

import io.colibri.gateway.mail.MailWatch;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A generated password sent to its account's address (ACC-1): for an account the operator opens,
 * a sub-account its parent makes, or a new password. The password is never shown by the API
 * nor logged; the mail waits on colibri.mail.outbound until the SMTP server takes it.
 */
final class PasswordMail {
    private static final Logger LOG = LoggerFactory.getLogger(PasswordMail.class);

    enum Why { OPENED, NEW_PASSWORD }

    private final Consumer<MailWatch.Outgoing> mailer;

    /** @param mailer queues a mail (direct:mail-reply) */
    PasswordMail(Consumer<MailWatch.Outgoing> mailer) {
        this.mailer = mailer;
    }

    /** Whether the mail was queued; when it was not, a new password can be asked for later. */
    boolean send(String email, String password, Why why) {
        boolean reset = why == Why.NEW_PASSWORD;
        String subject = reset ? "Votre nouveau mot de passe Colibri / Your new Colibri password"
                : "Votre compte Colibri est ouvert / Your Colibri account is open";
        String body = (reset ? "Bonjour,\n\nVoici le nouveau mot de passe de votre compte Colibri.\n"
                : "Bonjour,\n\nVotre compte Colibri est ouvert.\n")
                + "Identifiant : " + email + "\nMot de passe : " + password + "\n\n"
                + (reset ? "Hello,\n\nHere is the new password of your Colibri account.\n" : "Hello,\n\nYour Colibri account is open.\n")
                + "Login: " + email + "\nPassword: " + password + "\n";
        try {
            mailer.accept(new MailWatch.Outgoing(email, subject, body));
            return true;
        } catch (RuntimeException e) {
            LOG.warn("the password mail to {} could not be queued: {}", email, e.getMessage());
            return false;
        }
    }
}
