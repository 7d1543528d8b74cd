package io.colibri.gateway.shell;

import io.colibri.gateway.store.Store;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Service
@Command(scope = "colibri", name = "reply-rule-list", description = "The account's criteria rules (OPT-16), in the order they are tried")
public class ReplyRuleList implements Action {
    @Reference
    Store store;

    @Argument(index = 0, name = "email", required = true)
    String email;

    @Override
    public Object execute() {
        long id = store.accounts().require(email).id();
        store.replyRules().list(id).forEach(r -> System.out.println("rule " + r.id() + ": " + r.rule().describe()));
        return null;
    }
}
