package io.colibri.gateway.shell;

import io.colibri.gateway.store.Store;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Service
@Command(scope = "colibri", name = "contact-text-approve",
        description = "Staff approve the account's pending CONTACT answer (OPT-15): from now on, CONTACT replies get it")
public class ContactTextApprove implements Action {
    @Reference
    Store store;

    @Argument(index = 0, name = "email", required = true)
    String email;

    @Override
    public Object execute() {
        long id = store.accounts().require(email).id();
        String approved = store.replies().approveContactText(id)
                .orElseThrow(() -> new IllegalArgumentException("no contact text is waiting for approval on " + email.strip()));
        System.out.println("approved: " + approved);
        return null;
    }
}
