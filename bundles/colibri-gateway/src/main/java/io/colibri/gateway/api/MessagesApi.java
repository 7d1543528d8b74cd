package io.colibri.gateway.api;

import io.colibri.domain.AccountOptions;
import io.colibri.domain.Code;
import io.colibri.domain.Diff;
import io.colibri.domain.PhoneNumber;
import io.colibri.domain.SubmitChecks.Request;
import io.colibri.gateway.accept.Accept;
import io.colibri.gateway.accept.Acceptance;
import io.colibri.gateway.account.Accounts;
import io.colibri.gateway.message.Cancellations;
import io.colibri.gateway.store.Database;
import io.colibri.gateway.store.Sms;
import io.colibri.gateway.store.Submission;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * The messages of the JSON API: {@code POST /messages} (each recipient or group checked by the
 * rules of /http.php, in their order, one transaction with its idempotency key), {@code GET
 * /messages} (filters, cursor), {@code GET /messages/{id}} (parts, receipts, history),
 * {@code DELETE /messages/{id}} (a deferred send cancelled and refunded) and {@code GET /balance}.
 * Bean {@code apiMessages} of routes/api/messages.yaml.
 */
public final class MessagesApi {
    /** The body of {@code POST /messages}. */
    public record SendRequest(List<String> to, String text, String sendAt, Boolean test, String format, String validity) {
    }

    /** One recipient's answer: its message (none when refused or a test), what it costs, its legacy code; a group's member its campaign. */
    public record Sent(Long id, String to, Integer parts, Integer credits, int code, String status, String reason, Long campaign) {
        Sent(Long id, String to, Integer parts, Integer credits, int code, String status, String reason) {
            this(id, to, parts, credits, code, status, reason, null);
        }
    }

    public record SendAnswer(List<Sent> messages) {
    }

    /** A part handed to the SMSC and what its receipt said. */
    public record Part(int part, String smscId, String status, String error, String at) {
    }

    /**
     * A step of the message's life, as its times record it; {@code detail} for a step that is not a
     * status: FAILOVER, the connector it left by instead of its own, and why (issue 17).
     */
    public record Step(String status, String at, String detail) {
        Step(String status, String at) {
            this(status, at, null);
        }
    }

    /** A message; {@code account} (its account's id) in the operator's search only. */
    public record MessageView(long id, String to, String status, String reason, String text, String encoding, int parts,
                              int credits, String acceptedAt, String sendAt, String submittedAt, String doneAt,
                              List<Part> receipts, List<Step> history, Long account) {
    }

    public record MessageList(List<MessageView> messages, String next) {
    }

    public record Balance(long balance) {
    }

    static final int MAX_TO_LENGTH = 100;
    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 500;

    private final Database db;
    private final Accept accept;
    private final Accounts accounts;
    private final Cancellations cancellations;
    private final ApiAnswers answers;
    private final Idempotency idempotency;
    private final int maxRecipients;
    private final java.time.Clock clock;

    public MessagesApi(Database db, Accept accept, Accounts accounts, Cancellations cancellations, ApiAnswers answers,
                       java.time.Clock clock, int maxRecipients) {
        this.db = db;
        this.accept = accept;
        this.accounts = accounts;
        this.cancellations = cancellations;
        this.answers = answers;
        this.clock = clock;
        this.idempotency = new Idempotency(db, clock);
        this.maxRecipients = maxRecipients;
    }

    /** {@code POST /messages}. */
    public ApiAnswer send(Exchange exchange) {
        long accountId = ApiGuard.accountOf(exchange);
        byte[] body = answers.body(exchange);
        return send(accountId, ApiJson.read(body, SendRequest.class), body, Idempotency.header(exchange.getIn()));
    }

    /**
     * A send for an account its channel authenticated (the API's key, or the broker entry's key in
     * the message, bus/BusInbound): the same fields, rules, transaction and idempotency key as
     * {@code POST /messages}, and the same answer; refusals are thrown as {@link ApiProblem}.
     *
     * @param body           what the idempotency key's request hash is taken of
     * @param idempotencyKey null for none
     */
    public ApiAnswer send(long accountId, SendRequest request, byte[] body, String idempotencyKey) {
        List<Request> requests;
        try {
            requests = requests(accountId, request);
        } catch (ApiProblem p) {
            if (p.code() != null) {
                accept.refusedBefore("api", p.code());
            }
            throw p;
        }
        UnaryOperator<AccountOptions> options = sendOptions(request);
        return idempotency.once(accountId, idempotencyKey, body, () -> {
            List<Acceptance> accepted = accept.acceptForKey(accountId, requests, options);
            return ApiAnswer.ok(new SendAnswer(sent(requests, accepted)));
        });
    }

    /** The request's recipients as /http.php requests, after what the API itself requires of its fields. */
    private List<Request> requests(long accountId, SendRequest r) {
        if (r.to() == null || r.to().isEmpty() || r.to().stream().allMatch(t -> t == null || t.isBlank())) {
            throw ApiProblem.refused(Code.EMPTY_NUMBER, "'to' names no number and no group");
        }
        if (r.to().size() > maxRecipients) {
            throw ApiProblem.badRequest("'to' names " + r.to().size() + " recipients; at most " + maxRecipients
                    + " per request (a group counts as one)");
        }
        for (String t : r.to()) {
            if (t == null || t.isBlank() || t.length() > MAX_TO_LENGTH) {
                throw ApiProblem.badRequest("each entry of 'to' is a number or a group's name of 1 to " + MAX_TO_LENGTH + " characters");
            }
        }
        if (r.text() == null || r.text().isBlank()) {
            throw ApiProblem.refused(Code.EMPTY_MESSAGE, "'text' is empty");
        }
        String diff = r.sendAt() == null ? null : diff(r.sendAt());
        boolean test = Boolean.TRUE.equals(r.test());
        String email = accounts.email(accountId);
        List<Request> requests = new ArrayList<>(r.to().size());
        for (String to : r.to()) {
            // The account is authenticated by its key: the password field only has to be there for the checks.
            requests.add(new Request(email, "-", to, r.text(), diff, test, null));
        }
        return requests;
    }

    /** {@code sendAt} as the legacy date to the minute (Paris time); seconds are dropped. */
    private String diff(String sendAt) {
        try {
            Instant at = OffsetDateTime.parse(sendAt).toInstant().truncatedTo(ChronoUnit.MINUTES);
            return new Diff(at, false).text();
        } catch (DateTimeParseException e) {
            throw ApiProblem.refused(Code.BAD_DEFERRED_DATE, "'sendAt' is not a date and time with its offset, as 2027-01-15T09:30:00+01:00");
        }
    }

    /** The request's own format and validity over the account's, checked as the options are. */
    private static UnaryOperator<AccountOptions> sendOptions(SendRequest r) {
        UnaryOperator<AccountOptions> o = UnaryOperator.identity();
        try {
            if (r.format() != null) {
                AccountOptions.DEFAULTS.with("format", r.format());
            }
            if (r.validity() != null) {
                AccountOptions.DEFAULTS.with("validity", r.validity());
            }
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badRequest(e.getMessage());
        }
        return options -> {
            AccountOptions changed = options;
            if (r.format() != null) {
                changed = changed.with("format", r.format());
            }
            if (r.validity() != null) {
                changed = changed.with("validity", r.validity());
            }
            return changed;
        };
    }

    /** Each request's answer, its messages read back in the same transaction. */
    private List<Sent> sent(List<Request> requests, List<Acceptance> accepted) {
        List<Long> ids = accepted.stream().flatMap(a -> java.util.stream.Stream.concat(a.recorded().stream(), a.notSent().stream())).toList();
        Map<Long, Sms> recorded = new HashMap<>();
        if (!ids.isEmpty()) {
            db.tx(em -> {
                for (int from = 0; from < ids.size(); from += 1000) {
                    em.createQuery("select m from Sms m where m.id in :ids", Sms.class)
                            .setParameter("ids", ids.subList(from, Math.min(ids.size(), from + 1000)))
                            .getResultStream().forEach(m -> recorded.put(m.getId(), m));
                }
                return null;
            });
        }
        List<Sent> sent = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            Acceptance a = accepted.get(i);
            if (a.quote() != null) {
                sent.add(new Sent(null, a.quote().to(), a.quote().parts(), a.quote().credits(), a.code().value(), "TEST", null));
            } else if (a.recorded().isEmpty() && a.notSent().isEmpty()) {
                sent.add(new Sent(null, requests.get(i).number().strip(), null, null, a.code().value(), "REFUSED",
                        Accept.why(a.code())));
            } else {
                // A group's members in the order they were recorded: its own.
                for (Long id : java.util.stream.Stream.concat(a.recorded().stream(), a.notSent().stream()).sorted().toList()) {
                    Sms m = recorded.get(id);
                    Code code = m.getStatus() == Sms.Status.FAILED ? Accept.codeOf(m.getReason()).orElse(a.code()) : a.code();
                    sent.add(new Sent(id, m.getRecipient(), m.getParts(), m.getCredits(), code.value(), m.getStatus().name(),
                            m.getStatus() == Sms.Status.FAILED ? m.getReason() : null, a.campaign()));
                }
            }
        }
        return sent;
    }

    /** {@code GET /messages/{id}}: the account's own message only; another's is as unknown as one that never was. */
    public ApiAnswer get(Exchange exchange) {
        long accountId = ApiGuard.accountOf(exchange);
        long id = id(exchange.getIn());
        return ApiAnswer.ok(db.tx(em -> view(em, own(em, accountId, id), true)));
    }

    /** {@code DELETE /messages/{id}}: a message waiting for its time, cancelled and refunded (94); any other, 409 with 95. */
    public ApiAnswer cancel(Exchange exchange) {
        long accountId = ApiGuard.accountOf(exchange);
        long id = id(exchange.getIn());
        db.tx(em -> own(em, accountId, id));
        if (!cancellations.cancel(accountId, id)) {
            throw ApiProblem.conflict(Code.DEFERRED_NOT_CANCELLED, "message " + id + " is not waiting for its time: it cannot be cancelled");
        }
        return ApiAnswer.ok(db.tx(em -> view(em, own(em, accountId, id), true)));
    }

    /** {@code GET /messages}: newest first, filtered by status, time and number, a page at a time. */
    public ApiAnswer list(Exchange exchange) {
        return ApiAnswer.ok(search(exchange, ApiGuard.accountOf(exchange), false));
    }

    /** {@code GET /admin/messages} (operator): the same search across accounts, or in one ({@code account}). */
    public ApiAnswer search(Exchange exchange) {
        String account = exchange.getIn().getHeader("account", String.class);
        Long accountId = null;
        if (account != null) {
            try {
                accountId = Long.parseLong(account.strip());
            } catch (NumberFormatException e) {
                throw ApiProblem.badRequest("'account' is an account's id");
            }
        }
        return ApiAnswer.ok(search(exchange, accountId, true));
    }

    private MessageList search(Exchange exchange, Long accountId, boolean operator) {
        Message in = exchange.getIn();
        StringBuilder where = new StringBuilder(accountId == null ? "1 = 1" : "m.accountId = :account");
        Map<String, Object> params = new HashMap<>();
        if (accountId != null) {
            params.put("account", accountId);
        }
        String status = in.getHeader("status", String.class);
        if (status != null) {
            try {
                params.put("status", Sms.Status.valueOf(status.strip().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw ApiProblem.badRequest("'status' is one of " + java.util.Arrays.toString(Sms.Status.values()));
            }
            where.append(" and m.status = :status");
        }
        time(in, "since", params, where, " and m.acceptedAt >= :since");
        time(in, "until", params, where, " and m.acceptedAt < :until");
        String to = in.getHeader("to", String.class);
        if (to != null) {
            params.put("to", PhoneNumber.parse(to).orElseThrow(() -> ApiProblem.badRequest("'to' is not a phone number")).e164());
            where.append(" and m.recipient = :to");
        }
        String cursor = in.getHeader("cursor", String.class);
        if (cursor != null) {
            params.put("before", cursor(cursor));
            where.append(" and m.id < :before");
        }
        int limit = limit(in.getHeader("limit", String.class));
        List<Sms> page = db.tx(em -> {
            var q = em.createQuery("select m from Sms m where " + where + " order by m.id desc", Sms.class).setMaxResults(limit + 1);
            params.forEach(q::setParameter);
            return q.getResultList();
        });
        boolean more = page.size() > limit;
        List<MessageView> views = page.stream().limit(limit).map(m -> {
            MessageView v = view(null, m, false);
            return operator ? withAccount(v, m.getAccountId()) : v;
        }).toList();
        String next = more ? cursorOf(views.get(views.size() - 1).id()) : null;
        return new MessageList(views, next);
    }

    private static MessageView withAccount(MessageView v, long account) {
        return new MessageView(v.id(), v.to(), v.status(), v.reason(), v.text(), v.encoding(), v.parts(), v.credits(), v.acceptedAt(),
                v.sendAt(), v.submittedAt(), v.doneAt(), v.receipts(), v.history(), account);
    }

    /** {@code GET /balance}. */
    public ApiAnswer balance(Exchange exchange) {
        return ApiAnswer.ok(new Balance(accounts.balance(ApiGuard.accountOf(exchange))));
    }

    private static Sms own(jakarta.persistence.EntityManager em, long accountId, long id) {
        Sms m = em.find(Sms.class, id);
        if (m == null || m.getAccountId() != accountId) {
            throw ApiProblem.notFound("no message " + id);
        }
        return m;
    }

    private static long id(Message in) {
        return ApiProblem.id(in, "message");
    }

    private static MessageView view(jakarta.persistence.EntityManager em, Sms m, boolean detailed) {
        List<Part> receipts = null;
        List<Step> history = null;
        if (detailed) {
            receipts = new ArrayList<>();
            int part = 0;
            for (Submission s : em.createQuery("select s from Submission s where s.messageId = :m order by s.id", Submission.class)
                    .setParameter("m", m.getId()).getResultList()) {
                receipts.add(new Part(++part, s.getSmscId(), s.getStatus(), s.getError(), ApiJson.time(s.getDoneAt())));
            }
            history = history(m, em.createNativeQuery("select at, step from message_step where message_id = ?1", Object[].class)
                    .setParameter(1, m.getId()).getResultList());
        }
        return new MessageView(m.getId(), m.getRecipient(), m.getStatus().name(), m.getReason(), m.getBody(), m.getEncoding(),
                m.getParts(), m.getCredits(), ApiJson.time(m.getAcceptedAt()), ApiJson.time(m.getSendAt()), ApiJson.time(m.getSubmittedAt()),
                ApiJson.time(m.getDoneAt()), receipts, history, null);
    }

    /**
     * The message's life as its times record it: accepted (or scheduled), submitted, and its end;
     * with the steps recorded besides ({@code message_step}: a fallback taken), before the status
     * they came with.
     */
    private static List<Step> history(Sms m, List<Object[]> recorded) {
        List<Step> steps = new ArrayList<>();
        steps.add(new Step(m.getSendAt() != null ? "SCHEDULED" : "ACCEPTED", ApiJson.time(m.getAcceptedAt())));
        recorded.stream().sorted(java.util.Comparator.comparing(r -> instant(r[0])))
                .forEach(r -> steps.add(new Step("FAILOVER", ApiJson.time(instant(r[0])),
                        (String) r[1])));
        if (m.getSubmittedAt() != null) {
            steps.add(new Step("SUBMITTED", ApiJson.time(m.getSubmittedAt())));
        }
        if (m.getStatus().isFinal() && m.getDoneAt() != null) {
            steps.add(new Step(m.getStatus().name(), ApiJson.time(m.getDoneAt())));
        }
        return steps;
    }

    /** A timestamp column as H2 and PostgreSQL's drivers hand it to a native query. */
    private static Instant instant(Object at) {
        if (at instanceof OffsetDateTime o) {
            return o.toInstant();
        }
        if (at instanceof Instant i) {
            return i;
        }
        return at instanceof java.sql.Timestamp t ? t.toInstant() : OffsetDateTime.parse(at.toString()).toInstant();
    }

    private static void time(Message in, String name, Map<String, Object> params, StringBuilder where, String clause) {
        String value = in.getHeader(name, String.class);
        if (value == null) {
            return;
        }
        try {
            params.put(name, OffsetDateTime.parse(value.strip()));
        } catch (DateTimeParseException e) {
            throw ApiProblem.badRequest("'" + name + "' is a date and time with its offset, as 2027-01-15T09:30:00+01:00");
        }
        where.append(clause);
    }

    static int limit(String raw) {
        if (raw == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int n = Integer.parseInt(raw.strip());
            if (n >= 1 && n <= MAX_LIMIT) {
                return n;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw ApiProblem.badRequest("'limit' is a whole number from 1 to " + MAX_LIMIT);
    }

    /** A page's cursor: opaque to the caller, the last id it saw. */
    static String cursorOf(long lastId) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("m" + lastId).getBytes(StandardCharsets.US_ASCII));
    }

    static long cursor(String cursor) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(cursor.strip()), StandardCharsets.US_ASCII);
            if (raw.startsWith("m")) {
                return Long.parseLong(raw.substring(1));
            }
        } catch (IllegalArgumentException e) {
            // said below
        }
        throw ApiProblem.badRequest("'cursor' is not one this API gave");
    }

}
