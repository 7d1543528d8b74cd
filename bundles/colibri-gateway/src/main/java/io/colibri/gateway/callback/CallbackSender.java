package io.colibri.gateway.callback;

import io.colibri.domain.Callback;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bean of routes/callbacks/callbacks.yaml: POSTs the events not sent yet, each signed with its account's
 * secret, without waiting for the answers. The events are read once, in id order, and held here
 * until their outcome is recorded: per message (or reply) in order, one at a time; per account at
 * most {@value #PER_ACCOUNT} POSTs under way, each given {@code timeout} (a slow or dead server
 * delays only its own account; accounts take turns). A 2xx answer marks the event sent; anything
 * else, or no answer, tries it again later (back-off until 24 h, then given up). The answers are
 * recorded together at the next round, which each answer (and each commit of new events) wakes.
 * Every {@value #SWEEP_SECONDS} s a sweep finds what reading in id order went past (an event whose
 * transaction committed after a later one's); an account with more events than its share
 * ({@value #HELD_PER_ACCOUNT}) is read by sweeps alone, one each time it has room for half its share.
 * The events of an account whose target is the broker ({@code bus:colibri.events}) are published
 * instead, a round's together in one broker transaction, by the {@link EventBus} the bus flow hands
 * over; then recorded as answered POSTs are.
 *
 * <p>Several nodes (issue 18): an account's events are sent by the node holding the account's lease
 * ({@code callback_lease}), taken when it finds events of an account nobody holds, renewed every
 * {@link #RENEW} while it has any, let go once it has held none for {@link #LINGER}. The other nodes
 * leave the account's events alone: no event is POSTed by two live nodes, and the events of a
 * message keep their order. A lease not renewed for {@code lease} (a dead node's) is taken by the
 * next node whose sweep finds the account's events; what the dead node had under way may be sent
 * again (at least once). A node whose renewal fails starts no POST once its lease could run out
 * before the POST's answer.
 */
public final class CallbackSender {
    private static final Logger LOG = LoggerFactory.getLogger(CallbackSender.class);
    static final int PER_ACCOUNT = 16;
    /** Events held at the most, and per account (one whose server is down cannot fill the memory for all). */
    static final int HELD = 20_000;
    static final int HELD_PER_ACCOUNT = 2_000;
    static final int READ = 1_000;
    static final int SWEEP_SECONDS = 5;
    /** How often a node renews its leases (at most: at the rounds that fall after). */
    static final Duration RENEW = Duration.ofSeconds(1);
    /** How long a node keeps the lease of an account it holds nothing of any more (its next events come soon, often). */
    static final Duration LINGER = Duration.ofSeconds(5);

    /** An event held here, first of its ordering key or behind it. */
    private static final class Held {
        Callbacks.Event event;
        boolean inFlight;
        /** Waiting in {@code ready} or {@code later}. */
        boolean scheduled;

        Held(Callbacks.Event event) {
            this.event = event;
        }
    }

    private final Callbacks callbacks;
    private final Clock clock;
    private final Duration timeout;
    private final HttpClient http;
    /** Answers come on the HTTP client's threads; the route's next round records them together. */
    private final Queue<Callbacks.Outcome> answers = new ConcurrentLinkedQueue<>();
    private volatile Runnable wake = () -> { };

    // Touched by rounds only (one at a time: the route's SEDA queue has one consumer; synchronized too).
    private final Map<String, ArrayDeque<Held>> byKey = new HashMap<>();
    private final Set<Long> held = new HashSet<>();
    private final Map<Long, Integer> heldPerAccount = new HashMap<>();
    /** Per account, in turn: the heads that may leave now. */
    private final Map<Long, ArrayDeque<Held>> ready = new LinkedHashMap<>();
    /** Heads waiting for their next attempt. */
    private final PriorityQueue<Held> later = new PriorityQueue<>(Comparator.comparing((Held h) -> h.event.nextAt())
            .thenComparingLong(h -> h.event.id()));
    private final Map<Long, Integer> busy = new HashMap<>();
    /** Accounts that had more events than their share: read by the sweep alone until it caught up, so in order. */
    private final Set<Long> behind = new HashSet<>();
    private long cursor;
    private Instant nextSweep = Instant.MIN;

    /** This node's name in {@code callback_lease}, and how long a lease holds unless renewed. */
    private final String node;
    private final Duration lease;
    /** The accounts whose lease this node holds: only their events are held and sent here. */
    private final Set<Long> leased = new HashSet<>();
    /** Until when the leases surely hold (the last renewal's time plus the lease). */
    private Instant leasedUntil = Instant.MIN;
    private Instant renewAt = Instant.MIN;
    /** When each leased account last had something held, taken or answered: let go {@link #LINGER} after. */
    private final Map<Long, Instant> lastActive = new HashMap<>();

    /** A single gateway (tests): leases under the name "colibri". */
    public CallbackSender(Callbacks callbacks, Clock clock, Duration timeout) {
        this(callbacks, clock, timeout, "colibri", Duration.ofSeconds(15));
    }

    /**
     * @param node this node's name
     * @param deadAfter when a node is dead (etc/io.colibri.node.cfg): its leases run out then, or
     *     after three POST timeouts when that is longer (a lease must outlive a POST's answer)
     */
    public CallbackSender(Callbacks callbacks, Clock clock, Duration timeout, String node, Duration deadAfter) {
        this.callbacks = callbacks;
        this.clock = clock;
        this.timeout = timeout;
        this.node = node;
        this.lease = deadAfter.compareTo(timeout.multipliedBy(3)) > 0 ? deadAfter : timeout.multipliedBy(3);
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /**
     * One round: records what the POSTs finished since the last round came to (one transaction),
     * takes in the events committed since, then starts the POST of each event whose turn it is,
     * without waiting for the answers. Returns how many started.
     */
    public synchronized int send() {
        Instant now = clock.instant();
        recordAnswers(now);
        renew(now);
        if (!now.isBefore(nextSweep) || catchUp()) {
            nextSweep = now.plusSeconds(SWEEP_SECONDS);
            if (cursor > 0) {
                sweep(now);
            }
        }
        readNew(now);
        while (!later.isEmpty() && !later.peek().event.nextAt().isAfter(now)) {
            Held h = later.poll();
            ready.computeIfAbsent(h.event.accountId(), a -> new ArrayDeque<>()).add(h);
        }
        int started = start(now);
        letGo(now);
        return started;
    }

    /**
     * Renews this node's leases (once per {@link #RENEW}); an account whose lease another node
     * took (this one was not heard from in time) is dropped here: that node sends its events now.
     */
    private void renew(Instant now) {
        if (now.isBefore(renewAt)) {
            return;
        }
        Set<Long> held;
        try {
            held = callbacks.renew(node, now.plus(lease));
        } catch (RuntimeException e) {
            LOG.warn("callback leases not renewed ({}): no POST starts once they may have run out", e.toString());
            return;
        }
        renewAt = now.plus(RENEW);
        leasedUntil = now.plus(lease);
        for (Long account : new ArrayList<>(leased)) {
            if (!held.contains(account)) {
                LOG.warn("node {}: the callback lease of account {} was taken by another node; its events are that node's now", node,
                        account);
                leased.remove(account);
                lastActive.remove(account);
                forget(account);
                ready.remove(account);
            }
        }
        for (Long account : held) {
            if (leased.add(account)) {
                lastActive.put(account, now); // held since an earlier run under this name
            }
        }
    }

    /** Takes the leases of accounts nobody holds (or whose holder is dead): @return those taken */
    private Set<Long> take(Set<Long> accounts, Instant now) {
        accounts.removeAll(leased);
        if (accounts.isEmpty()) {
            return Set.of();
        }
        Set<Long> taken = callbacks.lease(node, accounts, now, now.plus(lease));
        leased.addAll(taken);
        taken.forEach(a -> lastActive.put(a, now));
        return taken;
    }

    /** Lets go the leases of accounts this node has held nothing of for {@link #LINGER}. */
    private void letGo(Instant now) {
        Instant idleSince = now.minus(LINGER);
        List<Long> idle = leased.stream().filter(a -> !heldPerAccount.containsKey(a) && busy.getOrDefault(a, 0) == 0
                && !behind.contains(a) && lastActive.getOrDefault(a, Instant.MIN).isBefore(idleSince)).toList();
        if (idle.isEmpty()) {
            return;
        }
        try {
            callbacks.letGo(node, idle);
        } catch (RuntimeException e) {
            return; // kept: let go at a later round
        }
        idle.forEach(a -> {
            leased.remove(a);
            lastActive.remove(a);
        });
    }

    private void recordAnswers(Instant now) {
        List<Callbacks.Outcome> finished = new ArrayList<>();
        Callbacks.Outcome o;
        while ((o = answers.poll()) != null) {
            finished.add(o);
        }
        if (finished.isEmpty()) {
            return;
        }
        boolean recorded;
        try {
            for (Callbacks.Event e : callbacks.record(finished, now)) {
                LOG.warn("callback event {} of account {} given up after 24 h", e.id(), e.accountId());
            }
            recorded = true;
        } catch (RuntimeException failure) {
            LOG.warn("{} callback outcome(s) not recorded ({}); those events will be sent again", finished.size(), failure.toString());
            recorded = false;
        }
        for (Callbacks.Outcome f : finished) {
            Callbacks.Event e = f.event();
            busy.merge(e.accountId(), -1, Integer::sum);
            if (leased.contains(e.accountId())) {
                lastActive.put(e.accountId(), now);
            }
            ArrayDeque<Held> queue = byKey.get(e.orderingKey());
            Held mine = null;
            if (queue != null) {
                for (Held h : queue) {
                    if (h.event.id() == e.id()) {
                        mine = h;
                        break;
                    }
                }
            }
            if (mine == null) {
                continue; // dropped meanwhile (the account's callback removed)
            }
            mine.inFlight = false;
            Optional<Instant> next = !recorded ? Optional.of(now) : f.delivered() ? Optional.empty()
                    : Callback.retryAt(e.createdAt().toInstant(), e.attempts() + 1, now);
            if (next.isPresent()) {
                if (recorded) {
                    mine.event = e.failedOnce(next.get());
                }
            } else {
                queue.remove(mine);
                release(mine);
            }
            if (queue.isEmpty()) {
                byKey.remove(e.orderingKey());
            } else {
                scheduleHead(queue);
            }
        }
    }

    /**
     * Events committed since the last round, in id order, as many as may be held: those of the
     * accounts this node holds the lease of, or takes it of now (another node's are left to it).
     * An account taken now that has events this reading went past (another node held it then)
     * is read by the sweep, in order, from its oldest.
     */
    private void readNew(Instant now) {
        while (held.size() < HELD) {
            int limit = Math.min(READ, HELD - held.size());
            Callbacks.Page page = callbacks.after(cursor, limit);
            Set<Long> taken = take(page.events().stream().map(Callbacks.Event::accountId)
                    .collect(java.util.stream.Collectors.toCollection(HashSet::new)), now);
            behind.addAll(callbacks.pendingUpTo(cursor, taken));
            for (Callbacks.Event e : page.events()) {
                if (!leased.contains(e.accountId())) {
                    continue; // another node's: it sends them
                }
                lastActive.put(e.accountId(), now);
                if (behind.contains(e.accountId()) || !hold(e)) {
                    behind.add(e.accountId()); // found again by a sweep once it has fewer under way
                }
            }
            cursor = Math.max(cursor, page.last());
            if (page.rows() < limit) {
                return;
            }
        }
    }

    /** An account that is behind has room for half its share again: its next events are read now, not at the next sweep. */
    private boolean catchUp() {
        for (Long account : behind) {
            if (heldPerAccount.getOrDefault(account, 0) <= HELD_PER_ACCOUNT / 2) {
                return true;
            }
        }
        return false;
    }

    /**
     * What reading in id order went past: late commits, the events of accounts that were behind,
     * and those of accounts nobody holds the lease of any more (their node let it go, or died).
     */
    private void sweep(Instant now) {
        take(callbacks.pendingAccounts(), now);
        List<Callbacks.Event> found = callbacks.missed(cursor, (id, account) -> leased.contains(account) && !held.contains(id)
                && heldPerAccount.getOrDefault(account, 0) < HELD_PER_ACCOUNT, READ);
        Set<Long> still = new HashSet<>();
        for (Callbacks.Event e : found) {
            if (still.contains(e.accountId()) || !hold(e)) {
                still.add(e.accountId());
            }
        }
        if (found.size() < READ) {
            // Every event the sweep could take was taken: an account is behind now only if it is full.
            behind.removeIf(a -> !still.contains(a) && heldPerAccount.getOrDefault(a, 0) < HELD_PER_ACCOUNT);
        }
        behind.addAll(still);
    }

    /** Holds the event in its key's order; false when its account already holds its share. */
    private boolean hold(Callbacks.Event e) {
        if (held.contains(e.id())) {
            return true;
        }
        if (heldPerAccount.getOrDefault(e.accountId(), 0) >= HELD_PER_ACCOUNT) {
            return false;
        }
        held.add(e.id());
        heldPerAccount.merge(e.accountId(), 1, Integer::sum);
        Held h = new Held(e);
        ArrayDeque<Held> queue = byKey.computeIfAbsent(e.orderingKey(), k -> new ArrayDeque<>());
        if (queue.isEmpty() || queue.peekLast().event.id() < e.id()) {
            queue.addLast(h);
        } else {
            // Found by a sweep, older than events held: in its place; it goes first once nothing of its key is under way.
            List<Held> all = new ArrayList<>(queue);
            all.add(h);
            all.sort(Comparator.comparingLong(x -> x.event.id()));
            for (Held x : queue) {
                unschedule(x);
            }
            queue.clear();
            queue.addAll(all);
        }
        scheduleHead(queue);
        return true;
    }

    /** The key's first event goes when its time comes, unless one of the key is under way. */
    private void scheduleHead(ArrayDeque<Held> queue) {
        Held head = queue.peekFirst();
        for (Held x : queue) {
            if (x.inFlight) {
                return;
            }
        }
        if (head.scheduled) {
            return;
        }
        head.scheduled = true;
        if (head.event.nextAt().isAfter(clock.instant())) {
            later.add(head);
        } else {
            ready.computeIfAbsent(head.event.accountId(), a -> new ArrayDeque<>()).add(head);
        }
    }

    private void unschedule(Held h) {
        if (h.scheduled) {
            h.scheduled = false;
            later.remove(h);
            ArrayDeque<Held> heads = ready.get(h.event.accountId());
            if (heads != null) {
                heads.remove(h);
            }
        }
    }

    private void release(Held h) {
        held.remove(h.event.id());
        heldPerAccount.merge(h.event.accountId(), -1, (a, b) -> a + b == 0 ? null : a + b);
    }

    /** Each account in turn, up to its share under way: while this node's leases surely outlast the POSTs' answers. */
    private int start(Instant now) {
        int started = 0;
        if (!now.plus(timeout).isBefore(leasedUntil)) {
            return 0;
        }
        List<EventBus.Outgoing> toBus = new ArrayList<>();
        for (Iterator<Map.Entry<Long, ArrayDeque<Held>>> it = ready.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Long, ArrayDeque<Held>> entry = it.next();
            long account = entry.getKey();
            ArrayDeque<Held> heads = entry.getValue();
            Optional<Callbacks.Target> target = callbacks.target(account);
            if (target.isEmpty() || !leased.contains(account)) {
                forget(account);
                it.remove();
                continue;
            }
            while (!heads.isEmpty() && busy.getOrDefault(account, 0) < PER_ACCOUNT) {
                Held h = heads.poll();
                h.scheduled = false;
                h.inFlight = true;
                busy.merge(account, 1, Integer::sum);
                String address = target.get().busAddress();
                if (address != null) {
                    toBus.add(new EventBus.Outgoing(h.event, address, Callback.signature(target.get().secret(), h.event.body())));
                } else {
                    post(h.event, target.get());
                }
                started++;
            }
            if (heads.isEmpty()) {
                it.remove();
            }
        }
        if (!toBus.isEmpty()) {
            publish(toBus);
        }
        return started;
    }

    /** Where the events of accounts whose target is the broker go (the broker entry's publisher; none: they wait). */
    private volatile EventBus bus;

    public void publishTo(EventBus bus) {
        this.bus = bus;
    }

    /**
     * The round's events for the broker, in one transaction, without waiting (as POSTs do not):
     * each taken once committed, or each tried again later as a failed POST.
     */
    private void publish(List<EventBus.Outgoing> events) {
        EventBus b = bus;
        java.util.concurrent.CompletionStage<Void> done;
        try {
            done = b == null ? java.util.concurrent.CompletableFuture.failedFuture(new IllegalStateException("no broker entry to publish on"))
                    : b.publish(events);
        } catch (RuntimeException e) {
            done = java.util.concurrent.CompletableFuture.failedFuture(e);
        }
        done.whenComplete((ok, error) -> {
            if (error != null) {
                LOG.debug("{} event(s) for the broker not published ({}), tried again later", events.size(), error.toString());
            }
            for (EventBus.Outgoing o : events) {
                answers.add(new Callbacks.Outcome(o.event(), 0, error == null ? null : "not published: " + error));
            }
            wake.run();
        });
    }

    /** The account's callback was removed (its events with it): nothing of it is held any more. */
    private void forget(long account) {
        byKey.values().removeIf(queue -> {
            if (queue.peekFirst().event.accountId() != account) {
                return false;
            }
            queue.forEach(this::release);
            return true;
        });
        later.removeIf(h -> h.event.accountId() == account);
        behind.remove(account);
    }

    private void post(Callbacks.Event e, Callbacks.Target target) {
        HttpRequest request;
        try {
            URI uri = URI.create(target.url());
            java.util.Optional<String> refused = callbacks.refusal(uri);
            if (refused.isPresent()) {
                finish(e, null, new java.io.IOException("callback address refused: " + refused.get()));
                return;
            }
            request = HttpRequest.newBuilder(uri).timeout(timeout)
                    .header("Content-Type", "application/json; charset=UTF-8")
                    .header(Callback.SIGNATURE_HEADER, Callback.signature(target.secret(), e.body()))
                    .header("X-Colibri-Event", Long.toString(e.id()))
                    .POST(HttpRequest.BodyPublishers.ofString(e.body())).build();
        } catch (IllegalArgumentException bad) {
            finish(e, null, bad);
            return;
        }
        http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> finish(e, response, error));
    }

    private void finish(Callbacks.Event e, HttpResponse<Void> response, Throwable error) {
        if (error == null && response.statusCode() / 100 == 2) {
            answers.add(new Callbacks.Outcome(e, response.statusCode(), null));
        } else {
            String why = error != null ? error.getClass().getSimpleName() + (error.getMessage() == null ? "" : ": " + error.getMessage())
                    : "HTTP " + response.statusCode();
            LOG.debug("callback event {} of account {} failed ({}), tried again later", e.id(), e.accountId(), why);
            answers.add(new Callbacks.Outcome(e, response == null ? 0 : response.statusCode(), why));
        }
        wake.run();
    }

    /** What to run when an answer came: wake the route for the next round (never waits). */
    public void wake(Runnable action) {
        wake = action == null ? () -> { } : action;
    }
}
