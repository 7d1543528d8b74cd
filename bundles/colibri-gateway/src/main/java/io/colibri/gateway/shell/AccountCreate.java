package io.colibri.gateway.shell;

import io.colibri.gateway.store.Store;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Service
@Command(scope = "colibri", name = "account-create", description = "Creates an account and prints its generated password, once")
public class AccountCreate implements Action {
    @Reference
    Store store;

    @Argument(index = 0, name = "email", required = true, description = "the account's e-mail address")
    String email;

    @Override
    public Object execute() {
        String password = store.accounts().create(email);
        System.out.println("account: " + email.trim().toLowerCase(java.util.Locale.ROOT));
        System.out.println("password: " + password);
        return null;
    }
}
