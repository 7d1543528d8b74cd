package io.colibri.gateway.mail;

import io.colibri.domain.Diff;
import io.colibri.domain.PasswordLockout;
import io.colibri.gateway.Flow;
import io.colibri.gateway.Wiring;
import io.colibri.gateway.store.Store;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Mail to SMS and the gateway's own mails (routes/mail/): the mailbox read, the mails held, the
 * confirmations and later mails sent; configured by etc/io.colibri.mail.cfg (the sandbox's
 * addresses by default).
 */
@Component(service = Flow.class, configurationPid = "io.colibri.mail")
@Designate(ocd = MailFlow.Config.class)
public final class MailFlow implements Flow {
    @ObjectClassDefinition(name = "Colibri mail", description = "etc/io.colibri.mail.cfg: the mailbox read and the SMTP server written to")
    public @interface Config {
        @AttributeDefinition(description = "false: the mail routes exist but do not start")
        boolean enabled() default true;

        @AttributeDefinition(description = "the domain of the service's addresses (sms.<password>@<domain>, …)")
        String serviceDomain() default "sms.colibri.test";

        @AttributeDefinition(description = "imap, imaps, pop3 or pop3s")
        String protocol() default "imap";

        String host() default "127.0.0.1";

        int port() default 3143;

        String user() default "sms@sms.colibri.test";

        @AttributeDefinition(type = AttributeType.PASSWORD)
        String password() default "colibri";

        String folder() default "INBOX";

        @AttributeDefinition(description = "IMAP: where handled mails are moved")
        String doneFolder() default "colibri-done";

        @AttributeDefinition(description = "IMAP: where mails that could not be handled are moved")
        String failedFolder() default "colibri-failed";

        @AttributeDefinition(description = "POP3: where mails that could not be handled are saved; empty: <karaf.data>/mail-failed")
        String failedDir() default "";

        long pollMillis() default 5000;

        @AttributeDefinition(description = "smtp or smtps")
        String smtp_protocol() default "smtp";

        String smtp_host() default "127.0.0.1";

        int smtp_port() default 3025;

        String smtp_user() default "";

        @AttributeDefinition(type = AttributeType.PASSWORD)
        String smtp_password() default "";

        String from() default "Colibri <sms@sms.colibri.test>";

        @AttributeDefinition(description = "wrong passwords from one sender before it is blocked")
        int maxFailedPasswords() default 5;

        @AttributeDefinition(description = "wrong passwords against one account, from any of its addresses, before it is blocked")
        int maxFailedPasswordsPerAccount() default 20;

        int blockMinutes() default 60;

        @AttributeDefinition(description = "mails of a blocked sender or account kept to be read when the block ends, per account")
        int maxHeldMails() default 100;

        @AttributeDefinition(description = "how often later mails (delivered, finished) are looked for")
        long watchMillis() default 5000;
    }

    private final Config config;
    private final String protocol;

    @Activate
    public MailFlow(Config config) {
        this.config = config;
        this.protocol = config.protocol().toLowerCase(Locale.ROOT).strip();
        if (!protocol.matches("imaps?|pop3s?")) {
            throw new IllegalArgumentException("mail protocol must be imap, imaps, pop3 or pop3s, not '" + config.protocol() + "'");
        }
        if (!config.smtp_protocol().toLowerCase(Locale.ROOT).strip().matches("smtps?")) {
            throw new IllegalArgumentException("smtp.protocol must be smtp or smtps, not '" + config.smtp_protocol() + "'");
        }
    }

    @Override
    public String name() {
        return "mail";
    }

    @Override
    public void wire(Wiring wiring) {
        wiring.placeholders(name(), config);
        wiring.placeholder("mail.protocol", protocol);
        String smtp = config.smtp_protocol().toLowerCase(Locale.ROOT).strip() + "://" + config.smtp_host() + ":" + config.smtp_port();
        if (!config.smtp_user().isEmpty()) {
            smtp += "?username=RAW(" + config.smtp_user() + ")&password=RAW(" + config.smtp_password() + ")";
        }
        wiring.placeholder("mail.smtp.uri", smtp);

        Store store = wiring.store();
        PasswordLockout lockout = new PasswordLockout(config.maxFailedPasswords(), config.maxFailedPasswordsPerAccount(),
                Duration.ofMinutes(config.blockMinutes()));
        Path failedDir = config.failedDir().isBlank() ? Path.of(System.getProperty("karaf.data", "data"), "mail-failed")
                : Path.of(config.failedDir());
        MailInbound.Settings inbound = new MailInbound.Settings(config.serviceDomain(), protocol, config.doneFolder(),
                config.failedFolder(), failedDir, config.maxHeldMails());
        MailWatch watch = wiring.bind("mailWatch", new MailWatch(store.database(), Diff.PARIS));
        wiring.bind("mailboxOutage", new MailboxOutage());
        // Several nodes: a held mail given back is read by the node that takes it (for a minute at least, deadAfter if longer).
        io.colibri.gateway.node.Node node = wiring.bean("node", io.colibri.gateway.node.Node.class);
        java.time.Duration taken = node.deadAfter().compareTo(Duration.ofMinutes(1)) > 0 ? node.deadAfter() : Duration.ofMinutes(1);
        HeldMails held = wiring.bind("heldMails", new HeldMails(store.database(), lockout, inbound.maxHeldMails(), inbound.failedDir(),
                wiring.clock(), node.name(), taken));
        wiring.bind("mailInbound", new MailInbound(inbound, store.database(), store.accounts(), store.sharedDomains(), store.groups(),
                watch, lockout, held, wiring.clock(), io.colibri.gateway.metrics.MetricsFlow.meters(wiring)));
    }

    /** Never shows a password. */
    @Override
    public String toString() {
        return config.enabled() ? "Mail[" + protocol + "://" + config.user() + "@" + config.host() + ":" + config.port() + "/"
                + config.folder() + ", smtp=" + config.smtp_host() + ":" + config.smtp_port() + ", domain=" + config.serviceDomain() + "]"
                : "Mail[off]";
    }
}
