package io.colibri.gateway.store;

import io.colibri.gateway.account.Accounts;
import io.colibri.gateway.account.PasswordHasher;
import io.colibri.gateway.account.SharedDomains;
import io.colibri.gateway.blacklist.Blacklist;
import io.colibri.gateway.callback.Callbacks;
import io.colibri.gateway.contact.Groups;
import io.colibri.gateway.message.Messages;
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
    private final Accounts accounts;
    private final Messages messages;
    private final Blacklist blacklist;
    private final Groups groups;
    private final SharedDomains sharedDomains;
    private final Replies replies;
    private final Callbacks callbacks;
    private final ReplyRules replyRules;

    public Store(Database database, int passwordIterations) {
        this.database = database;
        PasswordHasher hasher = new PasswordHasher(passwordIterations);
        this.accounts = new Accounts(database, hasher);
        this.callbacks = new Callbacks(database);
        this.messages = new Messages(database, callbacks);
        this.blacklist = new Blacklist(database);
        this.groups = new Groups(database);
        this.sharedDomains = new SharedDomains(database, accounts, hasher);
        this.replies = new Replies(database, messages, callbacks);
        this.replyRules = new ReplyRules(database);
    }

    public static Store open(Database.Settings settings) {
        return new Store(Database.open(settings), PASSWORD_ITERATIONS);
    }

    public Accounts accounts() {
        return accounts;
    }

    public Messages messages() {
        return messages;
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

    public Database database() {
        return database;
    }

    @Override
    public void close() {
        database.close();
    }
}
