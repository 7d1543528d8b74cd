package io.colibri.gateway.shell;

import io.colibri.gateway.account.Accounts;
import io.colibri.gateway.store.Sms;
import io.colibri.gateway.store.Store;
import java.time.OffsetDateTime;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Service
@Command(scope = "colibri", name = "message-list", description = "Lists the account's latest messages, newest first")
public class MessageList implements Action {
    @Reference
    Store store;

    @Argument(index = 0, name = "email", required = true)
    String email;

    @Option(name = "-n", description = "how many messages (default 20)")
    int limit = 20;

    @Override
    public Object execute() {
        Accounts.View v = store.accounts().require(email);
        System.out.printf("%-8s %-14s %5s %7s %-13s %-25s %-25s %-25s %s%n",
                "id", "recipient", "parts", "credits", "status", "accepted", "submitted", "done", "reason");
        for (Sms m : store.queries().latest(v.id(), limit)) {
            System.out.printf("%-8d %-14s %5d %7d %-13s %-25s %-25s %-25s %s%n", m.getId(), m.getRecipient(), m.getParts(),
                    m.getCredits(), m.getStatus(), time(m.getAcceptedAt()), time(m.getSubmittedAt()), time(m.getDoneAt()),
                    m.getReason() == null ? "" : m.getReason());
        }
        return null;
    }

    private static String time(OffsetDateTime t) {
        return t == null ? "-" : t.withNano(0).toString();
    }
}
