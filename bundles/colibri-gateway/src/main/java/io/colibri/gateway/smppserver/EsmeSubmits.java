package io.colibri.gateway.smppserver;

import io.colibri.domain.Channel;
import io.colibri.domain.Code;
import io.colibri.domain.SmppStatus;
import io.colibri.domain.SmppText;
import io.colibri.domain.SubmitChecks.Request;
import io.colibri.gateway.accept.Accept;
import io.colibri.gateway.accept.Acceptance;
import io.colibri.gateway.account.Accounts;
import io.colibri.gateway.account.SmppCredentials.Esme;
import io.colibri.gateway.store.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.jsmpp.PDUStringException;
import org.jsmpp.bean.OptionalParameter;
import org.jsmpp.bean.SubmitSm;
import org.jsmpp.bean.TypeOfNumber;
import org.jsmpp.extra.ProcessRequestException;
import org.jsmpp.session.SubmitSmResult;
import org.jsmpp.util.MessageId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A customer's {@code submit_sm}: decoded ({@link SmppText}), then accepted by the same rules as
 * every channel ({@link Accept}) in one transaction with the id the ESME is given, so that the
 * answer is sent only once the message, its debit and that id are on disk. A long message's parts
 * (UDH concatenation) are kept until the last has come; then it is accepted whole, billed and sent
 * as the parts it is. The answer's id is the message's; a part that is not the last gets the id of
 * its part, and its receipt too.
 */
public final class EsmeSubmits {
    private static final Logger LOG = LoggerFactory.getLogger(EsmeSubmits.class);
    /** A number as SMPP carries it: up to 20 digits (21 octets with the NUL). */
    private static final int MAX_ADDRESS = 20;

    private final Database db;
    private final Accept accept;
    private final Accounts accounts;

    public EsmeSubmits(Database db, Accept accept, Accounts accounts) {
        this.db = db;
        this.accept = accept;
        this.accounts = accounts;
    }

    /** The answer to one submit_sm: its id, or the exception carrying its command_status. */
    SubmitSmResult submit(Esme esme, String email, SubmitSm sm) throws ProcessRequestException {
        if (!accounts.options(esme.accountId()).allows(Channel.SMPP)) {
            throw refused("the account is disabled or its channels leave SMPP out", SmppStatus.of(Code.BAD_LOGIN));
        }
        java.time.Instant now = java.time.Instant.now();
        String diff;
        UnaryOperator<io.colibri.domain.AccountOptions> options;
        try {
            diff = io.colibri.domain.SmppTime.parse(sm.getScheduleDeliveryTime(), now)
                    .map(at -> new io.colibri.domain.Diff(at.truncatedTo(java.time.temporal.ChronoUnit.MINUTES), false).text()).orElse(null);
        } catch (IllegalArgumentException e) {
            throw refused("schedule_delivery_time: " + e.getMessage(), SmppStatus.RINVSCHED);
        }
        try {
            options = io.colibri.domain.SmppTime.parse(sm.getValidityPeriod(), now)
                    .map(until -> io.colibri.domain.SmppTime.validityOption(until, now))
                    .<UnaryOperator<io.colibri.domain.AccountOptions>>map(v -> o -> o.with("validity", v)).orElse(UnaryOperator.identity());
        } catch (IllegalArgumentException e) {
            throw refused("validity_period: " + e.getMessage(), SmppStatus.RINVEXPIRY);
        }
        String to = number(sm.getDestAddrTon(), sm.getDestAddress());
        if (to.isEmpty()) {
            throw refused("no destination", SmppStatus.of(Code.EMPTY_NUMBER));
        }
        byte[] bytes = sm.getShortMessage();
        OptionalParameter payload = sm.getOptionalParameter(OptionalParameter.Tag.MESSAGE_PAYLOAD);
        if ((bytes == null || bytes.length == 0) && payload instanceof OptionalParameter.OctetString o) {
            bytes = o.getValue();
        }
        SmppText.Decoded text;
        try {
            text = SmppText.decode(sm.getDataCoding(), (sm.getEsmClass() & 0x40) != 0, bytes);
        } catch (SmppText.Refused e) {
            throw refused(e.getMessage(), e.status());
        }
        String source = sm.getSourceAddr() == null ? "" : sm.getSourceAddr();
        boolean registered = (sm.getRegisteredDelivery() & 0x03) != 0;
        Answer answer;
        try {
            Send send = new Send(email, to, source, diff, options, registered);
            answer = text.concat().isPresent() ? part(esme, send, text.text(), text.concat().get()) : whole(esme, send, text.text(), List.of());
        } catch (RuntimeException e) {
            LOG.warn("SMPP server: a submit_sm of {} could not be recorded: {}", esme.systemId(), e.toString());
            throw refused("not recorded, send again", SmppStatus.RSYSERR);
        }
        if (answer.status() != SmppStatus.ROK) {
            throw refused("refused: " + answer.code(), answer.status());
        }
        try {
            return new SubmitSmResult(new MessageId(answer.id()), new OptionalParameter[0]);
        } catch (PDUStringException e) {
            throw refused(e.getMessage(), SmppStatus.RSYSERR);
        }
    }

    private record Answer(int status, Code code, String id) {
    }

    /** What a submit_sm asks besides its text: the account's address, the numbers, when, for how long, whether a receipt. */
    private record Send(String email, String to, String source, String diff, UnaryOperator<io.colibri.domain.AccountOptions> options,
                        boolean registered) {
    }

    /** The digits as the accept rules read them: international numbers with their +. */
    static String number(byte ton, String address) {
        String a = address == null ? "" : address.strip();
        if (a.length() > MAX_ADDRESS) {
            return a.substring(0, MAX_ADDRESS + 1);
        }
        if (ton == TypeOfNumber.INTERNATIONAL.value() && !a.isEmpty() && !a.startsWith("+")) {
            return "+" + a;
        }
        return a;
    }

    /**
     * A whole message, or the last part of one with the ids of its other parts: accepted, and the
     * ids recorded, in one transaction.
     */
    private Answer whole(Esme esme, Send send, String text, List<String> otherParts) {
        String to = send.to();
        String source = send.source();
        boolean registered = send.registered();
        return db.tx(em -> {
            Request request = new Request(send.email(), "-", to, text, send.diff(), false, null);
            Acceptance a = accept.acceptForKey("smpp", esme.accountId(), List.of(request), send.options()).get(0);
            int status = SmppStatus.of(a.code());
            if (status != SmppStatus.ROK || a.recorded().isEmpty()) {
                if (!otherParts.isEmpty()) {
                    db.jdbc(c -> EsmeEvents.rejected(c, esme.accountId(), otherParts, a.code()));
                }
                return new Answer(status == SmppStatus.ROK ? SmppStatus.RSYSERR : status, a.code(), null);
            }
            long messageId = a.recorded().get(0);
            String id = String.valueOf(messageId);
            db.jdbc(c -> {
                try (PreparedStatement s = c.prepareStatement("insert into smpp_submit (esme_id, account_id, message_id, registered, source,"
                        + " destination, created_at) values (?, ?, ?, ?, ?, ?, ?)")) {
                    s.setString(1, id);
                    s.setLong(2, esme.accountId());
                    s.setLong(3, messageId);
                    s.setBoolean(4, registered);
                    s.setString(5, source);
                    s.setString(6, to);
                    s.setObject(7, OffsetDateTime.now());
                    s.executeUpdate();
                }
                if (!otherParts.isEmpty()) {
                    try (PreparedStatement s = c.prepareStatement("update smpp_submit set message_id = ? where esme_id = ?")) {
                        for (String p : otherParts) {
                            s.setLong(1, messageId);
                            s.setString(2, p);
                            s.addBatch();
                        }
                        s.executeBatch();
                    }
                }
                return null;
            });
            return new Answer(SmppStatus.ROK, a.code(), id);
        });
    }

    /**
     * A part of a long message: kept with the others come so far (the account's login row locked, so
     * that two last parts at once cannot both miss each other), and when it completes the message,
     * the whole accepted.
     */
    private Answer part(Esme esme, Send send, String text, SmppText.Concat concat) {
        String to = send.to();
        String source = send.source();
        boolean registered = send.registered();
        return db.tx(em -> {
            List<String> others = new ArrayList<>();
            StringBuilder whole = new StringBuilder();
            String id = db.jdbc(c -> {
                lock(c, esme.accountId());
                try (PreparedStatement d = c.prepareStatement("delete from smpp_part where account_id = ? and destination = ? and ref = ?"
                        + " and total = ? and seq = ?")) {
                    bindKey(d, esme.accountId(), to, concat);
                    d.setInt(5, concat.seq());
                    d.executeUpdate();
                }
                long partId;
                try (PreparedStatement s = c.prepareStatement("insert into smpp_part (account_id, destination, ref, total, seq, body, created_at)"
                        + " values (?, ?, ?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
                    bindKey(s, esme.accountId(), to, concat);
                    s.setInt(5, concat.seq());
                    s.setString(6, text);
                    s.setObject(7, OffsetDateTime.now());
                    s.executeUpdate();
                    try (ResultSet k = s.getGeneratedKeys()) {
                        k.next();
                        partId = k.getLong(1);
                    }
                }
                List<long[]> parts = new ArrayList<>();
                List<String> bodies = new ArrayList<>();
                try (PreparedStatement s = c.prepareStatement("select id, seq, body from smpp_part where account_id = ? and destination = ?"
                        + " and ref = ? and total = ? order by seq")) {
                    bindKey(s, esme.accountId(), to, concat);
                    try (ResultSet r = s.executeQuery()) {
                        while (r.next()) {
                            parts.add(new long[] {r.getLong(1), r.getInt(2)});
                            bodies.add(r.getString(3));
                        }
                    }
                }
                String partEsmeId = "P" + partId;
                if (parts.size() < concat.total()) {
                    insertSubmit(c, partEsmeId, esme.accountId(), registered, source, to);
                    return partEsmeId;
                }
                for (long[] p : parts) {
                    if (p[0] != partId) {
                        others.add("P" + p[0]);
                    }
                }
                bodies.forEach(whole::append);
                try (PreparedStatement d = c.prepareStatement("delete from smpp_part where account_id = ? and destination = ? and ref = ?"
                        + " and total = ?")) {
                    bindKey(d, esme.accountId(), to, concat);
                    d.executeUpdate();
                }
                return null;
            });
            if (id != null) {
                return new Answer(SmppStatus.ROK, Code.ACCEPTED, id);
            }
            return whole(esme, send, whole.toString(), others);
        });
    }

    private static void lock(Connection c, long accountId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select account_id from smpp_esme where account_id = ? for update")) {
            s.setLong(1, accountId);
            s.executeQuery().close();
        }
    }

    private static void bindKey(PreparedStatement s, long accountId, String to, SmppText.Concat concat) throws SQLException {
        s.setLong(1, accountId);
        s.setString(2, to);
        s.setInt(3, concat.ref());
        s.setInt(4, concat.total());
    }

    private static void insertSubmit(Connection c, String esmeId, long accountId, boolean registered, String source, String to)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("insert into smpp_submit (esme_id, account_id, message_id, registered, source,"
                + " destination, created_at) values (?, ?, null, ?, ?, ?, ?)")) {
            s.setString(1, esmeId);
            s.setLong(2, accountId);
            s.setBoolean(3, registered);
            s.setString(4, source);
            s.setString(5, to);
            s.setObject(6, OffsetDateTime.now());
            s.executeUpdate();
        }
    }

    private static ProcessRequestException refused(String why, int status) {
        return new ProcessRequestException(why, status);
    }
}
