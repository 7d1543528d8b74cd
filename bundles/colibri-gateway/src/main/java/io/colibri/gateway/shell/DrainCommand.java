package io.colibri.gateway.shell;

import io.colibri.gateway.node.Drain;
import java.time.Duration;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Service
@Command(scope = "colibri", name = "drain",
        description = "Drains this node before it is stopped: no new work taken, what it holds finished (--resume: takes work again)")
public class DrainCommand implements Action {
    @Reference
    Drain drain;

    @Option(name = "--timeout", description = "seconds each route is given to finish what it holds (default 30)")
    int timeout = 30;

    @Option(name = "--resume", description = "take work again (the routes a drain stopped are started)")
    boolean resume;

    @Override
    public Object execute() {
        if (resume) {
            System.out.println("resumed: " + drain.resume().size() + " route(s) started");
            return null;
        }
        Drain.Report report = drain.drain(Duration.ofSeconds(Math.max(1, timeout)));
        System.out.println("inputs stopped: " + report.inputs().size());
        System.out.println("consumers stopped: " + report.consumers().size());
        if (report.done()) {
            System.out.println("drained: nothing in flight; the node may be stopped (bin/stop)");
        } else {
            System.out.println("not drained: still busy " + report.late() + ", exchanges in flight " + report.inflight()
                    + ", messages still claimed " + report.claims()
                    + "; run colibri:drain again, or stop the node (what it holds goes back to the broker or is recovered)");
        }
        return null;
    }
}
