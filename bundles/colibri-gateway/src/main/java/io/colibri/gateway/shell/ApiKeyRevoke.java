package io.colibri.gateway.shell;

import io.colibri.gateway.account.ApiKeys;
import io.colibri.gateway.store.Store;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Service
@Command(scope = "colibri", name = "apikey-revoke", description = "Revokes an API key (its id, from apikey-list): it opens nothing any more")
public class ApiKeyRevoke implements Action {
    @Reference
    Store store;

    @Argument(index = 0, name = "id", required = true, description = "the key's id")
    long id;

    @Override
    public Object execute() {
        ApiKeys.Listed k = store.apiKeys().revoke(id);
        System.out.println("revoked: " + k.id() + "  " + k.shown() + "  " + k.holder());
        return null;
    }
}
