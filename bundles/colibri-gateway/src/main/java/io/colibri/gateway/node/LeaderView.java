package io.colibri.gateway.node;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.apache.camel.cluster.CamelClusterEventListener;
import org.apache.camel.cluster.CamelClusterMember;
import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.cluster.CamelClusterView;
import org.apache.camel.support.cluster.AbstractCamelClusterView;

/**
 * One singleton's namespace as this node sees it: whether this node leads it. The service that
 * made it decides ({@link #lead}); the consumers of {@code master:<namespace>:…} listen. Only
 * this node is a member: who else leads is PostgreSQL's business, not ours.
 *
 * <p>Listeners are told on the events executor, never on the caller's thread, each listener its
 * changes in order: camel-master 4.14's consumer, told it leads, starts its route's consumer
 * through a back-off task that blocks its caller about five seconds. Told on the caller's thread
 * (the base class tells a listener added to a view that leads at once), that held up the lock
 * checks, the other namespaces, and the route controller's start of every route after it (seen
 * in Karaf: 5 s per master route at boot).
 */
final class LeaderView extends AbstractCamelClusterView {
    private final CamelClusterMember local;
    private final Consumer<LeaderView> started;
    private final Consumer<LeaderView> stopped;
    private final Executor events;
    private volatile boolean leading;
    /** Each listener, with the last change it is told: the next waits for it. */
    private final Map<CamelClusterEventListener.Leadership, CompletableFuture<Void>> listeners = new ConcurrentHashMap<>();

    /**
     * @param events where listeners are told
     * @param started told when a consumer first needs the namespace; @param stopped when none does any more
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

    /** Whether this node leads now: every listener is told, after what it was told before. */
    synchronized void lead(boolean now) {
        if (leading == now) {
            return;
        }
        leading = now;
        for (CamelClusterEventListener.Leadership listener : listeners.keySet()) {
            tell(listener, now);
        }
    }

    /** A new listener (a master consumer starting) is told, later, if this node leads. */
    @Override
    public synchronized void addEventListener(CamelClusterEventListener listener) {
        if (listener instanceof CamelClusterEventListener.Leadership l && !listeners.containsKey(l)) {
            listeners.put(l, CompletableFuture.completedFuture(null));
            if (leading) {
                tell(l, true);
            }
        }
    }

    @Override
    public synchronized void removeEventListener(CamelClusterEventListener listener) {
        listeners.remove(listener);
    }

    private void tell(CamelClusterEventListener.Leadership listener, boolean leads) {
        CompletableFuture<Void> before = listeners.get(listener);
        try {
            listeners.put(listener, before.thenRunAsync(() -> {
                if (listeners.containsKey(listener)) {
                    // The view as it was at this change: camel-master reads the lead from the view it is
                    // given, and a lead lost then taken back must stop the consumer, then start it again
                    // (the alerts' catch-up runs at each lead taken; another node may have led between).
                    listener.leadershipChanged(new AsItWas(leads), leads ? local : null);
                }
            }, events).exceptionally(e -> null));
        } catch (RejectedExecutionException stopping) {
            // The service is stopping, after the routes: nobody to tell.
        }
    }

    /** True once every listener has been told every change so far (a consumer started or stopped: tests). */
    boolean told() {
        return listeners.values().stream().allMatch(CompletableFuture::isDone);
    }

    /** This view as it was at one change: led here or not. */
    private final class AsItWas implements CamelClusterView {
        private final boolean leads;
        private final CamelClusterMember member;

        AsItWas(boolean leads) {
            this.leads = leads;
            this.member = new CamelClusterMember() {
                @Override
                public boolean isLeader() {
                    return leads;
                }

                @Override
                public boolean isLocal() {
                    return true;
                }

                @Override
                public String getId() {
                    return local.getId();
                }
            };
        }

        @Override
        public CamelClusterService getClusterService() {
            return LeaderView.this.getClusterService();
        }

        @Override
        public String getNamespace() {
            return LeaderView.this.getNamespace();
        }

        @Override
        public Optional<CamelClusterMember> getLeader() {
            return leads ? Optional.of(member) : Optional.empty();
        }

        @Override
        public CamelClusterMember getLocalMember() {
            return member;
        }

        @Override
        public List<CamelClusterMember> getMembers() {
            return List.of(member);
        }

        @Override
        public void addEventListener(CamelClusterEventListener listener) {
            LeaderView.this.addEventListener(listener);
        }

        @Override
        public void removeEventListener(CamelClusterEventListener listener) {
            LeaderView.this.removeEventListener(listener);
        }

        @Override
        public void start() {
            // the view's life is LeaderView's
        }

        @Override
        public void stop() {
            // idem
        }

        @Override
        public void setCamelContext(org.apache.camel.CamelContext camelContext) {
            // idem
        }

        @Override
        public org.apache.camel.CamelContext getCamelContext() {
            return LeaderView.this.getCamelContext();
        }
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
    static ThreadFactory threads(String name) {
        AtomicInteger n = new AtomicInteger();
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
