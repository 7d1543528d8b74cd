package io.colibri.gateway.accept;

import io.colibri.domain.AccountOptions;
import io.colibri.domain.BulkChecks;
import io.colibri.domain.Code;
import io.colibri.domain.ContactRows;
import io.colibri.domain.ConnectorChoice;
import io.colibri.domain.PartCount;
import io.colibri.domain.PhoneNumber;
import io.colibri.domain.SubmitChecks;
import io.colibri.domain.SubmitChecks.Request;
import io.colibri.domain.SubmitChecks.Verdict;
import io.colibri.gateway.account.Accounts;
import io.colibri.gateway.blacklist.Blacklist;
import io.colibri.gateway.contact.Groups;
import io.colibri.gateway.message.Cancellations;
import io.colibri.gateway.message.Queries;
import io.colibri.gateway.message.RecentSends;
import io.colibri.gateway.message.RecentTexts;
import io.colibri.gateway.message.Recorder;
import io.colibri.gateway.metrics.Meters;
import io.colibri.gateway.store.Database;
import io.colibri.gateway.store.DropFile;
import io.colibri.gateway.store.RequestKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The one place where a request from any channel becomes a debited message for a connector, or
 * a refusal with its legacy code (every rule of {@link SubmitChecks}). Bean of the {@code accept} route.
 */
public final class Accept {
    private final Accounts accounts;
    private final Recorder recorder;
    private final Cancellations cancellations;
    private final Queries queries;
    private final RecentTexts recent;
    private final Database db;
    private final Blacklist blacklist;
    private final Groups groups;
    private final SubmitChecks.Rules rules;
    private final List<ConnectorChoice.Candidate> connectors;
    private final Meters meters;
    private final Meters.Channel http;

    public Accept(Database db, Accounts accounts, Recorder recorder, Cancellations cancellations, Queries queries, RecentTexts recent,
                  Blacklist blacklist, Groups groups, SubmitChecks.Rules rules, List<ConnectorChoice.Candidate> connectors) {
        this(db, accounts, recorder, cancellations, queries, recent, blacklist, groups, rules, connectors, new Meters());
    }

    /** @param meters where each answer is counted, by channel and code (the metrics flow's) */
    public Accept(Database db, Accounts accounts, Recorder recorder, Cancellations cancellations, Queries queries, RecentTexts recent,
                  Blacklist blacklist, Groups groups, SubmitChecks.Rules rules, List<ConnectorChoice.Candidate> connectors, Meters meters) {
        this.meters = meters;
        this.http = meters.channel(HTTP);
        this.db = db;
        this.accounts = accounts;
        this.recorder = recorder;
        this.cancellations = cancellations;
        this.queries = queries;
        this.recent = recent;
        this.blacklist = blacklist;
        this.groups = groups;
        this.rules = rules;
        this.connectors = List.copyOf(connectors);
    }

    /**
     * A request over HTTP: checked from what is known in memory (a wrong password holds no
     * database connection), then recorded by group commit with whatever other requests are
     * waiting. The duplicate guard and the credit are decided there, under the account's lock.
     */
    public Acceptance acceptWithPassword(Request request) {
        return counted(http, decide(request, null, true));
    }

    /** The channel label of /http.php's answers ({@code colibri_requests_total}). */
    public static final String HTTP = "http";

    /** An answer counted for its channel (the answer returned as it is). */
    private static Acceptance counted(Meters.Channel channel, Acceptance a) {
        channel.answered(a.code(), a.recorded().size());
        return a;
    }

    /** A request its channel refused with a legacy code before it reached these checks (the API's 89 or 90 on its JSON body). */
    public void refusedBefore(String channel, Code code) {
        meters.channel(channel).answered(code, 0);
    }

    /** The channel of a request key: its namespace ({@code mail:}, {@code reply:}, {@code alert:}…). */
    static String channelOf(String key) {
        int colon = key.indexOf(':');
        return colon > 0 ? key.substring(0, colon) : "other";
    }

    /**
     * A request whose channel authenticated the account (mail, replies, alerts), counted once by
     * its key: a second call with the same key answers the first one's code and records nothing.
     * Checked and recorded in one transaction with its key.
     */
    public Acceptance acceptAuthenticated(ChannelRequest request) {
        return counted(meters.channel(channelOf(request.key())), db.tx(em -> {
            RequestKey seen = em.find(RequestKey.class, request.key());
            if (seen != null) {
                if (!Long.valueOf(request.accountId()).equals(seen.getAccountId())) {
                    // Keys are scoped by channel and sender: this is a bug or a forged key, never another account's answer.
                    throw new IllegalStateException("request key of another account: " + request.key());
                }
                if (seen.getKind() != RequestKey.Kind.REQUEST) {
                    // A mail's or a STOP's key has no code to answer: namespaces keep them apart, so this is a bug.
                    throw new IllegalStateException("request key of another kind (" + seen.getKind() + "): " + request.key());
                }
                return Acceptance.refused(seen.getLegacyCode());
            }
            Acceptance acceptance = decide(request.request(), request.accountId(), false);
            em.persist(RequestKey.request(request.key(), request.accountId(), acceptance.code(), OffsetDateTime.now()));
            return acceptance;
        }));
    }

    /**
     * The requests of one call of the JSON API ({@code POST /api/v1/messages}: one per recipient or
     * group it names), for the account its key authenticated: each checked by the rules of
     * /http.php in their order, then recorded, in one transaction, the caller's (which records the
     * call's idempotency key with them).
     *
     * @param sendOptions the call's own format or validity over the account's
     */
    public List<Acceptance> acceptForKey(long accountId, List<Request> requests, UnaryOperator<AccountOptions> sendOptions) {
        return acceptForKey("api", accountId, requests, sendOptions);
    }

    /** {@link #acceptForKey(long, List, UnaryOperator)} for another channel than the API ({@code schedule}…), counted as such. */
    public List<Acceptance> acceptForKey(String channel, long accountId, List<Request> requests, UnaryOperator<AccountOptions> sendOptions) {
        List<Acceptance> answered = db.tx(em -> {
            List<Acceptance> answers = new ArrayList<>(requests.size());
            for (Request r : requests) {
                answers.add(decide(r, accountId, false, sendOptions));
            }
            return answers;
        });
        // Counted once decided (the API's call commits them with its idempotency key right after).
        Meters.Channel c = meters.channel(channel);
        answered.forEach(a -> counted(c, a));
        return answered;
    }

    private Acceptance decide(Request request, Long authenticated, boolean grouped) {
        return decide(request, authenticated, grouped, UnaryOperator.identity());
    }

    /**
     * @param authenticated the account, when the channel authenticated it; null to check the login
     * @param grouped       record by group commit (a request alone in its thread); else in this thread's transaction
     */
    private Acceptance decide(Request request, Long authenticated, boolean grouped, UnaryOperator<AccountOptions> sendOptions) {
        AccountFacts facts = new AccountFacts(request, authenticated);
        Verdict verdict = SubmitChecks.check(request, facts, rules);
        if (verdict.cancellation()) {
            boolean cancelled = false;
            List<PhoneNumber> numbers = new ArrayList<>();
            if (verdict.isBulk()) {
                verdict.bulk().forEach(p -> numbers.add(p.number()));
            } else {
                numbers.add(verdict.number());
            }
            for (PhoneNumber number : numbers) {
                cancelled |= cancellations.cancel(facts.accountId, number, verdict.cancel().at());
            }
            return Acceptance.refused(cancelled ? Code.DEFERRED_CANCELLED : Code.DEFERRED_NOT_CANCELLED);
        }
        if (verdict.code() == Code.TEST_OK) {
            String to = verdict.isBulk() || verdict.number() == null ? request.number().strip() : verdict.number().e164();
            return new Acceptance(Code.TEST_OK, List.of(), List.of(),
                    new Acceptance.Quote(to, verdict.parts() == null ? 0 : verdict.parts().parts(), verdict.credits()));
        }
        if (!verdict.accepted()) {
            return Acceptance.refused(verdict.code());
        }
        AccountOptions options = sendOptions.apply(verdict.options());
        if (verdict.isBulk()) {
            return recordBulk(facts.accountId, verdict, options, Recorder.campaign(facts.accountId, "group", request.number()));
        }
        Recorder.Draft draft = Recorder.Draft.of(facts.accountId, verdict.number(), request.text(), verdict.parts(), verdict.credits(),
                connectorFor(verdict.number()), verdict.sendAt(), options.format().name(), (int) options.validity().toMinutes(),
                options.duplicateGuard());
        Recorder.Outcome outcome = grouped ? recorder.record(draft) : recorder.recordNow(List.of(draft)).get(0);
        if (!outcome.recorded()) {
            return Acceptance.refused(outcome.refusal());
        }
        if (grouped) {
            Recorder.journal(draft, outcome);
        }
        return new Acceptance(verdict.code(), List.of(outcome.id()));
    }

    /**
     * A bulk's members, each sent at its time (now, its deferred date, or 08:00 for a landline at
     * night), or recorded FAILED with the code a single send would get.
     */
    private Acceptance recordBulk(long accountId, SubmitChecks.Verdict verdict, AccountOptions options, Recorder.Campaign campaign) {
        // The members are planned again as they are recorded: the group is read a page at a time.
        Iterable<Recorder.BulkDraft> drafts = () -> {
            java.util.Iterator<SubmitChecks.Planned> plan = verdict.bulk().iterator();
            return new java.util.Iterator<>() {
                @Override
                public boolean hasNext() {
                    return plan.hasNext();
                }

                @Override
                public Recorder.BulkDraft next() {
                    return draft(plan.next());
                }
            };
        };
        Optional<List<Long>> ids;
        List<Long> all = new ArrayList<>();
        try {
            ids = recorder.recordBulk(accountId, drafts, options.format().name(), (int) options.validity().toMinutes(), all, campaign);
        } catch (Recorder.NotEnoughCredit e) {
            throw new IllegalStateException(e.getMessage() + " (a mail's group send: nothing recorded)", e);
        }
        if (ids.isEmpty()) {
            return Acceptance.refused(Code.NOT_ENOUGH_CREDIT);
        }
        Set<Long> sent = new HashSet<>(ids.get());
        return new Acceptance(verdict.code(), ids.get(), all.stream().filter(id -> !sent.contains(id)).toList(), null, campaign.id());
    }

    /** Members of a send file recorded per batch. */
    static final int FILE_BATCH = 500;

    /**
     * A send file of the drop folder (CSV-2), in one transaction, the account locked: refused
     * whole when the same file was taken before, when its text or date is wrong, or when the
     * credit does not cover the members that can be sent; otherwise each row is recorded, sent or
     * FAILED with the reason a single send would get. The rows are read twice: checked (each
     * refused one told to the request's {@link FileRequest.Refusals}), then recorded in batches,
     * with the same answers since nothing else can debit the locked account in between.
     */
    public FileAcceptance acceptFile(FileRequest file) {
        FileAcceptance answer = acceptFileOnce(file);
        // A file taken before is answered as a duplicate (91).
        meters.channel("drop").answered(answer.code() == null ? Code.DUPLICATE : answer.code(), answer.ids() == null ? 0 : answer.ids().size());
        return answer;
    }

    private FileAcceptance acceptFileOnce(FileRequest file) {
        return db.tx(em -> {
            Optional<DropFile> same = em.createQuery("select d from DropFile d where d.accountId = :a and d.contentHash = :h",
                    DropFile.class).setParameter("a", file.accountId()).setParameter("h", file.contentHash()).getResultStream().findFirst();
            if (same.isPresent()) {
                return FileAcceptance.duplicate(same.get().getFileName() + ", taken " + same.get().getTakenAt().withNano(0));
            }
            AccountFacts facts = new AccountFacts(file.accountId());
            BulkChecks.Started started = BulkChecks.start(file.text(), file.diff(), false, facts, rules, facts.options);
            if (started.refusal() != null) {
                return FileAcceptance.unread(started.refusal());
            }
            BulkChecks.Bulk bulk = started.bulk();
            int refused = eachFileRecipient(file, facts, bulk, file.refusals(), (p, line) -> {
                if (!p.sendable()) {
                    file.refusals().row(line, notSent(p.refusal()));
                }
            });
            Code code = bulk.code();
            if (code != Code.ACCEPTED && code != Code.DEFERRED) {
                return FileAcceptance.refused(code, refused, bulk.credits());
            }
            facts.planned.clear();
            BulkChecks.Bulk again = BulkChecks.start(file.text(), file.diff(), false, facts, rules, facts.options).bulk();
            List<Recorder.BulkDraft> batch = new ArrayList<>(FILE_BATCH);
            List<Long> ids = new ArrayList<>();
            Recorder.Campaign campaign = Recorder.campaign(file.accountId(), "file", file.name());
            eachFileRecipient(file, facts, again, (line, reason) -> { }, (p, line) -> {
                batch.add(draft(p));
                if (batch.size() == FILE_BATCH) {
                    ids.addAll(recordFileBatch(file.accountId(), batch, facts.options, campaign));
                    batch.clear();
                }
            });
            if (!batch.isEmpty()) {
                ids.addAll(recordFileBatch(file.accountId(), batch, facts.options, campaign));
            }
            em.persist(new DropFile(file.accountId(), file.contentHash(), file.name(), OffsetDateTime.now(rules.clock())));
            return new FileAcceptance(code, true, null, ids, refused, bulk.credits(), code == Code.DEFERRED ? bulk.sendAt() : null);
        });
    }

    private List<Long> recordFileBatch(long accountId, List<Recorder.BulkDraft> batch, AccountOptions options, Recorder.Campaign campaign) {
        return recorder.recordBulk(accountId, List.copyOf(batch), options.format().name(), (int) options.validity().toMinutes(), null, campaign)
                .orElseThrow(() -> new IllegalStateException("the balance moved under the account's lock"));
    }

    /** Each row of a send file: unreadable and blacklisted ones told (and counted), the others planned. Returns the refused count. */
    private int eachFileRecipient(FileRequest file, AccountFacts facts, BulkChecks.Bulk bulk, FileRequest.Refusals refusals,
                                  java.util.function.ObjLongConsumer<SubmitChecks.Planned> each) {
        int[] refused = {0};
        try {
            file.rows().each(row -> {
                if (row.contact().isEmpty()) {
                    refusals.row(row.line(), row.refusal());
                    refused[0]++;
                    return;
                }
                ContactRows.Contact c = row.contact().get();
                if (facts.blacklisted(c.number())) {
                    refusals.row(row.line(), "not sent: the number is on the account's blacklist (84)");
                    refused[0]++;
                    return;
                }
                SubmitChecks.Planned p = bulk.plan(new SubmitChecks.Recipient(c.number(), c.v1(), c.v2(), c.v3()));
                if (!p.sendable()) {
                    refused[0]++;
                }
                each.accept(p, row.line());
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return refused[0];
    }

    /**
     * A message the gateway sends for the account past the checks, free: the STOP confirmation
     * (OPT-14), which must reach the number the STOP has just blacklisted. Recorded in the
     * caller's transaction; the dispatch route queues it after the commit.
     */
    public long system(long accountId, PhoneNumber to, String text) {
        AccountOptions options = accounts.options(accountId);
        PartCount parts = PartCount.of(text, rules.charset().apply(to));
        Recorder.Draft draft = Recorder.Draft.of(accountId, to, text, parts, 0, connectorFor(to), null, options.format().name(),
                (int) options.validity().toMinutes(), false);
        return recorder.recordNow(List.of(draft)).get(0).id();
    }

    /** A member of a bulk as recorded: sent at its time on its connector, or FAILED with its reason. */
    private Recorder.BulkDraft draft(SubmitChecks.Planned p) {
        return new Recorder.BulkDraft(p.number(), p.text(), p.parts(), p.credits(), connectorFor(p.number()), p.sendAt(),
                p.sendable() ? null : notSent(p.refusal()));
    }

    private static String notSent(Code code) {
        return "not sent: " + why(code);
    }

    /** The reason recorded for a member of a bulk that is not sent: what a single send would answer. */
    public static String why(Code code) {
        String text = switch (code) {
            case INVALID_NUMBER -> "the account has no option for this kind of number";
            case DOM_TOM_NOT_ALLOWED -> "the account has no DOM-TOM option";
            case EMPTY_MESSAGE -> "the text is empty once merged";
            case DUPLICATE -> "the same text went to this number in the last 24 hours";
            default -> code.name();
        };
        return text + " (" + code.value() + ")";
    }

    private static final java.util.regex.Pattern WHY_CODE = java.util.regex.Pattern.compile("\\((\\d{2})\\)$");

    /** The code in a reason {@link #why} wrote (a bulk member not sent), if it is one. */
    public static Optional<Code> codeOf(String reason) {
        if (reason == null) {
            return Optional.empty();
        }
        java.util.regex.Matcher m = WHY_CODE.matcher(reason);
        return m.find() ? Optional.of(Code.of(Integer.parseInt(m.group(1)))) : Optional.empty();
    }

    private String connectorFor(PhoneNumber number) {
        return ConnectorChoice.choose(number, connectors);
    }

    /**
     * What the checks need to know of the request's account. For a send file: the account
     * locked, its balance read once, and the file's own messages so far (the same text twice to
     * a number in one file is a duplicate too).
     */
    private final class AccountFacts implements SubmitChecks.Facts {
        private final Request request;
        private long accountId;
        private AccountOptions options;
        /** A send file's: its balance under the lock, and the messages planned so far in the current pass. */
        private Long lockedBalance;
        final Set<String> planned;

        AccountFacts(Request request, Long authenticated) {
            this.request = request;
            this.planned = null;
            if (authenticated != null) {
                accountId = authenticated;
                options = accounts.options(authenticated);
            }
        }

        AccountFacts(long fileAccount) {
            this.request = null;
            this.planned = new HashSet<>();
            this.accountId = fileAccount;
            this.lockedBalance = accounts.lockedBalance(fileAccount);
            this.options = accounts.options(fileAccount);
            this.bulk = new RecentSends(fileAccount, blacklist, recent, queries, rules.clock().instant());
        }

        @Override
        public boolean loginValid() {
            if (options != null) {
                return true;
            }
            // A password opens /http.php only for an account whose channels allow it (ACC-4; none when disabled).
            Optional<Accounts.Login> login = accounts.authenticate(request.email(), request.password())
                    .filter(l -> l.options().allows(io.colibri.domain.Channel.HTTP));
            login.ifPresent(l -> {
                accountId = l.accountId();
                options = l.options();
            });
            return login.isPresent();
        }

        @Override
        public AccountOptions options() {
            return options;
        }

        /** Set for a bulk: the account's blacklist, read once for the whole group. */
        private RecentSends bulk;

        @Override
        public boolean blacklisted(PhoneNumber number) {
            return bulk != null ? bulk.blacklisted(number) : blacklist.contains(accountId, number);
        }

        /**
         * A message to record is checked when it is recorded, under the account's lock (with the
         * others of its batch); a test (92) or a group's member is checked here.
         */
        @Override
        public boolean sentWithin24h(PhoneNumber number, String text) {
            if (planned != null && !planned.add(RecentSends.key(number, text))) {
                return true;
            }
            if (bulk != null) {
                return bulk.sentWithin24h(number, text);
            }
            return request.test() && queries.sentWithin24h(accountId, number, text, rules.clock().instant());
        }

        /** The group's members, read a page at a time each time they are iterated (checked, then recorded). */
        @Override
        public Optional<? extends Iterable<SubmitChecks.Recipient>> group(String name) {
            if (request == null) {
                return Optional.empty(); // a file lists its recipients
            }
            Optional<Iterable<Groups.Member>> members = groups.stream(accountId, name);
            if (members.isEmpty()) {
                return Optional.empty();
            }
            bulk = new RecentSends(accountId, blacklist, recent, queries, rules.clock().instant());
            Iterable<Groups.Member> all = members.get();
            Iterable<SubmitChecks.Recipient> recipients = () -> new java.util.Iterator<>() {
                private final java.util.Iterator<Groups.Member> it = all.iterator();
                private SubmitChecks.Recipient next = advance();

                private SubmitChecks.Recipient advance() {
                    while (it.hasNext()) {
                        Groups.Member m = it.next();
                        Optional<PhoneNumber> n = PhoneNumber.parse(m.number());
                        if (n.isPresent()) {
                            return new SubmitChecks.Recipient(n.get(), m.v1(), m.v2(), m.v3());
                        }
                    }
                    return null;
                }

                @Override
                public boolean hasNext() {
                    return next != null;
                }

                @Override
                public SubmitChecks.Recipient next() {
                    SubmitChecks.Recipient r = next;
                    if (r == null) {
                        throw new java.util.NoSuchElementException();
                    }
                    next = advance();
                    return r;
                }
            };
            return Optional.of(recipients);
        }

        /**
         * A single message's credit is decided when it is recorded, under the account's lock; a
         * test (92) and a group (checked whole, again under the lock when recorded) read it here.
         */
        @Override
        public boolean creditCovers(int credits) {
            if (lockedBalance != null) {
                return lockedBalance >= credits;
            }
            return bulk == null && !request.test() || accounts.balance(accountId) >= credits;
        }
    }
}
