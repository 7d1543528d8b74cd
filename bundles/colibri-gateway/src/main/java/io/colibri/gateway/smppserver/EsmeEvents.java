package io.colibri.gateway.smppserver;

import io.colibri.domain.Code;
import io.colibri.domain.Gsm7;
import io.colibri.domain.SmppText;
import io.colibri.gateway.account.SmppCredentials;
import io.colibri.gateway.callback.Callbacks;
import io.colibri.gateway.store.Database;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.jsmpp.bean.Alphabet;
import org.jsmpp.bean.ESMClass;
import org.jsmpp.bean.GSMSpecificFeature;
import org.jsmpp.bean.GeneralDataCoding;
import org.jsmpp.bean.MessageMode;
import org.jsmpp.bean.MessageType;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.OptionalParameter;
import org.jsmpp.bean.RegisteredDelivery;
import org.jsmpp.bean.TypeOfNumber;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receipts and replies for customers' ESMEs. Each is written to {@code smpp_event} in the
 * transaction that makes it (a message's final status, a reply to a message sent over SMPP), for
 * accounts with an SMPP login only, and kept there until a receiver of the account answered its
 * {@code deliver_sm}: none is lost while no receiver is bound, or when the gateway stops. Delivered
 * at least once: a crash between the answer and the delete sends it again, as SMSCs do; by one
 * node only when several have a receiver of the account bound (rows taken with SKIP LOCKED).
 */
public final class EsmeEvents implements Callbacks.Tap {
    private static final Logger LOG = LoggerFactory.getLogger(EsmeEvents.class);
    private static final int PAGE = 200;
    /** SMPP 3.4 message_state values of receipts. */
    private static final byte DELIVERED = 2;
    private static final byte DELETED = 4;
    private static final byte UNDELIVERABLE = 5;
    private static final byte REJECTED = 8;

    private final Database db;
    private final SmppCredentials credentials;
    private final SmppServer server;
    private final int partMinutes;
    /** An SMSC's three-character error code inside a failure's reason. */
    private static final java.util.regex.Pattern ERROR_CODE = java.util.regex.Pattern.compile("\\b([0-9A-Fa-f]{3})\\b");
    /** Incomplete parts are looked for once a minute, not at every round. */
    private volatile long nextExpiry;

    public EsmeEvents(Database db, SmppCredentials credentials, SmppServer server, int partMinutes) {
        this.db = db;
        this.credentials = credentials;
        this.server = server;
        this.partMinutes = partMinutes;
    }

    @Override
    public void changed(Connection c, List<Callbacks.Change> changes) throws SQLException {
        PreparedStatement insert = null;
        try {
            for (Callbacks.Change ch : changes) {
                if (!isFinal(ch.status()) || !credentials.has(ch.accountId())) {
                    continue;
                }
                if (insert == null) {
                    insert = c.prepareStatement("insert into smpp_event (account_id, kind, esme_id, source, destination, stat, err, body,"
                            + " submitted_at, created_at) select account_id, 'receipt', esme_id, destination, source, ?, ?, '', created_at, ?"
                            + " from smpp_submit where message_id = ? and registered = ?");
                }
                insert.setString(1, SmppText.stat(ch.status()));
                insert.setString(2, err(ch.status(), ch.error()));
                insert.setObject(3, OffsetDateTime.ofInstant(ch.at(), ZoneOffset.UTC));
                insert.setLong(4, ch.messageId());
                insert.setBoolean(5, true);
                insert.addBatch();
            }
            if (insert != null) {
                insert.executeBatch();
            }
        } finally {
            if (insert != null) {
                insert.close();
            }
        }
    }

    private static boolean isFinal(String status) {
        return switch (status) {
            case "DELIVERED", "UNDELIVERABLE", "FAILED", "CANCELLED" -> true;
            default -> false;
        };
    }

    /** The receipt's err: the SMSC's three-character code when the reason carries one, else 000. */
    static String err(String status, String error) {
        if (error != null) {
            java.util.regex.Matcher m = ERROR_CODE.matcher(error);
            if (m.find()) {
                return m.group(1).toUpperCase(java.util.Locale.ROOT);
            }
        }
        return "DELIVERED".equals(status) ? "000" : "001";
    }

    @Override
    public void replied(long accountId, Long messageId, String from, String text, Instant at) {
        if (messageId == null || !credentials.has(accountId)) {
            return;
        }
        db.jdbc(c -> {
            try (PreparedStatement s = c.prepareStatement("insert into smpp_event (account_id, kind, source, destination, body, created_at)"
                    + " select account_id, 'reply', ?, source, ?, ? from smpp_submit where message_id = ? and esme_id = ?")) {
                s.setString(1, from.startsWith("+") ? from.substring(1) : from);
                s.setString(2, text.length() > 1000 ? text.substring(0, 1000) : text);
                s.setObject(3, OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
                s.setLong(4, messageId);
                s.setString(5, String.valueOf(messageId));
                s.executeUpdate();
            }
            return null;
        });
    }

    /** REJECTD receipts for parts of a long message that will never be sent (the whole was refused, or never completed). */
    static Void rejected(Connection c, long accountId, List<String> esmeIds, Code code) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("insert into smpp_event (account_id, kind, esme_id, source, destination, stat, err,"
                + " body, submitted_at, created_at) select account_id, 'receipt', esme_id, destination, source, 'REJECTD', ?, '', created_at, ?"
                + " from smpp_submit where esme_id = ? and registered = ?")) {
            for (String id : esmeIds) {
                s.setString(1, String.valueOf(code == null ? 0 : code.value()));
                s.setObject(2, OffsetDateTime.now());
                s.setString(3, id);
                s.setBoolean(4, true);
                s.addBatch();
            }
            s.executeBatch();
        }
        return null;
    }

    /**
     * A round: the parts that waited too long for the others are given up (REJECTD receipts), then
     * every account with a receiver bound gets what is kept for it, in order. @return events delivered
     */
    public int deliver() {
        long now = System.currentTimeMillis();
        if (now >= nextExpiry) {
            nextExpiry = now + 60_000;
            expireParts();
        }
        int sent = 0;
        for (long accountId : server.receiving()) {
            sent += deliver(accountId);
        }
        return sent;
    }

    /**
     * The account's events, a page at a time, each page in one transaction that holds its rows
     * while they go out and deletes those answered: taken with SKIP LOCKED, so that two nodes with
     * a receiver of the account bound never send the same event; and a page is sent only if it
     * starts at the account's oldest event (else another node holds older ones: it sends them, in
     * order, and this node leaves the account to it this round). A node with no receiver of the
     * account bound never gets here for it.
     */
    private int deliver(long accountId) {
        int sent = 0;
        while (true) {
            int[] page = db.jdbc(c -> {
                List<Object[]> rows = new ArrayList<>();
                try (PreparedStatement s = c.prepareStatement("select id, kind, esme_id, source, destination, stat, err, body, submitted_at,"
                        + " created_at from smpp_event where account_id = ? order by id limit " + PAGE + " for update skip locked")) {
                    s.setLong(1, accountId);
                    try (ResultSet r = s.executeQuery()) {
                        while (r.next()) {
                            rows.add(new Object[] {r.getLong(1), r.getString(2), r.getString(3), r.getString(4), r.getString(5),
                                    r.getString(6), r.getString(7), r.getString(8), r.getObject(9, OffsetDateTime.class),
                                    r.getObject(10, OffsetDateTime.class)});
                        }
                    }
                }
                if (rows.isEmpty() || !oldest(c, accountId, (Long) rows.get(0)[0])) {
                    return new int[] {0, 0};
                }
                List<Long> done = new ArrayList<>();
                boolean stopped = false;
                for (Object[] e : rows) {
                    List<SmppServer.Bound> receivers = server.receivers(accountId);
                    if (receivers.isEmpty() || !send(receivers.get(0), e)) {
                        stopped = true;
                        break;
                    }
                    done.add((Long) e[0]);
                }
                if (!done.isEmpty()) {
                    try (PreparedStatement d = c.prepareStatement("delete from smpp_event where id = ?")) {
                        for (Long id : done) {
                            d.setLong(1, id);
                            d.addBatch();
                        }
                        d.executeBatch();
                    }
                }
                return new int[] {done.size(), stopped || rows.size() < PAGE ? 0 : 1};
            });
            sent += page[0];
            if (page[1] == 0) {
                return sent;
            }
        }
    }

    /** Whether this event is the account's oldest: none before it held by another node's round. */
    private static boolean oldest(Connection c, long accountId, long first) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select min(id) from smpp_event where account_id = ?")) {
            s.setLong(1, accountId);
            try (ResultSet r = s.executeQuery()) {
                return r.next() && r.getLong(1) == first;
            }
        }
    }

    /** One deliver_sm, answered: true; refused or unanswered: false (kept for the next round). */
    private boolean send(SmppServer.Bound to, Object[] e) {
        String kind = (String) e[1];
        String source = e[3] == null ? "" : ((String) e[3]).replaceFirst("^\\+", "");
        String destination = e[4] == null ? "" : (String) e[4];
        try {
            if ("receipt".equals(kind)) {
                String id = (String) e[2];
                String stat = (String) e[5];
                OffsetDateTime submitted = e[8] == null ? (OffsetDateTime) e[9] : (OffsetDateTime) e[8];
                OffsetDateTime done = (OffsetDateTime) e[9];
                String text = SmppText.receipt(id, "DELIVRD".equals(stat), stat, (String) e[6], submitted.toZonedDateTime(),
                        done.toZonedDateTime(), "");
                to.session.deliverShortMessage("", TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN, source,
                        TypeOfNumber.UNKNOWN, NumberingPlanIndicator.UNKNOWN, destination,
                        new ESMClass(MessageMode.DEFAULT, MessageType.SMSC_DEL_RECEIPT, GSMSpecificFeature.DEFAULT),
                        (byte) 0, (byte) 0, new RegisteredDelivery(0), new GeneralDataCoding(),
                        text.getBytes(StandardCharsets.ISO_8859_1),
                        new OptionalParameter.Receipted_message_id(id),
                        new OptionalParameter.Message_state(state(stat)));
            } else {
                String text = (String) e[7];
                boolean gsm = Gsm7.septets(text) >= 0;
                byte[] bytes = gsm ? Gsm7.encode(text) : text.getBytes(StandardCharsets.UTF_16BE);
                GeneralDataCoding coding = gsm ? new GeneralDataCoding() : new GeneralDataCoding(Alphabet.ALPHA_UCS2);
                ESMClass esm = new ESMClass(MessageMode.DEFAULT, MessageType.DEFAULT, GSMSpecificFeature.DEFAULT);
                if (bytes.length <= 254) {
                    to.session.deliverShortMessage("", TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN, source,
                            TypeOfNumber.UNKNOWN, NumberingPlanIndicator.UNKNOWN, destination, esm, (byte) 0, (byte) 0,
                            new RegisteredDelivery(0), coding, bytes);
                } else {
                    to.session.deliverShortMessage("", TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN, source,
                            TypeOfNumber.UNKNOWN, NumberingPlanIndicator.UNKNOWN, destination, esm, (byte) 0, (byte) 0,
                            new RegisteredDelivery(0), coding, new byte[0],
                            new OptionalParameter.OctetString(OptionalParameter.Tag.MESSAGE_PAYLOAD.code(), bytes));
                }
            }
            return true;
        } catch (Exception ex) {
            LOG.info("SMPP server: a {} for {} not taken yet ({}), kept", kind, to.esme.systemId(), ex.toString());
            return false;
        }
    }

    private static byte state(String stat) {
        return switch (stat) {
            case "DELIVRD" -> DELIVERED;
            case "UNDELIV" -> UNDELIVERABLE;
            case "DELETED" -> DELETED;
            default -> REJECTED;
        };
    }

    /** Parts older than partMinutes whose message never completed: REJECTD receipts, and the parts removed. */
    void expireParts() {
        OffsetDateTime before = OffsetDateTime.now().minusMinutes(partMinutes);
        db.tx(em -> db.jdbc(c -> {
            List<Long> ids = new ArrayList<>();
            List<Long> accounts = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("select id, account_id from smpp_part where created_at < ? order by id")) {
                s.setObject(1, before);
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        ids.add(r.getLong(1));
                        accounts.add(r.getLong(2));
                    }
                }
            }
            for (int i = 0; i < ids.size(); i++) {
                // The delete decides: of two nodes giving up the same part, the one whose delete removed it writes the receipt.
                try (PreparedStatement d = c.prepareStatement("delete from smpp_part where id = ?")) {
                    d.setLong(1, ids.get(i));
                    if (d.executeUpdate() == 0) {
                        continue;
                    }
                }
                rejected(c, accounts.get(i), List.of("P" + ids.get(i)), null);
            }
            if (!ids.isEmpty()) {
                LOG.info("SMPP server: {} parts of long messages never completed, given up", ids.size());
            }
            return null;
        }));
    }
}
