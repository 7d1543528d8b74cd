package io.colibri.gateway.shell;

import io.colibri.gateway.account.ApiKeys;
import io.colibri.gateway.store.Store;
import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Service
@Command(scope = "colibri", name = "apikey-list", description = "The account's API keys (or, with --operator, the operators'), never the keys themselves")
public class ApiKeyList implements Action {
    @Reference
    Store store;

    @Option(name = "--operator", description = "the operators' keys")
    boolean operator;

    @Argument(index = 0, name = "email", required = false, description = "the account's e-mail address")
    String email;

    @Override
    public Object execute() {
        if (operator == (email != null)) {
            throw new IllegalArgumentException("give the account's EMAIL, or --operator (not both)");
        }
        List<ApiKeys.Listed> keys = operator ? store.apiKeys().operators() : store.apiKeys().of(email);
        if (keys.isEmpty()) {
            System.out.println("no API key");
        }
        for (ApiKeys.Listed k : keys) {
            System.out.println(k.id() + "  " + k.shown() + "  " + k.holder() + "  created " + k.createdAt().withNano(0)
                    + (k.revoked() ? "  revoked " + k.revokedAt().withNano(0) : ""));
        }
        return null;
    }
}
