package io.colibri.gateway.reply;

import io.colibri.domain.ReplyRule;
import io.colibri.domain.StepBudget;
import io.colibri.gateway.store.Database;
import io.colibri.gateway.store.ReplyRuleEntry;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The criteria rules of each account (OPT-16), in the order they are tried. */
public final class ReplyRules {
    private static final Logger LOG = LoggerFactory.getLogger(ReplyRules.class);
    /** A rule with its id, for the console. */
    public record Numbered(long id, int position, ReplyRule rule) {
    }

    private final Database db;

    public ReplyRules(Database db) {
        this.db = db;
    }

    /** Adds the rule after the account's others; returns its id. */
    public long add(long accountId, ReplyRule rule) {
        return db.tx(em -> {
            Integer last = em.createQuery("select max(r.position) from ReplyRuleEntry r where r.accountId = :a", Integer.class)
                    .setParameter("a", accountId).getSingleResult();
            ReplyRuleEntry e = new ReplyRuleEntry(accountId, last == null ? 1 : last + 1, rule);
            em.persist(e);
            em.flush();
            return e.getId();
        });
    }

    public List<Numbered> list(long accountId) {
        return db.tx(em -> em.createQuery("select r from ReplyRuleEntry r where r.accountId = :a order by r.position", ReplyRuleEntry.class)
                .setParameter("a", accountId).getResultStream().map(e -> new Numbered(e.getId(), e.getPosition(), e.rule())).toList());
    }

    /** @return false when the account has no rule with that id */
    public boolean remove(long accountId, long id) {
        return db.tx(em -> em.createQuery("delete from ReplyRuleEntry r where r.accountId = :a and r.id = :id")
                .setParameter("a", accountId).setParameter("id", id).executeUpdate() > 0);
    }

    /**
     * The first of the account's rules the reply matches. A regex rule that needs more work than
     * its budget (a pattern that backtracks without end) does not match, and says so in the log.
     */
    public Optional<ReplyRule> first(long accountId, String reply) {
        for (Numbered n : list(accountId)) {
            try {
                if (n.rule().matches(reply)) {
                    return Optional.of(n.rule());
                }
            } catch (StepBudget.Exhausted e) {
                LOG.warn("account {}: rule {} ({}) gave up on a reply: {}; taken as not matching", accountId, n.id(), n.rule().match().key,
                        e.getMessage());
            }
        }
        return Optional.empty();
    }
}
