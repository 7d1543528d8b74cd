package io.colibri.gateway.shell;

import io.colibri.gateway.account.Accounts;
import io.colibri.gateway.store.Store;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Service
@Command(scope = "colibri", name = "account-show", description = "Shows an account, its balance and its options")
public class AccountShow implements Action {
    @Reference
    Store store;

    @Argument(index = 0, name = "email", required = true)
    String email;

    @Override
    public Object execute() {
        Accounts.View v = store.accounts().require(email);
        System.out.println("account: " + v.email());
        System.out.println("id: " + v.id());
        System.out.println("created: " + v.createdAt());
        System.out.println("balance: " + v.balance());
        store.accounts().options(v.id()).asMap().forEach((k, value) -> System.out.println(k + ": " + value));
        return null;
    }
}
