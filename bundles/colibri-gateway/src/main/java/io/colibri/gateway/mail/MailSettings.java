package io.colibri.gateway.mail;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/** etc/io.colibri.mail.cfg: the mailbox read, the SMTP server written to, the service domain. */
public record MailSettings(boolean enabled, String serviceDomain, String protocol, String host, int port, String user,
                           String password, String folder, String doneFolder, String failedFolder, String failedDir, long pollMillis,
                           String smtpProtocol, String smtpHost, int smtpPort, String smtpUser, String smtpPassword, String from,
                           int maxFailedPasswords, int maxFailedPasswordsPerAccount, int blockMinutes, int maxHeldMails,
                           long watchMillis) {

    /** Mail off (tests of other flows): the routes exist but do not start. */
    public static final MailSettings DISABLED = from(Map.of("enabled", "false"));

    public MailSettings {
        String p = protocol.toLowerCase(Locale.ROOT);
        if (!p.matches("imaps?|pop3s?")) {
            throw new IllegalArgumentException("mail protocol must be imap, imaps, pop3 or pop3s, not '" + protocol + "'");
        }
        if (!smtpProtocol.toLowerCase(Locale.ROOT).matches("smtps?")) {
            throw new IllegalArgumentException("smtp.protocol must be smtp or smtps, not '" + smtpProtocol + "'");
        }
        protocol = p;
    }

    /** From the configuration's keys; a missing or empty key takes its default (the sandbox's). */
    public static MailSettings from(Map<String, ?> cfg) {
        return new MailSettings(Boolean.parseBoolean(value(cfg, "enabled", "true")), value(cfg, "serviceDomain", "sms.colibri.test"),
                value(cfg, "protocol", "imap"), value(cfg, "host", "127.0.0.1"), Integer.parseInt(value(cfg, "port", "3143")),
                value(cfg, "user", "sms@sms.colibri.test"), value(cfg, "password", "colibri"), value(cfg, "folder", "INBOX"),
                value(cfg, "doneFolder", "colibri-done"), value(cfg, "failedFolder", "colibri-failed"),
                value(cfg, "failedDir", ""),
                Long.parseLong(value(cfg, "pollMillis", "5000")), value(cfg, "smtp.protocol", "smtp"),
                value(cfg, "smtp.host", "127.0.0.1"), Integer.parseInt(value(cfg, "smtp.port", "3025")), value(cfg, "smtp.user", ""),
                value(cfg, "smtp.password", ""), value(cfg, "from", "Colibri <sms@sms.colibri.test>"),
                Integer.parseInt(value(cfg, "maxFailedPasswords", "5")), Integer.parseInt(value(cfg, "maxFailedPasswordsPerAccount", "20")),
                Integer.parseInt(value(cfg, "blockMinutes", "60")), Integer.parseInt(value(cfg, "maxHeldMails", "100")),
                Long.parseLong(value(cfg, "watchMillis", "5000")));
    }

    /** The route placeholders {@code mail.*}. */
    public void putInto(Properties p) {
        p.setProperty("mail.enabled", Boolean.toString(enabled));
        p.setProperty("mail.protocol", protocol);
        p.setProperty("mail.host", host);
        p.setProperty("mail.port", Integer.toString(port));
        p.setProperty("mail.user", user);
        p.setProperty("mail.password", password);
        p.setProperty("mail.folder", folder);
        p.setProperty("mail.pollMillis", Long.toString(pollMillis));
        p.setProperty("mail.from", from);
        p.setProperty("mail.watchMillis", Long.toString(watchMillis));
        String smtp = smtpProtocol + "://" + smtpHost + ":" + smtpPort;
        if (!smtpUser.isEmpty()) {
            smtp += "?username=RAW(" + smtpUser + ")&password=RAW(" + smtpPassword + ")";
        }
        p.setProperty("mail.smtp.uri", smtp);
    }

    /** Wrong passwords counted per sender and per account (a shared domain's addresses count against its account). */
    public io.colibri.domain.PasswordLockout lockout() {
        return new io.colibri.domain.PasswordLockout(maxFailedPasswords, maxFailedPasswordsPerAccount,
                java.time.Duration.ofMinutes(blockMinutes));
    }

    /** How the inbound bean files mails. */
    public MailInbound.Settings inbound() {
        Path dir = failedDir.isEmpty() ? Path.of(System.getProperty("karaf.data", "data"), "mail-failed") : Path.of(failedDir);
        return new MailInbound.Settings(serviceDomain, protocol, doneFolder, failedFolder, dir, maxHeldMails);
    }

    /** Never shows a password. */
    @Override
    public String toString() {
        return enabled ? "Mail[" + protocol + "://" + user + "@" + host + ":" + port + "/" + folder + ", smtp=" + smtpHost + ":"
                + smtpPort + ", domain=" + serviceDomain + "]" : "Mail[off]";
    }

    private static String value(Map<String, ?> cfg, String key, String fallback) {
        Object v = cfg.get(key);
        return v == null || v.toString().isBlank() ? fallback : v.toString().trim();
    }
}
