package io.colibri.gateway.schedule;

import io.colibri.gateway.broker.GroupSender;
import io.colibri.gateway.message.Outbox;
import io.colibri.gateway.store.Database;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bean of the dispatch route: puts recorded messages on their connector's queue, after the
 * commit that recorded them and off the answer's path. A round makes the due SCHEDULED messages
 * (deferred sends, landline hours) ACCEPTED and puts them in the outbox, then takes every outbox
 * entry not yet queued, oldest first, and puts it on {@code colibri.outbound.<connector>} by
 * batches, one JMS transaction each, then marks them queued, holding their rows meanwhile (several
 * nodes: each round takes rows no other holds). A crash between the two queues a message twice at
 * worst, and the outbound claim sends it once. Whatever a crash left unqueued is
 * found by the next round: nothing is queued again wholesale at a start.
 */
public final class Dispatch {
    private static final Logger LOG = LoggerFactory.getLogger(Dispatch.class);
    /** Most messages in one JMS transaction. */
    static final int BATCH = 1000;
    public static final String QUEUE_PREFIX = "colibri.outbound.";

    private final Database db;
    private final Clock clock;
    private final GroupSender broker;
    private boolean failing;

    public Dispatch(Database db, Clock clock, GroupSender broker) {
        this.db = db;
        this.clock = clock;
        this.broker = broker;
    }

    /** One round; returns how many messages it queued. Called by one route consumer at a time. */
    public int run() {
        OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        while (due(now) == BATCH) {
            // more due at once (a bulk held until 08:00): the next thousand
        }
        int total = 0;
        while (true) {
            int queued = queueBatch();
            if (queued < 0) {
                return total;
            }
            total += queued;
            if (queued < BATCH) {
                return total;
            }
        }
    }

    /**
     * Up to a batch of outbox rows not queued yet, oldest first, put on their queues and marked
     * queued in one database transaction that holds their rows: taken with SKIP LOCKED, so that
     * two nodes' rounds never queue the same rows (each takes others), and never wait for each
     * other. Returns how many were queued, or -1 when the broker refused them (the rows stay).
     */
    private int queueBatch() {
        return db.jdbc(c -> {
            List<Long> ids = new ArrayList<>();
            List<GroupSender.Outgoing> out = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("select message_id, connector from message_outbox where queued = false"
                    + " order by message_id limit " + BATCH + " for update skip locked")) {
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        ids.add(r.getLong(1));
                        out.add(GroupSender.Outgoing.of(QUEUE_PREFIX + r.getString(2), Long.toString(r.getLong(1))));
                    }
                }
            }
            if (ids.isEmpty()) {
                return 0;
            }
            try {
                broker.sendAndWait(out);
            } catch (Exception e) {
                if (!failing) {
                    failing = true;
                    LOG.warn("{} message(s) recorded but not queued yet: the broker refused ({}); tried again next round", ids.size(),
                            e.toString());
                }
                return -1;
            }
            if (failing) {
                failing = false;
                LOG.info("recorded messages are queued again");
            }
            // The queue entries are committed before these rows: an outbound claim of one of them waits for this commit.
            try (PreparedStatement u = c.prepareStatement("update message_outbox set queued = true where message_id = ?")) {
                for (long id : ids) {
                    u.setLong(1, id);
                    u.addBatch();
                }
                u.executeBatch();
            }
            return ids.size();
        });
    }

    /** Up to a batch of the messages whose time has come: ACCEPTED, and into the outbox. */
    private int due(OffsetDateTime now) {
        return db.jdbc(c -> {
            List<long[]> due = new ArrayList<>();
            List<String> connectors = new ArrayList<>();
            // SKIP LOCKED: another node making the same rows due at the same time takes others, never the same.
            try (PreparedStatement s = c.prepareStatement("select message_id, connector from message_due where send_at <= ?"
                    + " order by send_at, message_id limit " + BATCH + " for update skip locked")) {
                s.setObject(1, now);
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        due.add(new long[] {r.getLong(1)});
                        connectors.add(r.getString(2));
                    }
                }
            }
            if (due.isEmpty()) {
                return 0;
            }
            List<Outbox.Entry> entries = new ArrayList<>();
            List<Long> ids = new ArrayList<>();
            try (PreparedStatement u = c.prepareStatement("update message set status = 'ACCEPTED' where id = ? and status = 'SCHEDULED'")) {
                for (int i = 0; i < due.size(); i++) {
                    u.setLong(1, due.get(i)[0]);
                    u.addBatch();
                    ids.add(due.get(i)[0]);
                }
                int[] counts = u.executeBatch();
                for (int i = 0; i < counts.length; i++) {
                    if (counts[i] != 0) {
                        entries.add(new Outbox.Entry(due.get(i)[0], connectors.get(i)));
                    }
                }
            }
            Outbox.removeLater(c, ids);
            Outbox.add(c, entries);
            return due.size();
        });
    }
}
