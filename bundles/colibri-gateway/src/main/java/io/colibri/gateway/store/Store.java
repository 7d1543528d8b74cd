package io.colibri.gateway.store;

import io.colibri.gateway.account.Accounts;
import io.colibri.gateway.account.ApiKeys;
import io.colibri.gateway.account.PasswordHasher;
import io.colibri.gateway.account.SharedDomains;
import io.colibri.gateway.blacklist.Blacklist;
import io.colibri.gateway.callback.Callbacks;
import io.colibri.gateway.contact.Groups;
import io.colibri.gateway.message.Cancellations;
import io.colibri.gateway.message.Deliveries;
import io.colibri.gateway.message.Queries;
import io.colibri.gateway.message.RecentTexts;
import io.colibri.gateway.message.Recorder;
import io.colibri.gateway.message.Submissions;
import java.time.Clock;
import io.colibri.gateway.reply.Replies;
import io.colibri.gateway.reply.ReplyRules;

/**
 * The gateway's state: accounts with their ledger and options, messages, blacklists, contact
 * groups, shared domains, replies and reply rules. One per database.
 */
public final class Store implements AutoCloseable {
    /** PBKDF2 iterations for new password hashes (OWASP 2023 suggests 600 000 for SHA-256; see docs). */
    public static final int PASSWORD_ITERATIONS = 210_000;

    private final Database database;
    private final Changes changes;
    private final Accounts accounts;
    private final Queries queries;
    private final RecentTexts recentTexts;
    private final Recorder recorder;
    private final Submissions submissions;
    private final Deliveries deliveries;
    private final Cancellations cancellations;
    private final Blacklist blacklist;
    private final Groups groups;
    private final SharedDomains sharedDomains;
    private final Replies replies;
    private final Callbacks callbacks;
    private final ReplyRules replyRules;
    private final ApiKeys apiKeys;
    private final io.colibri.gateway.account.SubAccounts subAccounts;

    private final io.colibri.gateway.account.SmppCredentials smppCredentials;

    public Store(Database database, int passwordIterations) {
        this(database, passwordIterations, Clock.systemUTC());
    }

    /** @param clock the time messages are recorded and change status at (tests move it) */
    public Store(Database database, int passwordIterations, Clock clock) {
        this.database = database;
        this.changes = new Changes(database);
        PasswordHasher hasher = new PasswordHasher(passwordIterations);
        this.accounts = new Accounts(database, hasher, changes);
        this.callbacks = new Callbacks(database, changes);
        this.queries = new Queries(database);
        this.recentTexts = new RecentTexts(queries::recentKeys, clock);
        recentTexts.listen(changes);
        this.recorder = new Recorder(database, recentTexts, clock, changes);
        this.submissions = new Submissions(database, callbacks, clock);
        this.deliveries = new Deliveries(database, callbacks, clock);
        this.cancellations = new Cancellations(database, callbacks, clock);
        this.blacklist = new Blacklist(database, changes);
        this.groups = new Groups(database);
        this.sharedDomains = new SharedDomains(database, accounts, hasher);
        this.replies = new Replies(database, queries, callbacks);
        this.replyRules = new ReplyRules(database);
        this.apiKeys = new ApiKeys(database, accounts, clock);
        this.subAccounts = new io.colibri.gateway.account.SubAccounts(database, accounts, hasher, clock, changes);
        this.smppCredentials = new io.colibri.gateway.account.SmppCredentials(database, accounts, hasher, changes);
    }

    /**
     * What the nodes sharing this database tell each other of the changes their caches hold
     * (PostgreSQL; nothing on H2): heard by the node flow's listener.
     */
    public Changes changes() {
        return changes;
    }

    /** Accounts' logins for the SMPP server (issue 17). */
    public io.colibri.gateway.account.SmppCredentials smppCredentials() {
        return smppCredentials;
    }

    /** Sub-accounts (ACC-4): made, listed, credited and read by month. */
    public io.colibri.gateway.account.SubAccounts subAccounts() {
        return subAccounts;
    }

    public static Store open(Database.Settings settings) {
        return new Store(Database.open(settings), PASSWORD_ITERATIONS);
    }

    public Accounts accounts() {
        return accounts;
    }

    /** What is asked of messages: the shell, reply matching, the duplicate guard. */
    public Queries queries() {
        return queries;
    }

    /** Accepted messages recorded with their debit (group commit over HTTP). */
    public Recorder recorder() {
        return recorder;
    }

    /** The duplicate guard's memory. */
    public RecentTexts recentTexts() {
        return recentTexts;
    }

    /** Messages on their way to the SMSC: claims, SMSC answers, failures and refunds. */
    public Submissions submissions() {
        return submissions;
    }

    /** Receipts applied to parts and messages. */
    public Deliveries deliveries() {
        return deliveries;
    }

    /** Messages cancelled before they left (diff…s, STOP), refunded. */
    public Cancellations cancellations() {
        return cancellations;
    }

    public Blacklist blacklist() {
        return blacklist;
    }

    public SharedDomains sharedDomains() {
        return sharedDomains;
    }

    public Groups groups() {
        return groups;
    }

    public Callbacks callbacks() {
        return callbacks;
    }

    public Replies replies() {
        return replies;
    }

    public ReplyRules replyRules() {
        return replyRules;
    }

    /** API keys: made, listed, revoked, and who a request's key speaks for. */
    public ApiKeys apiKeys() {
        return apiKeys;
    }

    public Database database() {
        return database;
    }

    @Override
    public void close() {
        recorder.close();
        database.close();
    }
}
