package io.colibri.gateway.shell;

import io.colibri.gateway.store.Reply;
import io.colibri.gateway.store.Store;
import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Service
@Command(scope = "colibri", name = "reply-list",
        description = "The account's latest replies (MO), or with --aside those that matched no account")
public class ReplyList implements Action {
    @Reference
    Store store;

    @Argument(index = 0, name = "email", required = false)
    String email;

    @Option(name = "--aside", description = "replies that matched no account (kept aside)")
    boolean aside;

    @Option(name = "-n", description = "how many (default 20)")
    int limit = 20;

    @Override
    public Object execute() {
        if (!aside && email == null) {
            throw new IllegalArgumentException("give an account's e-mail, or --aside");
        }
        List<Reply> replies = aside ? store.replies().keptAside(limit) : store.replies().latest(store.accounts().require(email).id(), limit);
        for (Reply r : replies) {
            System.out.println(r.getId() + "  " + r.getReceivedAt() + "  " + r.getSender() + "  " + r.getKind() + "  " + r.getBody());
        }
        return null;
    }
}
