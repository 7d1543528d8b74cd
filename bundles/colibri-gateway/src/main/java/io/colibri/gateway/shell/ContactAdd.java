package io.colibri.gateway.shell;

import io.colibri.domain.PhoneNumber;
import io.colibri.gateway.store.Store;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Service
@Command(scope = "colibri", name = "contact-add",
        description = "Puts a number into a group (created if needed), or replaces its name and variables there")
public class ContactAdd implements Action {
    @Reference
    Store store;

    @Argument(index = 0, name = "email", required = true)
    String email;

    @Argument(index = 1, name = "group", required = true)
    String group;

    @Argument(index = 2, name = "number", required = true)
    String number;

    @Argument(index = 3, name = "name")
    String name;

    @Argument(index = 4, name = "v1")
    String v1;

    @Argument(index = 5, name = "v2")
    String v2;

    @Argument(index = 6, name = "v3")
    String v3;

    @Override
    public Object execute() {
        long account = store.accounts().require(email).id();
        PhoneNumber n = Numbers.parse(number);
        boolean added = store.groups().add(account, group, n, name, v1, v2, v3);
        System.out.println(n.e164() + (added ? " added to " : " updated in ") + group);
        return null;
    }
}
