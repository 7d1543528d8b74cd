package io.colibri.gateway.shell;

import io.colibri.domain.PhoneNumber;
import io.colibri.gateway.store.Store;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Service
@Command(scope = "colibri", name = "blacklist-add", description = "Adds a number the account's messages must never reach")
public class BlacklistAdd implements Action {
    @Reference
    Store store;

    @Argument(index = 0, name = "email", required = true)
    String email;

    @Argument(index = 1, name = "number", required = true)
    String number;

    @Override
    public Object execute() {
        long account = store.accounts().require(email).id();
        PhoneNumber n = Numbers.parse(number);
        boolean added = store.blacklist().add(account, n, "console");
        System.out.println(n.e164() + (added ? " blacklisted" : " was blacklisted already"));
        return null;
    }
}
