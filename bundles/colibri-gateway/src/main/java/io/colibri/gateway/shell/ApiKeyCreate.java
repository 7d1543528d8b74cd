package io.colibri.gateway.shell;

import io.colibri.gateway.account.ApiKeys;
import io.colibri.gateway.store.Store;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Service
@Command(scope = "colibri", name = "apikey-create",
        description = "Makes an API key for the account (or, with --operator, for /api/v1/admin) and prints it, once")
public class ApiKeyCreate implements Action {
    @Reference
    Store store;

    @Option(name = "--operator", description = "an operator key under this name, for /api/v1/admin (no EMAIL then)")
    String operator;

    @Argument(index = 0, name = "email", required = false, description = "the account's e-mail address")
    String email;

    @Override
    public Object execute() {
        if ((operator == null) == (email == null)) {
            throw new IllegalArgumentException("give the account's EMAIL, or --operator NAME (not both)");
        }
        ApiKeys.Made made = operator != null ? store.apiKeys().createOperator(operator) : store.apiKeys().createFor(email);
        System.out.println("id: " + made.id());
        System.out.println("key: " + made.key());
        System.out.println("(shown once: only its hash is kept)");
        return null;
    }
}
