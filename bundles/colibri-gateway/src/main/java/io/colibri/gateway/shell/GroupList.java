package io.colibri.gateway.shell;

import io.colibri.gateway.contact.Groups;
import io.colibri.gateway.store.Store;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Service
@Command(scope = "colibri", name = "group-list", description = "Lists the account's contact groups and their sizes")
public class GroupList implements Action {
    @Reference
    Store store;

    @Argument(index = 0, name = "email", required = true)
    String email;

    @Override
    public Object execute() {
        long account = store.accounts().require(email).id();
        for (Groups.Summary g : store.groups().list(account)) {
            System.out.printf("%-40s %d contact%s%n", g.name(), g.contacts(), g.contacts() == 1 ? "" : "s");
        }
        return null;
    }
}
