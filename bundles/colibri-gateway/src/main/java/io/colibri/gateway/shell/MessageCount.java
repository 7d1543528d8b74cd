package io.colibri.gateway.shell;

import io.colibri.gateway.account.Accounts;
import io.colibri.gateway.store.Store;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Service
@Command(scope = "colibri", name = "message-count", description = "Counts the account's messages by status, with when the last one finished")
public class MessageCount implements Action {
    @Reference
    Store store;

    @Argument(index = 0, name = "email", required = true)
    String email;

    @Override
    public Object execute() {
        Accounts.View v = store.accounts().require(email);
        java.util.List<Object[]> rows = store.queries().countByStatus(v.id());
        if (rows.isEmpty()) {
            System.out.println("no message");
        }
        for (Object[] row : rows) {
            System.out.println(row[0] + ": " + row[1] + (row[2] == null ? "" : " last-done: " + row[2]));
        }
        return null;
    }
}
