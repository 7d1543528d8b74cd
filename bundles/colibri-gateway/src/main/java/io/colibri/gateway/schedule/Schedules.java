package io.colibri.gateway.schedule;

import io.colibri.domain.AccountOptions;
import io.colibri.domain.Code;
import io.colibri.domain.Merge;
import io.colibri.domain.PhoneNumber;
import io.colibri.domain.Recurrence;
import io.colibri.domain.SubmitChecks.Request;
import io.colibri.gateway.accept.Accept;
import io.colibri.gateway.accept.Acceptance;
import io.colibri.gateway.account.Accounts;
import io.colibri.gateway.contact.Groups;
import io.colibri.gateway.store.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Schedules (OPT-8, OPT-9; tables schedule, schedule_member, schedule_run, V23): recurring
 * messages (every day, week, month or year in a time zone, {@link Recurrence}) and throttled bulks
 * (a batch of N every M minutes, its members frozen when it is made). Each occurrence or batch is
 * an ordinary send through {@link Accept#acceptForKey}, checked and debited when it leaves, in one
 * transaction with the schedule's row (locked) moved on: a crash sends it whole later or not at
 * all, never twice. A missing credit is recorded with the run; a throttled bulk pauses at the
 * member that could not be paid and goes on from it when resumed. Bean {@code schedules}.
 */
public final class Schedules {
    private static final Logger LOG = LoggerFactory.getLogger(Schedules.class);
    /** The channel a schedule's sends are counted under ({@code colibri_requests_total}). */
    static final String CHANNEL = "schedule";

    public enum Kind { RECURRING, THROTTLED }

    public enum Status { ACTIVE, PAUSED, DONE, DELETED }

    /** A schedule as it stands. {@code nextAt} is null once it is done. */
    public record Schedule(long id, long accountId, Kind kind, List<String> recipients, String text, Recurrence.Every every,
                           LocalDateTime first, String zone, LocalDate until, Integer batchSize, Integer batchMinutes, Instant start,
                           int members, Status status, String pausedReason, long next, Instant nextAt, Instant createdAt) {
    }

    /** One occurrence or batch: what it sent and what was refused, and why. */
    public record Run(long n, Instant ranAt, int sent, int refused, String detail) {
    }

    /** A schedule that cannot be made or changed as asked: said to the caller. */
    public static final class ScheduleException extends RuntimeException {
        public ScheduleException(String message) {
            super(message);
        }
    }

    /** The most members a throttled bulk may freeze. */
    public static final int MAX_MEMBERS = 100_000;

    private final Database db;
    private final Accept accept;
    private final Accounts accounts;
    private final Groups groups;
    private final Clock clock;

    public Schedules(Database db, Accept accept, Accounts accounts, Groups groups, Clock clock) {
        this.db = db;
        this.accept = accept;
        this.accounts = accounts;
        this.groups = groups;
        this.clock = clock;
    }

    /** A recurring message to these numbers and groups; its first occurrence may not be past. */
    public Schedule recurring(long accountId, List<String> recipients, String text, Recurrence.Every every, LocalDateTime first,
                              ZoneId zone, LocalDate until) {
        Recurrence r;
        try {
            r = new Recurrence(every, first, zone, until);
        } catch (IllegalArgumentException e) {
            throw new ScheduleException(e.getMessage());
        }
        Instant firstAt = r.at(0);
        if (firstAt.isBefore(clock.instant().minus(Duration.ofMinutes(1)))) {
            throw new ScheduleException("the first time (" + first + " " + zone + ") is past");
        }
        checkText(text);
        long id = db.jdbc(c -> insert(c, accountId, Kind.RECURRING, recipients, text, every, first, zone.getId(), until, null, null,
                null, 0, firstAt));
        return find(accountId, id).orElseThrow();
    }

    /**
     * A throttled bulk: its numbers and its groups' members (each once, in order) frozen now, then
     * sent a batch of {@code size} every {@code every} from {@code start}.
     */
    public Schedule throttled(long accountId, List<String> recipients, String text, Recurrence.Throttle throttle, Instant start) {
        checkText(text);
        if (start.isBefore(clock.instant().minus(Duration.ofMinutes(1)))) {
            throw new ScheduleException("the start (" + start + ") is past");
        }
        Map<String, String[]> members = new LinkedHashMap<>();
        for (String entry : recipients) {
            String e = entry.strip();
            if (PhoneNumber.looksLikeNumber(e)) {
                PhoneNumber n = PhoneNumber.parse(e).orElseThrow(() -> new ScheduleException("not a phone number: " + e));
                members.putIfAbsent(n.e164(), new String[3]);
            } else {
                List<Groups.Member> group = groups.members(accountId, e).orElseThrow(() -> new ScheduleException("no group " + e));
                for (Groups.Member m : group) {
                    PhoneNumber.parse(m.number()).ifPresent(n -> members.putIfAbsent(n.e164(), new String[] {m.v1(), m.v2(), m.v3()}));
                }
            }
            if (members.size() > MAX_MEMBERS) {
                throw new ScheduleException("a throttled bulk holds at most " + MAX_MEMBERS + " members");
            }
        }
        if (members.isEmpty()) {
            throw new ScheduleException("no member to send to (86)");
        }
        long id = db.tx(em -> db.jdbc(c -> {
            long made = insert(c, accountId, Kind.THROTTLED, recipients, text, null, null, null, null, throttle.size(),
                    (int) throttle.every().toMinutes(), start, members.size(), start);
            try (PreparedStatement s = c.prepareStatement("insert into schedule_member (schedule_id, idx, number, v1, v2, v3)"
                    + " values (?, ?, ?, ?, ?, ?)")) {
                int idx = 0;
                for (Map.Entry<String, String[]> m : members.entrySet()) {
                    s.setLong(1, made);
                    s.setInt(2, idx++);
                    s.setString(3, m.getKey());
                    s.setString(4, m.getValue()[0]);
                    s.setString(5, m.getValue()[1]);
                    s.setString(6, m.getValue()[2]);
                    s.addBatch();
                    if (idx % 500 == 0) {
                        s.executeBatch();
                    }
                }
                s.executeBatch();
            }
            return made;
        }));
        return find(accountId, id).orElseThrow();
    }

    private static void checkText(String text) {
        if (text == null || text.isBlank()) {
            throw new ScheduleException("the text is empty (90)");
        }
        if (text.length() > 2000) {
            throw new ScheduleException("the text is over 2000 characters");
        }
    }

    private long insert(Connection c, long accountId, Kind kind, List<String> recipients, String text, Recurrence.Every every,
                        LocalDateTime first, String zone, LocalDate until, Integer size, Integer minutes, Instant start, int members,
                        Instant nextAt) throws SQLException {
        String joined = String.join("\n", recipients.stream().map(String::strip).toList());
        if (joined.length() > 4000) {
            throw new ScheduleException("the recipients are over 4000 characters: use a group");
        }
        try (PreparedStatement s = c.prepareStatement("insert into schedule (account_id, kind, recipients, text, every, first_local, zone,"
                + " until_date, batch_size, batch_minutes, start_at, members, status, next_n, next_at, created_at)"
                + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'ACTIVE', 0, ?, ?)", new String[] {"id"})) {
            s.setLong(1, accountId);
            s.setString(2, kind.name());
            s.setString(3, joined);
            s.setString(4, text);
            s.setString(5, every == null ? null : every.name());
            s.setObject(6, first);
            s.setString(7, zone);
            s.setObject(8, until);
            s.setObject(9, size);
            s.setObject(10, minutes);
            s.setObject(11, start == null ? null : utc(start));
            s.setInt(12, members);
            s.setObject(13, utc(nextAt));
            s.setObject(14, utc(clock.instant()));
            s.executeUpdate();
            try (ResultSet keys = s.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    /** The account's schedules, newest first (deleted ones left out). */
    public List<Schedule> of(long accountId) {
        return select("where account_id = ? and status <> 'DELETED' order by id desc", accountId);
    }

    /** The account's schedule; another's (or a deleted one) is as unknown as none. */
    public Optional<Schedule> find(long accountId, long id) {
        return select("where account_id = ? and id = ? and status <> 'DELETED'", accountId, id).stream().findFirst();
    }

    /** Its runs, newest first, at most 100. */
    public List<Run> runs(long scheduleId) {
        return db.jdbc(c -> {
            try (PreparedStatement s = c.prepareStatement("select n, ran_at, sent, refused, detail from schedule_run where schedule_id = ?"
                    + " order by id desc fetch first 100 rows only")) {
                s.setLong(1, scheduleId);
                List<Run> runs = new ArrayList<>();
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        runs.add(new Run(r.getLong(1), r.getObject(2, OffsetDateTime.class).toInstant(), r.getInt(3), r.getInt(4),
                                r.getString(5)));
                    }
                }
                return runs;
            }
        });
    }

    /** Pauses it: nothing leaves until it is resumed. */
    public Schedule pause(long accountId, long id) {
        return change(accountId, id, "update schedule set status = 'PAUSED', paused_reason = 'paused by the account' where id = ?"
                + " and status = 'ACTIVE'", "only an active schedule can be paused");
    }

    /** Resumes it; a recurring message goes on from its next occurrence to come, a throttled bulk from where it stopped. */
    public Schedule resume(long accountId, long id) {
        Schedule s = find(accountId, id).orElseThrow(() -> new ScheduleException("no schedule " + id));
        if (s.kind() == Kind.RECURRING && s.nextAt() != null && s.nextAt().isBefore(clock.instant())) {
            // The occurrences that fell while it was paused are not sent afterwards.
            Recurrence r = recurrence(s);
            long n = s.next();
            while (r.includes(n) && r.at(n).isBefore(clock.instant())) {
                n++;
            }
            long next = n;
            db.jdbc(c -> {
                try (PreparedStatement u = c.prepareStatement("update schedule set next_n = ?, next_at = ?, status = ? where id = ?")) {
                    u.setLong(1, next);
                    u.setObject(2, r.includes(next) ? utc(r.at(next)) : null);
                    u.setString(3, r.includes(next) ? "PAUSED" : "DONE");
                    u.setLong(4, id);
                    return u.executeUpdate();
                }
            });
        }
        return change(accountId, id, "update schedule set status = 'ACTIVE', paused_reason = null where id = ? and status = 'PAUSED'",
                "only a paused schedule can be resumed");
    }

    /** Deletes it: nothing more leaves; what left stays in the messages. */
    public void delete(long accountId, long id) {
        change(accountId, id, "update schedule set status = 'DELETED' where id = ? and status <> 'DELETED'", "no schedule " + id);
    }

    private Schedule change(long accountId, long id, String update, String refusal) {
        find(accountId, id).orElseThrow(() -> new ScheduleException("no schedule " + id));
        int changed = db.jdbc(c -> {
            try (PreparedStatement u = c.prepareStatement(update)) {
                u.setLong(1, id);
                return u.executeUpdate();
            }
        });
        if (changed == 0) {
            throw new ScheduleException(refusal);
        }
        return select("where id = ?", id).get(0);
    }

    /**
     * One round of the timer: each active schedule whose time has come sends its occurrence or
     * batch, each in its own transaction. Returns how many ran.
     */
    public int round() {
        Instant now = clock.instant();
        List<Long> due = db.jdbc(c -> {
            try (PreparedStatement s = c.prepareStatement("select id from schedule where status = 'ACTIVE' and next_at <= ?"
                    + " order by next_at fetch first 100 rows only")) {
                s.setObject(1, utc(now));
                List<Long> ids = new ArrayList<>();
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        ids.add(r.getLong(1));
                    }
                }
                return ids;
            }
        });
        int ran = 0;
        for (long id : due) {
            try {
                if (db.tx(em -> runLocked(id, now))) {
                    ran++;
                }
            } catch (RuntimeException e) {
                // The round goes on with the others; this one is tried again at the next round, nothing of it recorded.
                LOG.error("schedule {}: its run failed and will be tried again: {}", id, e.toString());
            }
        }
        return ran;
    }

    /**
     * The schedule's due run, its row locked: false when another round took it first, or holds it
     * now (another node's: SKIP LOCKED, so that a node never waits for another's run, and never
     * runs it again once it is over, its next_at moved on).
     */
    private boolean runLocked(long id, Instant now) {
        boolean locked = db.jdbc(c -> {
            try (PreparedStatement s = c.prepareStatement("select id from schedule where id = ? and status = 'ACTIVE' and next_at <= ?"
                    + " for update skip locked")) {
                s.setLong(1, id);
                s.setObject(2, utc(now));
                try (ResultSet r = s.executeQuery()) {
                    return r.next();
                }
            }
        });
        if (!locked) {
            return false;
        }
        Schedule s = select("where id = ?", id).get(0);
        if (!accounts.options(s.accountId()).allows(io.colibri.domain.Channel.API)) {
            // Made through the API: what the account may no longer do there, its schedules no longer do.
            move(s.id(), s.next(), s.nextAt(), Status.PAUSED, "the account may not use the API any more (disabled, or its channels)");
            return true;
        }
        if (s.kind() == Kind.RECURRING) {
            runOccurrence(s, now);
        } else {
            runBatch(s);
        }
        return true;
    }

    private void runOccurrence(Schedule s, Instant now) {
        Recurrence r = recurrence(s);
        long n = s.next();
        // Occurrences missed while the gateway was stopped are recorded, not sent late in a burst: the latest one goes.
        while (r.includes(n + 1) && !r.at(n + 1).isAfter(now)) {
            run(s.id(), n, 0, 0, "missed: the gateway was not running at " + r.at(n));
            n++;
        }
        String email = accounts.email(s.accountId());
        List<Request> requests = s.recipients().stream().map(to -> new Request(email, "-", to, s.text(), null, false, null)).toList();
        List<Acceptance> answers = accept.acceptForKey(CHANNEL, s.accountId(), requests, Schedules::deliberate);
        int sent = 0;
        int refused = 0;
        Map<Integer, Integer> codes = new LinkedHashMap<>();
        for (Acceptance a : answers) {
            sent += a.recorded().size();
            refused += a.notSent().size();
            if (a.recorded().isEmpty() && a.notSent().isEmpty()) {
                refused++;
                codes.merge(a.code().value(), 1, Integer::sum);
            }
        }
        run(s.id(), n, sent, refused, codes.isEmpty() ? null : "refused: " + codes);
        long next = n + 1;
        boolean more = r.includes(next);
        move(s.id(), next, more ? r.at(next) : null, more ? Status.ACTIVE : Status.DONE, null);
    }

    private void runBatch(Schedule s) {
        long from = s.next();
        long to = Math.min(s.members(), (from / s.batchSize() + 1) * s.batchSize());
        String email = accounts.email(s.accountId());
        List<String[]> members = members(s.id(), from, to);
        int sent = 0;
        int refused = 0;
        long position = from;
        String paused = null;
        for (String[] m : members) {
            String text = Merge.apply(s.text(), m[1], m[2], m[3]);
            Acceptance a = accept.acceptForKey(CHANNEL, s.accountId(), List.of(new Request(email, "-", m[0], text, null, false, null)),
                    Schedules::deliberate).get(0);
            if (a.code() == Code.NOT_ENOUGH_CREDIT) {
                paused = "not enough credit for member " + (position + 1) + " of " + s.members() + " (83): top up, then resume";
                break;
            }
            if (a.recorded().isEmpty()) {
                refused++;
            } else {
                sent++;
            }
            position++;
        }
        run(s.id(), from / s.batchSize(), sent, refused, paused);
        if (paused != null) {
            move(s.id(), position, s.nextAt(), Status.PAUSED, paused);
            LOG.warn("schedule {} of account {} paused: {}", s.id(), s.accountId(), paused);
            return;
        }
        boolean more = to < s.members();
        Instant nextAt = more ? new Recurrence.Throttle(s.batchSize(), Duration.ofMinutes(s.batchMinutes())).sendAt(s.start(), to) : null;
        move(s.id(), to, nextAt, more ? Status.ACTIVE : Status.DONE, null);
    }

    /** A schedule's sends repeat on purpose: the 24-hour duplicate guard is for repeats by mistake. */
    private static AccountOptions deliberate(AccountOptions options) {
        return options.with("duplicate-guard", "off");
    }

    private List<String[]> members(long scheduleId, long from, long to) {
        return db.jdbc(c -> {
            try (PreparedStatement s = c.prepareStatement("select number, v1, v2, v3 from schedule_member where schedule_id = ?"
                    + " and idx >= ? and idx < ? order by idx")) {
                s.setLong(1, scheduleId);
                s.setLong(2, from);
                s.setLong(3, to);
                List<String[]> out = new ArrayList<>();
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        out.add(new String[] {r.getString(1), r.getString(2), r.getString(3), r.getString(4)});
                    }
                }
                return out;
            }
        });
    }

    private void run(long scheduleId, long n, int sent, int refused, String detail) {
        db.jdbc(c -> {
            try (PreparedStatement s = c.prepareStatement("insert into schedule_run (schedule_id, n, ran_at, sent, refused, detail)"
                    + " values (?, ?, ?, ?, ?, ?)")) {
                s.setLong(1, scheduleId);
                s.setLong(2, n);
                s.setObject(3, utc(clock.instant()));
                s.setInt(4, sent);
                s.setInt(5, refused);
                s.setString(6, detail == null ? null : detail.length() > 300 ? detail.substring(0, 300) : detail);
                return s.executeUpdate();
            }
        });
    }

    private void move(long id, long next, Instant nextAt, Status status, String reason) {
        db.jdbc(c -> {
            try (PreparedStatement u = c.prepareStatement("update schedule set next_n = ?, next_at = ?, status = ?, paused_reason = ?"
                    + " where id = ?")) {
                u.setLong(1, next);
                u.setObject(2, nextAt == null ? null : utc(nextAt));
                u.setString(3, status.name());
                u.setString(4, reason);
                u.setLong(5, id);
                return u.executeUpdate();
            }
        });
    }

    static Recurrence recurrence(Schedule s) {
        return new Recurrence(s.every(), s.first(), ZoneId.of(s.zone()), s.until());
    }

    private List<Schedule> select(String where, Object... params) {
        return db.jdbc(c -> {
            try (PreparedStatement s = c.prepareStatement("select id, account_id, kind, recipients, text, every, first_local, zone,"
                    + " until_date, batch_size, batch_minutes, start_at, members, status, paused_reason, next_n, next_at, created_at"
                    + " from schedule " + where)) {
                for (int i = 0; i < params.length; i++) {
                    s.setObject(i + 1, params[i]);
                }
                List<Schedule> out = new ArrayList<>();
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        String every = r.getString(6);
                        Timestamp first = r.getTimestamp(7);
                        OffsetDateTime start = r.getObject(12, OffsetDateTime.class);
                        OffsetDateTime nextAt = r.getObject(17, OffsetDateTime.class);
                        out.add(new Schedule(r.getLong(1), r.getLong(2), Kind.valueOf(r.getString(3)), List.of(r.getString(4).split("\n")),
                                r.getString(5), every == null ? null : Recurrence.Every.valueOf(every),
                                first == null ? null : first.toLocalDateTime(), r.getString(8), r.getObject(9, LocalDate.class),
                                (Integer) r.getObject(10), (Integer) r.getObject(11), start == null ? null : start.toInstant(), r.getInt(13),
                                Status.valueOf(r.getString(14)), r.getString(15), r.getLong(16), nextAt == null ? null : nextAt.toInstant(),
                                r.getObject(18, OffsetDateTime.class).toInstant()));
                    }
                }
                return out;
            }
        });
    }

    private static OffsetDateTime utc(Instant t) {
        return OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
    }
}
