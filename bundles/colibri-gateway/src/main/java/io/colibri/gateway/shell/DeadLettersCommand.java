package io.colibri.gateway.shell;

import io.colibri.gateway.broker.DeadLetters;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Service
@Command(scope = "colibri", name = "dead-letters",
        description = "The messages kept in colibri.dead, per queue they came from; --retry sends them back to it")
public class DeadLettersCommand implements Action {
    @Reference
    DeadLetters deadLetters;

    @Option(name = "--retry", description = "send the dead letters back to their queue (once their cause is fixed)")
    boolean retry;

    @Option(name = "--queue", description = "only those that came from this queue (e.g. colibri.receipts)")
    String queue;

    @Override
    public Object execute() throws Exception {
        if (retry) {
            System.out.println("sent back: " + deadLetters.retry(queue));
        }
        var counts = deadLetters.counts();
        if (counts.isEmpty()) {
            System.out.println("no dead letters");
        }
        counts.forEach(System.out::println);
        return null;
    }
}
