package io.colibri.gateway.shell;

import io.colibri.gateway.store.BlacklistEntry;
import io.colibri.gateway.store.Store;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Service
@Command(scope = "colibri", name = "blacklist-list", description = "Lists the numbers the account's messages never reach")
public class BlacklistList implements Action {
    @Reference
    Store store;

    @Argument(index = 0, name = "email", required = true)
    String email;

    @Override
    public Object execute() {
        long account = store.accounts().require(email).id();
        for (BlacklistEntry e : store.blacklist().list(account)) {
            System.out.printf("%-16s %-10s %s%n", e.getNumber(), e.getReason(), e.getCreatedAt().withNano(0));
        }
        return null;
    }
}
