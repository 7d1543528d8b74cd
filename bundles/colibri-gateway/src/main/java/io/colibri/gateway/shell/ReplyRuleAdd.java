package io.colibri.gateway.shell;

import io.colibri.domain.ReplyRule;
import io.colibri.gateway.store.Store;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Service
@Command(scope = "colibri", name = "reply-rule-add",
        description = "Adds a criteria rule (OPT-16) after the account's others: a reply that matches gets the answer (debited) "
                + "and/or its sender is moved into the group. Case and accents never matter")
public class ReplyRuleAdd implements Action {
    @Reference
    Store store;

    @Argument(index = 0, name = "email", required = true)
    String email;

    @Argument(index = 1, name = "match", required = true, description = "keyword, starts, contains or regex")
    String match;

    @Argument(index = 2, name = "pattern", required = true, description = "the word(s), or the regular expression")
    String pattern;

    @Option(name = "--answer", description = "the SMS sent back")
    String answer;

    @Option(name = "--group", description = "the group the sender is moved into (out of the account's other groups)")
    String group;

    @Override
    public Object execute() {
        long id = store.accounts().require(email).id();
        ReplyRule rule = new ReplyRule(ReplyRule.Match.of(match), pattern, answer, group);
        long ruleId = store.replyRules().add(id, rule);
        System.out.println("rule " + ruleId + ": " + rule.describe());
        return null;
    }
}
