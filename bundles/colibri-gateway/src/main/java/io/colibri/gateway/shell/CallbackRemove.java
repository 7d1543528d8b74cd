package io.colibri.gateway.shell;

import io.colibri.gateway.store.Store;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Service
@Command(scope = "colibri", name = "callback-remove", description = "No more callbacks for the account (HTTP-6); events not sent yet are dropped")
public class CallbackRemove implements Action {
    @Reference
    Store store;

    @Argument(index = 0, name = "email", required = true)
    String email;

    @Override
    public Object execute() {
        if (!store.callbacks().remove(store.accounts().require(email).id())) {
            throw new IllegalArgumentException(email.strip() + " has no callback URL");
        }
        System.out.println("callbacks of " + email.strip() + " removed");
        return null;
    }
}
