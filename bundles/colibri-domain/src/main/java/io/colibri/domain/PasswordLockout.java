package io.colibri.domain;

import java.time.Duration;
import java.time.Instant;

/**
 * Wrong passwords of mails counted twice: per sender address and per account (ACC-5: the
 * addresses of a shared domain all count against the account that shares it). A sender that
 * tried more than {@code maxPerSender} wrong passwords within an hour is blocked, and so is an
 * account that received more than {@code maxPerAccount}, whichever address they came from: a
 * guesser who changes the {@code From} at each try is stopped by the second count. While either
 * is blocked the mails are held, not read (the gateway keeps them until the block is over): a
 * {@code From} is easy to forge, so the real sender's mails must not be lost to a forger's.
 */
public final class PasswordLockout {
    /** Which count a wrong password has just used up. */
    public enum Blocked { NONE, SENDER, ACCOUNT }

    private final FailedPasswords perSender;
    private final FailedPasswords perAccount;

    public PasswordLockout(int maxPerSender, int maxPerAccount, Duration block) {
        this.perSender = new FailedPasswords(maxPerSender, block);
        this.perAccount = new FailedPasswords(maxPerAccount, block);
    }

    /** Whether mails from this sender for this account are held now. */
    public boolean blocked(String sender, long account, Instant now) {
        boolean bySender = perSender.blocked(sender, now);
        boolean byAccount = perAccount.blocked(Long.toString(account), now);
        return bySender || byAccount;
    }

    /** Records a wrong password from this sender for this account; says which block it started, if any. */
    public Blocked failed(String sender, long account, Instant now) {
        boolean sender1 = perSender.failed(sender, now);
        boolean account1 = perAccount.failed(Long.toString(account), now);
        return account1 ? Blocked.ACCOUNT : sender1 ? Blocked.SENDER : Blocked.NONE;
    }
}
