package io.colibri.mailsandbox.karaf;

import io.colibri.mailsandbox.MailSandbox;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the sandbox mail server inside Karaf, configured by {@code etc/io.colibri.mailsandbox.cfg}. */
@Component(immediate = true, configurationPid = "io.colibri.mailsandbox", configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = MailSandboxComponent.Config.class)
public class MailSandboxComponent {
    private static final Logger LOG = LoggerFactory.getLogger(MailSandboxComponent.class);

    @ObjectClassDefinition(name = "Colibri mail sandbox")
    public @interface Config {
        @AttributeDefinition(description = "Address to listen on")
        String host() default "127.0.0.1";

        @AttributeDefinition(description = "SMTP port")
        int smtpPort() default 3025;

        @AttributeDefinition(description = "IMAP port")
        int imapPort() default 3143;

        @AttributeDefinition(description = "Every address of this domain lands in the gateway's mailbox")
        String serviceDomain() default "sms.colibri.test";

        @AttributeDefinition(description = "Login (and address) of the gateway's mailbox")
        String gatewayLogin() default "sms@sms.colibri.test";

        @AttributeDefinition(description = "Password of the gateway's mailbox", type = org.osgi.service.metatype.annotations.AttributeType.PASSWORD)
        String gatewayPassword() default "colibri";
    }

    private MailSandbox sandbox;

    @Activate
    void activate(Config config) {
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        // Jakarta Mail finds its providers through the context class loader.
        Thread.currentThread().setContextClassLoader(jakarta.mail.Session.class.getClassLoader());
        try {
            sandbox = MailSandbox.start(config.host(), config.smtpPort(), config.imapPort(), config.serviceDomain(),
                    config.gatewayLogin(), config.gatewayPassword());
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
        LOG.info("Mail sandbox: SMTP {}:{}, IMAP {}:{}, every address @{} delivered to {}", config.host(), config.smtpPort(),
                config.host(), config.imapPort(), config.serviceDomain(), config.gatewayLogin());
    }

    @Deactivate
    void deactivate() {
        sandbox.close();
    }
}
