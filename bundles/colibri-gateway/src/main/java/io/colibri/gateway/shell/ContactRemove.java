package io.colibri.gateway.shell;

import io.colibri.domain.PhoneNumber;
import io.colibri.gateway.store.Store;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Service
@Command(scope = "colibri", name = "contact-remove", description = "Takes a number out of a group")
public class ContactRemove implements Action {
    @Reference
    Store store;

    @Argument(index = 0, name = "email", required = true)
    String email;

    @Argument(index = 1, name = "group", required = true)
    String group;

    @Argument(index = 2, name = "number", required = true)
    String number;

    @Override
    public Object execute() {
        long account = store.accounts().require(email).id();
        PhoneNumber n = Numbers.parse(number);
        boolean removed = store.groups().remove(account, group, n);
        System.out.println(n.e164() + (removed ? " removed from " : " was not in ") + group);
        return null;
    }
}
