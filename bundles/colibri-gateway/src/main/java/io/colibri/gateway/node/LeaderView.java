package io.colibri.gateway.node;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.apache.camel.cluster.CamelClusterMember;
import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.support.cluster.AbstractCamelClusterView;

/**
 * One singleton's namespace as this node sees it: whether this node leads it. The service that
 * made it decides ({@link #lead}); the consumers of {@code master:<namespace>:…} listen. Only
 * this node is a member: who else leads is PostgreSQL's business, not ours.
 */
final class LeaderView extends AbstractCamelClusterView {
    private final CamelClusterMember local;
    private final Consumer<LeaderView> started;
    private final Consumer<LeaderView> stopped;
    private final Executor events;
    private volatile boolean leading;
    /** The last change told: the next waits for it (a namespace's changes are told in order). */
    private CompletableFuture<Void> told = CompletableFuture.completedFuture(null);

    /**
     * @param started told when a consumer first needs the namespace; @param stopped when none does any more
     * @param events where listeners are told: a master consumer taking the lead blocks its caller
     *     a second or more (camel-master's start with back-off), which must hold neither the
     *     lock checks, nor another namespace, nor the start of a route
     */
    LeaderView(CamelClusterService service, String namespace, String nodeName, Executor events, Consumer<LeaderView> started,
               Consumer<LeaderView> stopped) {
        super(service, namespace);
        this.events = events;
        this.started = started;
        this.stopped = stopped;
        this.local = new CamelClusterMember() {
            @Override
            public boolean isLeader() {
                return leading;
            }

            @Override
            public boolean isLocal() {
                return true;
            }

            @Override
            public String getId() {
                return nodeName;
            }

            @Override
            public String toString() {
                return "node " + nodeName;
            }
        };
    }

    boolean leading() {
        return leading;
    }

    /** Whether this node leads now: the listeners are told after the changes before, on the events executor. */
    synchronized void lead(boolean now) {
        try {
            told = told.thenRunAsync(() -> {
                if (leading != now) {
                    leading = now;
                    fireLeadershipChangedEvent(now ? local : null);
                }
            }, events).exceptionally(e -> null);
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
            // The service is stopping, and its routes were stopped before it: nobody to tell.
            leading = now;
        }
    }

    /** Done when every change asked for so far has been told (tests). */
    synchronized CompletableFuture<Void> told() {
        return told;
    }

    @Override
    public Optional<CamelClusterMember> getLeader() {
        return leading ? Optional.of(local) : Optional.empty();
    }

    @Override
    public CamelClusterMember getLocalMember() {
        return local;
    }

    @Override
    public List<CamelClusterMember> getMembers() {
        return List.of(local);
    }

    @Override
    protected void doStart() {
        started.accept(this);
    }

    @Override
    protected void doStop() {
        stopped.accept(this);
    }

    /** Daemon threads named for the leaders' work (a node's JVM never waits for them to end). */
    static java.util.concurrent.ThreadFactory threads(String name) {
        java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    @Override
    public String toString() {
        return "namespace " + getNamespace() + (leading ? " (led here)" : "");
    }
}
