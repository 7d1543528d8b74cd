package io.colibri.gateway.shell;

import io.colibri.gateway.store.Store;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Service
@Command(scope = "colibri", name = "credit-add", description = "Records a top-up in the account's ledger")
public class CreditAdd implements Action {
    @Reference
    Store store;

    @Argument(index = 0, name = "email", required = true)
    String email;

    @Argument(index = 1, name = "credits", required = true, description = "credits to add (positive)")
    int credits;

    @Override
    public Object execute() {
        long balance = store.accounts().addCredit(email, credits, "console");
        System.out.println("balance: " + balance);
        return null;
    }
}
