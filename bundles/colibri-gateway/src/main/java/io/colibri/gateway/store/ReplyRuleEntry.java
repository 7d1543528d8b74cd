package io.colibri.gateway.store;

import io.colibri.domain.ReplyRule;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One criteria rule of an account, at its position (V9, OPT-16). */
@Entity
@Table(name = "reply_rule")
public class ReplyRuleEntry {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "account_id", nullable = false)
    private long accountId;

    @Column(nullable = false)
    private int position;

    @Column(name = "match_kind", nullable = false)
    private String match;

    @Column(nullable = false)
    private String pattern;

    private String answer;

    @Column(name = "group_name")
    private String group;

    protected ReplyRuleEntry() {
    }

    public ReplyRuleEntry(long accountId, int position, ReplyRule rule) {
        this.accountId = accountId;
        this.position = position;
        this.match = rule.match().key;
        this.pattern = rule.pattern();
        this.answer = rule.answer();
        this.group = rule.group();
    }

    public Long getId() {
        return id;
    }

    public int getPosition() {
        return position;
    }

    public ReplyRule rule() {
        return new ReplyRule(ReplyRule.Match.of(match), pattern, answer, group);
    }
}
