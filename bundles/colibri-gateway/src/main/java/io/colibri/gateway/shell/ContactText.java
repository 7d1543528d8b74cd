package io.colibri.gateway.shell;

import io.colibri.gateway.store.Store;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Service
@Command(scope = "colibri", name = "contact-text",
        description = "Proposes the account's answer to CONTACT replies (OPT-15); used once staff approve it (contact-text-approve). "
                + "Without a text: shows the approved and the pending one")
public class ContactText implements Action {
    @Reference
    Store store;

    @Argument(index = 0, name = "email", required = true)
    String email;

    @Argument(index = 1, name = "text", required = false, multiValued = true)
    java.util.List<String> text;

    @Override
    public Object execute() {
        long id = store.accounts().require(email).id();
        if (text != null && !text.isEmpty()) {
            String t = String.join(" ", text).strip();
            store.replies().proposeContactText(id, t);
            System.out.println("pending approval: " + t);
            return null;
        }
        System.out.println("approved: " + store.replies().contactText(id).orElse("(none)"));
        System.out.println("pending: " + store.replies().pendingContactText(id).orElse("(none)"));
        return null;
    }
}
