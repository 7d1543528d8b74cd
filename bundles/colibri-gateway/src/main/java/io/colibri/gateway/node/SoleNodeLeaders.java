package io.colibri.gateway.node;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.camel.support.cluster.AbstractCamelClusterService;

/**
 * The leaders of a gateway alone on its database (the embedded H2: one node by definition):
 * this node leads every namespace a route needs, from the moment one does.
 */
public final class SoleNodeLeaders extends AbstractCamelClusterService<LeaderView> {
    private final String nodeName;
    private ExecutorService events;

    public SoleNodeLeaders(String nodeName) {
        this.nodeName = nodeName;
        setId("colibri-leaders");
    }

    @Override
    protected LeaderView createView(String namespace) {
        return new LeaderView(this, namespace, nodeName, r -> events.execute(r), v -> v.lead(true), v -> v.lead(false));
    }

    @Override
    protected void doStart() throws Exception {
        events = Executors.newCachedThreadPool(LeaderView.threads("colibri-leaders-events"));
        super.doStart();
    }

    @Override
    protected void doStop() throws Exception {
        super.doStop();
        events.shutdown();
    }

    @Override
    public String toString() {
        return "leaders of node " + nodeName + " (alone on its database)";
    }
}
