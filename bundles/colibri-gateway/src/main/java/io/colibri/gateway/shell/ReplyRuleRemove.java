package io.colibri.gateway.shell;

import io.colibri.gateway.store.Store;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Service
@Command(scope = "colibri", name = "reply-rule-remove", description = "Removes one of the account's criteria rules (OPT-16)")
public class ReplyRuleRemove implements Action {
    @Reference
    Store store;

    @Argument(index = 0, name = "email", required = true)
    String email;

    @Argument(index = 1, name = "rule", required = true, description = "its number, as reply-rule-list shows it")
    long rule;

    @Override
    public Object execute() {
        long id = store.accounts().require(email).id();
        if (!store.replyRules().remove(id, rule)) {
            throw new IllegalArgumentException(email.strip() + " has no rule " + rule);
        }
        System.out.println("rule " + rule + " removed");
        return null;
    }
}
