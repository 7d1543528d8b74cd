package io.colibri.gateway.shell;

import io.colibri.gateway.account.Accounts.AccountException;
import io.colibri.gateway.contact.Groups;
import io.colibri.gateway.store.Store;
import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Service
@Command(scope = "colibri", name = "group-show", description = "Shows a group's contacts: number, name, v1, v2, v3")
public class GroupShow implements Action {
    @Reference
    Store store;

    @Argument(index = 0, name = "email", required = true)
    String email;

    @Argument(index = 1, name = "group", required = true)
    String group;

    @Override
    public Object execute() {
        long account = store.accounts().require(email).id();
        List<Groups.Member> members = store.groups().members(account, group)
                .orElseThrow(() -> new AccountException("no group " + group + " for " + email));
        for (Groups.Member m : members) {
            System.out.printf("%-16s %s;%s;%s;%s%n", m.number(), text(m.name()), text(m.v1()), text(m.v2()), text(m.v3()));
        }
        System.out.println(members.size() + " contact" + (members.size() == 1 ? "" : "s"));
        return null;
    }

    private static String text(String s) {
        return s == null ? "" : s;
    }
}
