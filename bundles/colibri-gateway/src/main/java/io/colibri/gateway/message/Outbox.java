package io.colibri.gateway.message;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;

/**
 * The messages on their way (V13), in the caller's transaction: {@code message_outbox} holds each
 * message from the commit that makes it due until the SMSC's answer is recorded (the dispatch
 * route queues the rows not queued yet), {@code message_due} holds each message waiting for its
 * time. Two small tables rather than indexes on the message's status: a status change then
 * rewrites the message row alone.
 */
public final class Outbox {
    private Outbox() {
    }

    /** A message to put on its connector's queue. */
    public record Entry(long messageId, String connector) {
    }

    /** A message to make due at its time. */
    public record Later(long messageId, Instant sendAt, String connector) {
    }

    public static void add(Connection c, Collection<Entry> entries) throws SQLException {
        if (entries.isEmpty()) {
            return;
        }
        try (PreparedStatement s = c.prepareStatement("insert into message_outbox (message_id, connector, queued) values (?, ?, false)")) {
            for (Entry e : entries) {
                s.setLong(1, e.messageId());
                s.setString(2, e.connector());
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    public static void later(Connection c, Collection<Later> entries) throws SQLException {
        if (entries.isEmpty()) {
            return;
        }
        try (PreparedStatement s = c.prepareStatement("insert into message_due (message_id, send_at, connector) values (?, ?, ?)")) {
            for (Later e : entries) {
                s.setLong(1, e.messageId());
                s.setObject(2, OffsetDateTime.ofInstant(e.sendAt(), ZoneOffset.UTC));
                s.setString(3, e.connector());
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    /** The messages' SMSC answer is recorded (or they were cancelled): out of the outbox. */
    public static void remove(Connection c, Collection<Long> messageIds) throws SQLException {
        delete(c, "message_outbox", messageIds);
    }

    /** The messages are no longer waiting for their time (cancelled). */
    public static void removeLater(Connection c, Collection<Long> messageIds) throws SQLException {
        delete(c, "message_due", messageIds);
    }

    private static void delete(Connection c, String table, Collection<Long> messageIds) throws SQLException {
        if (messageIds.isEmpty()) {
            return;
        }
        try (PreparedStatement s = c.prepareStatement("delete from " + table + " where message_id = ?")) {
            for (long id : messageIds) {
                s.setLong(1, id);
                s.addBatch();
            }
            s.executeBatch();
        }
    }
}
