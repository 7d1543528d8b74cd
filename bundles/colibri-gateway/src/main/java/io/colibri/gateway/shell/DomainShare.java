package io.colibri.gateway.shell;

import io.colibri.gateway.store.Store;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Service
@Command(scope = "colibri", name = "domain-share",
        description = "Lets every address of a mail domain send by mail on the account's credit, with that password")
public class DomainShare implements Action {
    @Reference
    Store store;

    @Argument(index = 0, name = "email", required = true)
    String email;

    @Argument(index = 1, name = "domain", required = true)
    String domain;

    @Argument(index = 2, name = "password", required = true)
    String password;

    @Override
    public Object execute() {
        store.sharedDomains().share(email, domain, password);
        System.out.println("every address of " + domain.strip().toLowerCase(java.util.Locale.ROOT).replaceFirst("^@", "")
                + " may now send on " + email.strip() + "'s credit with that password");
        return null;
    }
}
