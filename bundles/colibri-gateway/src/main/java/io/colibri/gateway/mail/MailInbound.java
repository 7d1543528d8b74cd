package io.colibri.gateway.mail;

import io.colibri.domain.Code;
import io.colibri.domain.Diff;
import io.colibri.domain.MailOptions;
import io.colibri.domain.MailReplies;
import io.colibri.domain.MailSyntax;
import io.colibri.domain.PasswordLockout;
import io.colibri.domain.RequestKeys;
import io.colibri.gateway.account.Accounts;
import io.colibri.gateway.account.SharedDomains;
import io.colibri.gateway.contact.Groups;
import io.colibri.gateway.accept.Acceptance;
import io.colibri.gateway.accept.ChannelRequest;
import io.colibri.gateway.store.Database;
import io.colibri.gateway.store.RequestKey;
import jakarta.mail.MessagingException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.Exchange;
import org.apache.camel.component.mail.MailMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bean of the {@code mail-inbound} route: a mail of the gateway's mailbox becomes requests for the
 * accept route (MAIL-1..9, ACC-5), then replies (MAIL-10), then is filed: processed mails in the
 * done folder, mails that could not be processed in the failed folder (with POP3, which has no
 * folders, every mail is deleted once handled, the failed ones after a copy is saved in the failed
 * directory). Each mail of a known sender counts once: its recipients are keyed by its sender and
 * Message-ID (or digest), {@link RequestKeys#mail}, in the transaction that records their messages,
 * and the mail itself once its replies are queued. Mail set aside unanswered stores no key.
 */
public final class MailInbound {
    private static final Logger LOG = LoggerFactory.getLogger(MailInbound.class);
    /** Attempts at a mail that keeps failing (a bug, not an outage) before it is set aside. */
    static final int ATTEMPTS = 3;
    private static final java.time.format.DateTimeFormatter FILE_TIME =
            java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(java.time.ZoneOffset.UTC);

    /**
     * How the mailbox is read and where mails are filed (etc/io.colibri.mail.cfg).
     *
     * @param failedDir POP3: where a copy of each mail that could not be processed is saved before it is deleted
     * @param maxHeldMails how many mails of one account are held at most while it is blocked
     */
    public record Settings(String serviceDomain, String protocol, String doneFolder, String failedFolder, Path failedDir,
                           int maxHeldMails) {
        boolean folders() {
            return protocol.toLowerCase(Locale.ROOT).startsWith("imap");
        }
    }

    private final Settings settings;
    private final Database db;
    private final Accounts accounts;
    private final SharedDomains sharedDomains;
    private final Groups groups;
    private final MailWatch watch;
    private final PasswordLockout lockout;
    private final HeldMails heldMails;
    private final Clock clock;
    private final Map<String, Integer> attempts = new ConcurrentHashMap<>();
    private final io.colibri.gateway.metrics.Meters meters;
    /** Mails kept through an outage, logged once each. */
    private final java.util.Set<String> outages = ConcurrentHashMap.newKeySet();

    public MailInbound(Settings settings, Database db, Accounts accounts, SharedDomains sharedDomains, Groups groups, MailWatch watch,
                       PasswordLockout lockout, HeldMails heldMails, Clock clock) {
        this(settings, db, accounts, sharedDomains, groups, watch, lockout, heldMails, clock, new io.colibri.gateway.metrics.Meters());
    }

    /** @param meters where mails filed with the failed ones are counted (the metrics flow's) */
    public MailInbound(Settings settings, Database db, Accounts accounts, SharedDomains sharedDomains, Groups groups, MailWatch watch,
                       PasswordLockout lockout, HeldMails heldMails, Clock clock, io.colibri.gateway.metrics.Meters meters) {
        this.meters = meters;
        this.settings = settings;
        this.db = db;
        this.accounts = accounts;
        this.sharedDomains = sharedDomains;
        this.groups = groups;
        this.watch = watch;
        this.lockout = lockout;
        this.heldMails = heldMails;
        this.clock = clock;
    }

    /** Reads the mail and decides what it asks for: requests for the accept route, or its fate already. */
    public InboundMail take(Exchange exchange) throws MessagingException {
        jakarta.mail.Message message = exchange.getIn() instanceof MailMessage mm ? mm.getOriginalMessage()
                : exchange.getIn().getBody(jakarta.mail.Message.class);
        MailDecoder.Decoded decoded = MailDecoder.decode(message);
        exchange.setProperty("mailOriginal", message);
        HeldMails.Held released = exchange.getProperty("heldMail", HeldMails.Held.class);
        Instant now = clock.instant();
        Instant receivedAt = released != null ? released.receivedAt() : received(message, now);
        if (decoded.from() == null || automatic(message)) {
            // Keyed by its own id only for the attempts count and the logs: nothing is stored for it.
            exchange.setProperty("mailKey", decoded.key());
            return setAside(InboundMail.of(decoded.key(), decoded.from(), decoded.subject(), released, receivedAt),
                    "no sender to answer, or an automatic mail");
        }
        String key = RequestKeys.mail(decoded.from(), decoded.key());
        exchange.setProperty("mailKey", key);
        InboundMail mail = InboundMail.of(key, decoded.from(), decoded.subject(), released, receivedAt);
        RequestKey seen = db.tx(em -> em.find(RequestKey.class, key));
        if (seen != null) {
            LOG.info("{} was processed already: filed without a second reply", mail);
            return mail.with(seen.getOutcome() == RequestKey.Outcome.SET_ASIDE ? InboundMail.Fate.FAILED_BEFORE
                    : InboundMail.Fate.DONE_BEFORE);
        }
        Optional<Accounts.View> own = accounts.show(decoded.from());
        Optional<Long> accountId = own.map(Accounts.View::id).or(() -> sharedDomains.accountOf(decoded.from()));
        if (accountId.isEmpty()) {
            // No backscatter: an unknown sender is never answered.
            return setAside(mail, "no account for this sender");
        }
        mail = mail.of(accountId.get(), accounts.options(accountId.get()).mail());
        if (lockout.blocked(decoded.from(), mail.accountId(), now)) {
            return hold(mail, message);
        }
        MailSyntax.Parsed parsed = parse(decoded);
        mail = mail.shownAs(shown(decoded.subject(), parsed.request().map(MailSyntax.Request::password).orElse(null)));
        if (parsed.request().isEmpty()) {
            return unreadable(mail, parsed.problemFr(), parsed.problem());
        }
        MailSyntax.Request request = parsed.request().get();
        Optional<Long> login = own.isPresent() && accounts.authenticate(decoded.from(), request.password()).isPresent()
                ? own.map(Accounts.View::id) : sharedDomains.accountFor(decoded.from(), request.password());
        if (login.isEmpty()) {
            switch (lockout.failed(decoded.from(), mail.accountId(), now)) {
                case SENDER -> LOG.warn("{}: too many wrong passwords from this sender, its mails are held for a while", mail);
                case ACCOUNT -> LOG.warn("{}: too many wrong passwords for account {}, its mails are held for a while", mail,
                        mail.accountId());
                case NONE -> { }
            }
            return unreadable(mail, "mot de passe incorrect", "wrong password");
        }
        mail = mail.of(login.get(), accounts.options(login.get()).mail());
        if (!accounts.options(login.get()).allows(io.colibri.domain.Channel.MAIL)) {
            return unreadable(mail, "ce compte ne peut pas envoyer par mail", "this account may not send by mail");
        }
        String text = request.textInSubject() ? decoded.subject() : decoded.text();
        String diff = request.diff();
        Instant heldUntil = null;
        if (diff == null) {
            heldUntil = mail.options().heldUntil(receivedAt, Diff.PARIS).orElse(null);
            if (heldUntil != null) {
                diff = new Diff(heldUntil, false).text();
            }
        }
        List<String> recipients = request.recipients();
        // MAIL-9 separates recipients with '-': a group whose own name holds a '-' is still one recipient.
        String whole = String.join("-", recipients);
        if (recipients.size() > 1 && groups.name(mail.accountId(), whole).isPresent()) {
            recipients = List.of(whole);
        }
        List<ChannelRequest> requests = new ArrayList<>();
        for (int i = 0; i < recipients.size(); i++) {
            requests.add(ChannelRequest.of(mail.accountId(), decoded.from(), recipients.get(i), text, diff,
                    RequestKeys.mailRecipient(key, i + 1)));
        }
        LOG.info("{}: syntax {}, {} recipient(s){}", mail, request.syntax(), recipients.size(),
                heldUntil == null ? "" : ", held until " + heldUntil + " (cut-off)");
        return mail.asking(requests, heldUntil);
    }

    /**
     * The mail once the accept route has answered each of its requests (in order): with the
     * replies its account asked for, and the watch opened for the later ones.
     */
    public InboundMail answered(InboundMail mail, List<Acceptance> outcomes) {
        if (outcomes.size() != mail.requests().size()) {
            throw new IllegalStateException(mail + ": " + outcomes.size() + " answers for " + mail.requests().size() + " requests");
        }
        List<MailReplies.Outcome> registered = new ArrayList<>();
        List<MailReplies.Outcome> refused = new ArrayList<>();
        List<Long> watched = new ArrayList<>();
        boolean later = false;
        boolean group = false;
        for (int i = 0; i < outcomes.size(); i++) {
            Acceptance a = outcomes.get(i);
            MailReplies.Outcome o = new MailReplies.Outcome(mail.requests().get(i).request().number(), a.code());
            (o.registered() ? registered : refused).add(o);
            watched.addAll(a.recorded());
            group |= a.recorded().size() > 1;
            later |= a.code() == Code.DEFERRED || mail.heldUntil() != null;
        }
        MailOptions options = mail.options();
        if (options.registered() && !registered.isEmpty()) {
            mail = mail.replying(MailWatch.Outgoing.of(mail.from(), MailReplies.registered(mail.subject(), registered, mail.heldUntil(),
                    Diff.PARIS)));
        }
        if (options.refused() && !refused.isEmpty()) {
            mail = mail.replying(MailWatch.Outgoing.of(mail.from(), MailReplies.refused(mail.subject(), refused)));
        }
        // A group send is told once, when it is over; a delivery mail per member would flood the sender.
        watch.open(mail.accountId(), mail.from(), mail.subject(), options.finished() && (later || group),
                options.delivered() && !group, refused.size(), watched);
        LOG.info("{}: {} registered, {} refused", mail, registered.size(), refused.size());
        return mail;
    }

    /**
     * The replies are queued: the mail counts as processed (its key), and is filed. A mail read
     * again after it was held leaves the held mails in the same transaction; a mail held (again)
     * stores no key, so that it is read once its block is over.
     */
    public void done(InboundMail mail) {
        outages.remove(mail.key());
        boolean keep = mail.counted();
        boolean release = mail.released() != null && mail.fate() != InboundMail.Fate.HELD;
        if (keep || release) {
            db.tx(em -> {
                if (keep) {
                    em.persist(RequestKey.mail(mail.key(), mail.accountId(),
                            mail.failed() ? RequestKey.Outcome.SET_ASIDE : RequestKey.Outcome.DONE, OffsetDateTime.now()));
                }
                if (release) {
                    heldMails.release(mail.released().id());
                }
                return null;
            });
        }
        attempts.remove(mail.key());
    }

    /**
     * Tells the mail consumer where the mail goes once the exchange completes: the done or failed
     * folder (IMAP), or deleted when processed (POP3). Every header the mail brought was removed
     * before this, so a mail cannot choose its own fate.
     */
    public void file(Exchange exchange, InboundMail mail) throws IOException, MessagingException {
        if (mail.failed()) {
            meters.mailSetAside();
        }
        if (settings.folders()) {
            exchange.getIn().setHeader("moveTo", mail.failed() ? settings.failedFolder() : settings.doneFolder());
            return;
        }
        if (mail.failed()) {
            saveCopy(exchange, mail.key());
        }
        exchange.getIn().setHeader("delete", true);
    }

    /**
     * The mail could not be processed (an outage while processing it, or a bug): it stays unread
     * for the next poll, until it has failed {@value #ATTEMPTS} times; then it is filed with the
     * failed mails and logged (POP3: saved in the failed directory, then deleted, so that failed
     * mails never fill the first places of the mailbox that each poll reads). Sets the exchange
     * property {@code mailSetAside} that the route's error handler reads as "handled".
     */
    public void error(Exchange exchange) throws IOException, MessagingException {
        exchange.setProperty("mailSetAside", false);
        String key = exchange.getProperty("mailKey", String.class);
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String why = cause == null ? "unknown" : cause.getClass().getSimpleName() + ": " + cause.getMessage();
        if (outage(cause)) {
            // The database or the broker is unreachable: no fault of the mail, whose attempts are not
            // counted. It stays unread and is processed once they are back (what it recorded already
            // counts once: its keys).
            if (outages.add(key == null ? "" : key)) {
                LOG.warn("mail {} not processed, the database or the broker is unreachable ({}): kept for the next poll", key, why);
            }
            return;
        }
        outages.remove(key == null ? "" : key);
        int n = key == null ? ATTEMPTS : attempts.merge(key, 1, Integer::sum);
        if (n < ATTEMPTS) {
            LOG.warn("mail {} not processed ({}), attempt {} of {}: kept for the next poll", key, why, n, ATTEMPTS);
            return;
        }
        LOG.error("mail {} not processed after {} attempts ({}): filed in {}", key, n, why,
                settings.folders() ? settings.failedFolder() : settings.failedDir());
        exchange.setProperty("mailSetAside", true);
        meters.mailSetAside();
        attempts.remove(key == null ? "" : key);
        exchange.getIn().removeHeaders("*");
        if (settings.folders()) {
            exchange.getIn().setHeader("moveTo", settings.failedFolder());
        } else {
            saveCopy(exchange, key == null ? exchange.getExchangeId() : key);
            exchange.getIn().setHeader("delete", true);
        }
    }

    /** Whether the failure is the database or the broker being unreachable, not the mail. */
    static boolean outage(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            String name = c.getClass().getName();
            if (c instanceof java.net.ConnectException || c instanceof java.sql.SQLTransientConnectionException
                    || c instanceof java.sql.SQLNonTransientConnectionException || c instanceof java.sql.SQLRecoverableException
                    || c instanceof jakarta.jms.JMSException
                    || name.endsWith(".JDBCConnectionException") || name.startsWith("org.apache.activemq.artemis.api.core.ActiveMQNotConnected")) {
                return true;
            }
        }
        return false;
    }

    /** POP3: the raw mail, as the mailbox gave it, saved as {@code <time>-<key digest>.eml} in the failed directory. */
    private void saveCopy(Exchange exchange, String key) throws IOException, MessagingException {
        jakarta.mail.Message message = exchange.getProperty("mailOriginal", jakarta.mail.Message.class);
        if (message == null) {
            throw new IllegalStateException("the mail to save is gone from the exchange");
        }
        Files.createDirectories(settings.failedDir());
        String name = FILE_TIME.format(clock.instant()) + "-" + RequestKeys.digest(key).substring(0, 16) + ".eml";
        try (OutputStream out = Files.newOutputStream(settings.failedDir().resolve(name), StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            message.writeTo(out);
        }
        LOG.info("mail {} saved as {} in {} before its deletion from the mailbox", key, name, settings.failedDir());
    }

    private MailSyntax.Parsed parse(MailDecoder.Decoded mail) {
        MailSyntax.Parsed first = null;
        for (String to : mail.recipients()) {
            if (!MailSyntax.forService(to, settings.serviceDomain())) {
                continue;
            }
            MailSyntax.Parsed p = MailSyntax.parse(to, mail.subject(), settings.serviceDomain());
            if (p.request().isPresent()) {
                return p;
            }
            first = first == null ? p : first;
        }
        return first != null ? first : MailSyntax.parse(null, mail.subject(), settings.serviceDomain());
    }

    /**
     * The sender or the account is blocked: the mail is held until the block is over, then read
     * as if it had just arrived (a forger's wrong passwords must not cost the real sender his
     * mails). Past the account's share of held mails, or too large to hold, it is set aside.
     */
    private InboundMail hold(InboundMail mail, jakarta.mail.Message message) {
        if (mail.released() != null) {
            LOG.info("{}: still blocked, held again", mail);
            return mail.with(InboundMail.Fate.HELD);
        }
        try {
            if (heldMails.hold(mail.accountId(), mail.from(), mail.receivedAt(), message)) {
                LOG.info("{} held: its sender or account is blocked after too many wrong passwords", mail);
                return mail.with(InboundMail.Fate.HELD);
            }
        } catch (IOException | MessagingException e) {
            throw new IllegalStateException(mail + " could not be held: " + e.getMessage(), e);
        }
        return setAside(mail, "blocked after too many wrong passwords, and " + settings.maxHeldMails()
                + " mails of this account held already (or too large to hold)");
    }

    private static InboundMail setAside(InboundMail mail, String why) {
        LOG.info("{} set aside, unanswered: {}", mail, why);
        return mail.with(InboundMail.Fate.SET_ASIDE);
    }

    private static InboundMail unreadable(InboundMail mail, String whyFr, String whyEn) {
        LOG.info("{} not processed: {}", mail, whyEn);
        InboundMail failed = mail.with(InboundMail.Fate.UNREADABLE);
        return mail.options().refused()
                ? failed.replying(MailWatch.Outgoing.of(mail.from(), MailReplies.unreadable(mail.subject(), whyFr, whyEn))) : failed;
    }

    /**
     * The subject as a reply may show it: syntax 1 puts the password there, and a password, right
     * or wrong, is never written back. When the mail could not be read, what stands before the
     * first {@code :} is hidden.
     */
    static String shown(String subject, String password) {
        String s = subject == null ? "" : subject;
        if (password != null && !password.isEmpty()) {
            return s.replace(password, "•••");
        }
        int colon = s.indexOf(':');
        return colon > 0 && !s.substring(0, colon).isBlank() ? "•••" + s.substring(colon) : s;
    }

    /** When the mailbox received the mail (IMAP's internal date), else now. */
    private static Instant received(jakarta.mail.Message message, Instant now) {
        try {
            java.util.Date d = message.getReceivedDate();
            return d == null ? now : d.toInstant();
        } catch (MessagingException e) {
            return now;
        }
    }

    /** Vacation responders, bounces and mailing lists are never answered (no mail loops). */
    private static boolean automatic(jakarta.mail.Message message) throws MessagingException {
        String[] auto = message.getHeader("Auto-Submitted");
        if (auto != null && auto.length > 0 && !auto[0].trim().equalsIgnoreCase("no")) {
            return true;
        }
        String[] precedence = message.getHeader("Precedence");
        return precedence != null && precedence.length > 0
                && precedence[0].trim().toLowerCase(Locale.ROOT).matches("bulk|junk|list|auto_reply");
    }
}
