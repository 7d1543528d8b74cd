package io.colibri.gateway.metrics;

import io.colibri.domain.Code;
import io.colibri.gateway.Connector;
import io.colibri.gateway.broker.DeadLetters;
import io.colibri.gateway.smpp.InboundWatch;
import io.colibri.gateway.smpp.Outbound;
import io.colibri.gateway.store.Database;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bean {@code metricsScrape} of routes/metrics/metrics.yaml: the counters of {@link Meters} and,
 * computed at scrape time, the gauges: queue depths and dead letters (the broker's MBeans, in
 * this JVM), each connector's receiver and failing batches (the smpp flow's beans), callbacks
 * pending and mails held (the database, read at most every {@code databaseGaugeMillis} on a
 * thread of its own: a slow database makes the scrape show the last figures, never fail or wait).
 */
public final class Scrape {
    private static final Logger LOG = LoggerFactory.getLogger(Scrape.class);
    /** How long a scrape waits for a database read it started before it answers with the figures it has. */
    static final long DATABASE_WAIT_MILLIS = 1000;
    static final int QUERY_TIMEOUT_SECONDS = 2;

    /** What the database says, and when it was read (nanoTime). */
    record DatabaseFigures(long callbacksPending, long mailsHeld, long readAt) {
    }

    private final Meters meters;
    private final io.colibri.gateway.node.Node node;
    private final Database db;
    private final List<Connector> connectors;
    private final CamelContext context;
    private final long databaseGaugeNanos;
    private final ExecutorService reader;
    private final AtomicReference<DatabaseFigures> figures = new AtomicReference<>();
    private final AtomicReference<CompletableFuture<DatabaseFigures>> reading = new AtomicReference<>();
    private final MBeanServer mbeans = ManagementFactory.getPlatformMBeanServer();

    public Scrape(Meters meters, io.colibri.gateway.node.Node node, Database db, List<Connector> connectors, CamelContext context,
                  long databaseGaugeMillis) {
        this.meters = meters;
        this.node = node;
        this.db = db;
        this.connectors = List.copyOf(connectors);
        this.context = context;
        this.databaseGaugeNanos = TimeUnit.MILLISECONDS.toNanos(databaseGaugeMillis);
        this.reader = context.getExecutorServiceManager().newSingleThreadExecutor(this, "metrics-database");
    }

    /** The exposition text; sets the answer's content type. */
    public String scrape(Exchange exchange) {
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, Exposition.CONTENT_TYPE);
        return text();
    }

    /** Every metric, as Prometheus reads them. */
    public String text() {
        Exposition e = new Exposition();
        nodeGauges(e);
        counters(e);
        connectorGauges(e);
        brokerGauges(e);
        databaseGauges(e);
        jvm(e);
        return e.toString();
    }

    /** Which node answers (several gateways behind one Prometheus job), and whether it is draining. */
    private void nodeGauges(Exposition e) {
        e.metric("colibri_node_info", "gauge", "This gateway node: its name (etc/io.colibri.node.cfg) and this run of it");
        e.sample("colibri_node_info", 1, "node", node.name(), "instance", node.instance());
        e.metric("colibri_node_draining", "gauge", "1 while this node is draining (takes no new work), else 0");
        e.sample("colibri_node_draining", node.draining() ? 1 : 0);
    }

    private void counters(Exposition e) {
        Map<String, Meters.Channel> channels = meters.channels();
        e.metric("colibri_requests_total", "counter", "Requests answered, by channel and legacy code (80, 81 accepted; 82-97 refused)");
        Code[] codes = Code.values();
        channels.forEach((channel, c) -> {
            for (Code code : codes) {
                long n = c.byCode[code.ordinal()].sum();
                if (n > 0) {
                    e.sample("colibri_requests_total", n, "channel", channel, "code", Integer.toString(code.value()));
                }
            }
        });
        e.metric("colibri_messages_recorded_total", "counter", "Messages recorded to be sent, by channel (each member of a group or file)");
        channels.forEach((channel, c) -> e.sample("colibri_messages_recorded_total", c.recorded.sum(), "channel", channel));

        for (Connector c : connectors) {
            meters.connector(c.name()); // every configured connector shows, at 0 before its first message
        }
        Map<String, Meters.Connector> byConnector = meters.connectors();
        e.metric("colibri_submitted_total", "counter", "Messages the SMSC took whole (every part), by connector");
        byConnector.forEach((n, c) -> e.sample("colibri_submitted_total", c.submitted.sum(), "connector", n));
        e.metric("colibri_submit_failed_total", "counter", "Messages failed at submit (refused for good, unanswered, past validity), by connector");
        byConnector.forEach((n, c) -> e.sample("colibri_submit_failed_total", c.submitFailed.sum(), "connector", n));
        e.metric("colibri_delivered_total", "counter", "Messages a receipt made DELIVERED, by connector");
        byConnector.forEach((n, c) -> e.sample("colibri_delivered_total", c.delivered.sum(), "connector", n));
        e.metric("colibri_undeliverable_total", "counter", "Messages a receipt made UNDELIVERABLE, by connector");
        byConnector.forEach((n, c) -> e.sample("colibri_undeliverable_total", c.undeliverable.sum(), "connector", n));
        e.metric("colibri_accept_to_submit_seconds", "histogram",
                "From a message's acceptance (or its deferred time) to the SMSC taking its last part, by connector");
        byConnector.forEach((n, c) -> e.histogram("colibri_accept_to_submit_seconds", c.acceptToSubmit, "connector", n));
        e.metric("colibri_submit_to_receipt_seconds", "histogram", "From a message's submission to the receipt that made it final, by connector");
        byConnector.forEach((n, c) -> e.histogram("colibri_submit_to_receipt_seconds", c.submitToReceipt, "connector", n));
        e.metric("colibri_mails_set_aside_total", "counter", "Received mails filed with the failed mails (unreadable, set aside, failing)");
        e.sample("colibri_mails_set_aside_total", meters.mailsSetAside());
    }

    private void connectorGauges(Exposition e) {
        InboundWatch watch = context.getRegistry().lookupByNameAndType("inboundWatch", InboundWatch.class);
        Outbound outbound = context.getRegistry().lookupByNameAndType("outbound", Outbound.class);
        Map<String, Outbound.Health> health = outbound == null ? Map.of() : outbound.health();
        e.metric("colibri_connector_receiver_bound", "gauge", "1 when the connector's receiver (RX) is bound to its SMSC, else 0");
        for (Connector c : connectors) {
            Boolean bound = watch == null ? null : watch.receiverBound(context, c.name());
            if (bound != null) {
                e.sample("colibri_connector_receiver_bound", bound ? 1 : 0, "connector", c.name());
            }
        }
        e.metric("colibri_connector_failing_batches", "gauge", "Batches in a row of which nothing could be submitted (0: the last one sent)");
        for (Connector c : connectors) {
            Outbound.Health h = health.get(c.name());
            e.sample("colibri_connector_failing_batches", h == null ? 0 : h.failingBatches(), "connector", c.name());
        }
    }

    /** Queue depths from the broker's MBeans (Artemis in this JVM); dead letters browsed when there are none (a broker elsewhere). */
    private void brokerGauges(Exposition e) {
        Map<String, Long> depths = new TreeMap<>();
        try {
            for (ObjectName name : mbeans.queryNames(new ObjectName("org.apache.activemq.artemis:component=addresses,subcomponent=queues,*"),
                    null)) {
                String queue = name.getKeyProperty("queue");
                queue = queue != null && queue.startsWith("\"") ? ObjectName.unquote(queue) : queue;
                if (queue == null || !queue.startsWith("colibri.")) {
                    continue;
                }
                Object count = mbeans.getAttribute(name, "MessageCount");
                if (count instanceof Number n) {
                    depths.merge(queue, n.longValue(), Long::sum);
                }
            }
        } catch (Exception | LinkageError ex) {
            LOG.debug("queue depths not read: {}", ex.toString());
        }
        e.metric("colibri_queue_messages", "gauge", "Messages in each of the gateway's broker queues (delayed redeliveries included)");
        depths.forEach((q, n) -> e.sample("colibri_queue_messages", n, "queue", q));
        Long dead = depths.get(DeadLetters.QUEUE);
        if (dead == null) {
            DeadLetters d = context.getRegistry().lookupByNameAndType("deadLetters", DeadLetters.class);
            if (d != null && depths.isEmpty()) {
                try {
                    dead = d.counts().stream().mapToLong(DeadLetters.Count::count).sum();
                } catch (Exception ex) {
                    LOG.debug("dead letters not counted: {}", ex.toString());
                }
            }
        }
        e.metric("colibri_dead_letters", "gauge", "Messages waiting in colibri.dead for an operator's decision");
        e.sample("colibri_dead_letters", dead == null ? 0 : dead);
    }

    private void databaseGauges(Exposition e) {
        DatabaseFigures f = figures.get();
        if (f == null || System.nanoTime() - f.readAt() > databaseGaugeNanos) {
            CompletableFuture<DatabaseFigures> running = reading.get();
            if (running == null) {
                CompletableFuture<DatabaseFigures> started = new CompletableFuture<>();
                if (reading.compareAndSet(null, started)) {
                    running = started;
                    try {
                        reader.execute(() -> {
                            try {
                                DatabaseFigures read = readDatabase();
                                figures.set(read);
                                started.complete(read);
                            } catch (RuntimeException ex) {
                                LOG.warn("metrics: the database figures were not read ({}): the last ones are shown", ex.toString());
                                started.completeExceptionally(ex);
                            } finally {
                                reading.set(null);
                            }
                        });
                    } catch (RuntimeException rejected) {
                        reading.set(null);
                    }
                } else {
                    running = reading.get();
                }
            }
            if (running != null) {
                try {
                    f = running.get(DATABASE_WAIT_MILLIS, TimeUnit.MILLISECONDS);
                } catch (Exception slow) {
                    f = figures.get();
                }
            }
        }
        if (f == null) {
            return;
        }
        e.metric("colibri_callbacks_pending", "gauge", "Callback events (HTTP-6) not yet told to the customer's server nor given up");
        e.sample("colibri_callbacks_pending", f.callbacksPending());
        e.metric("colibri_mails_held", "gauge", "Received mails held while their sender or account is blocked");
        e.sample("colibri_mails_held", f.mailsHeld());
        e.metric("colibri_database_figures_age_seconds", "gauge", "How old the database figures above are");
        e.sample("colibri_database_figures_age_seconds", Math.max(0, (System.nanoTime() - f.readAt()) / 1e9));
    }

    private DatabaseFigures readDatabase() {
        return db.jdbc(c -> new DatabaseFigures(count(c, "select count(*) from callback_event where done_at is null"),
                count(c, "select count(*) from held_mail"), System.nanoTime()));
    }

    private static long count(java.sql.Connection c, String sql) throws java.sql.SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? r.getLong(1) : 0;
            }
        }
    }

    private static void jvm(Exposition e) {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        e.metric("jvm_memory_used_bytes", "gauge", "Memory the JVM uses, heap and non-heap");
        e.sample("jvm_memory_used_bytes", memory.getHeapMemoryUsage().getUsed(), "area", "heap");
        e.sample("jvm_memory_used_bytes", memory.getNonHeapMemoryUsage().getUsed(), "area", "nonheap");
        e.metric("jvm_threads_live", "gauge", "Live threads of the JVM");
        e.sample("jvm_threads_live", ManagementFactory.getThreadMXBean().getThreadCount());
        e.metric("process_uptime_seconds", "gauge", "Seconds since the JVM started");
        e.sample("process_uptime_seconds", ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0);
    }
}
