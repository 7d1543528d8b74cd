package io.colibri.gateway.route;

import io.colibri.gateway.broker.GroupSender;
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
 * (deferred sends, landline hours) ACCEPTED, then takes every ACCEPTED message not yet on the
 * broker, oldest first, and puts it on {@code colibri.outbound.<connector>} by batches, one JMS
 * transaction each, then marks them queued. A crash between the two queues a message twice at
 * worst, and the outbound claim sends it once. Whatever a crash left unqueued is found by the
 * next round: nothing is queued again wholesale at a start.
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
        db.jdbc(c -> {
            try (PreparedStatement due = c.prepareStatement(
                    "update message set status = 'ACCEPTED', queued_at = null where status = 'SCHEDULED' and send_at <= ?")) {
                due.setObject(1, now);
                return due.executeUpdate();
            }
        });
        int total = 0;
        while (true) {
            List<long[]> ids = new ArrayList<>();
            List<GroupSender.Outgoing> out = new ArrayList<>();
            db.jdbc(c -> {
                try (PreparedStatement s = c.prepareStatement("select id, connector from message where status = 'ACCEPTED'"
                        + " and queued_at is null order by id limit " + BATCH)) {
                    try (ResultSet r = s.executeQuery()) {
                        while (r.next()) {
                            ids.add(new long[] {r.getLong(1)});
                            out.add(GroupSender.Outgoing.of(QUEUE_PREFIX + r.getString(2), Long.toString(r.getLong(1))));
                        }
                    }
                }
                return null;
            });
            if (ids.isEmpty()) {
                break;
            }
            try {
                broker.sendAndWait(out);
            } catch (Exception e) {
                if (!failing) {
                    failing = true;
                    LOG.warn("{} message(s) recorded but not queued yet: the broker refused ({}); tried again next round", ids.size(),
                            e.toString());
                }
                return total;
            }
            if (failing) {
                failing = false;
                LOG.info("recorded messages are queued again");
            }
            db.jdbc(c -> {
                try (PreparedStatement u = c.prepareStatement("update message set queued_at = ? where id = ? and queued_at is null")) {
                    for (long[] id : ids) {
                        u.setObject(1, now);
                        u.setLong(2, id[0]);
                        u.addBatch();
                    }
                    u.executeBatch();
                }
                return null;
            });
            total += ids.size();
            if (ids.size() < BATCH) {
                break;
            }
        }
        return total;
    }
}
