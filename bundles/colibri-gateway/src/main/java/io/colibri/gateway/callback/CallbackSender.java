package io.colibri.gateway.callback;

import io.colibri.domain.Callback;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bean of routes/callbacks.yaml: POSTs the events due, each signed with its account's secret,
 * without waiting for the answers (a slow or dead server delays only its own account: at most
 * {@value #PER_ACCOUNT} of an account's POSTs are under way at once, each given {@code timeout}).
 * A 2xx answer marks the event sent; anything else, or no answer, tries it again later. The
 * answers of a round are recorded together at the next round, which each answer (and each commit
 * of new events) wakes: a steady stream, not a round a second.
 */
public final class CallbackSender {
    private static final Logger LOG = LoggerFactory.getLogger(CallbackSender.class);
    static final int PER_ROUND = 1000;
    static final int PER_ACCOUNT = 8;

    private final Callbacks callbacks;
    private final Clock clock;
    private final Duration timeout;
    private final HttpClient http;
    private final Set<Long> inFlight = ConcurrentHashMap.newKeySet();
    private final Map<Long, AtomicInteger> perAccount = new ConcurrentHashMap<>();
    /** Answers come on the HTTP client's threads; the route's next round records them together. */
    private final java.util.Queue<Callbacks.Outcome> answers = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private volatile Runnable wake = () -> { };

    public CallbackSender(Callbacks callbacks, Clock clock, Duration timeout) {
        this.callbacks = callbacks;
        this.clock = clock;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /**
     * One round: records what the POSTs finished since the last round came to (one transaction),
     * then starts the POST of each event due, without waiting for the answers; each answer wakes
     * the route for the next round. Returns how many started.
     */
    public int send() {
        List<Callbacks.Outcome> finished = new java.util.ArrayList<>();
        Callbacks.Outcome o;
        while ((o = answers.poll()) != null) {
            finished.add(o);
        }
        try {
            for (Callbacks.Event e : callbacks.record(finished, clock.instant())) {
                LOG.warn("callback event {} of account {} given up after 24 h", e.id(), e.accountId());
            }
        } catch (RuntimeException failure) {
            LOG.warn("{} callback outcome(s) not recorded ({}); those events will be sent again", finished.size(), failure.toString());
        } finally {
            // Only now may they be due again: their outcome is recorded (or they must go again).
            finished.forEach(f -> inFlight.remove(f.event().id()));
        }
        List<Callbacks.Event> due = callbacks.due(clock.instant(), PER_ROUND, inFlight);
        int started = 0;
        for (Callbacks.Event e : due) {
            AtomicInteger busy = perAccount.computeIfAbsent(e.accountId(), a -> new AtomicInteger());
            if (busy.get() >= PER_ACCOUNT) {
                continue;
            }
            busy.incrementAndGet();
            inFlight.add(e.id());
            started++;
            HttpRequest request;
            try {
                request = HttpRequest.newBuilder(URI.create(e.url())).timeout(timeout)
                        .header("Content-Type", "application/json; charset=UTF-8")
                        .header(Callback.SIGNATURE_HEADER, Callback.signature(e.secret(), e.body()))
                        .header("X-Colibri-Event", Long.toString(e.id()))
                        .POST(HttpRequest.BodyPublishers.ofString(e.body())).build();
            } catch (IllegalArgumentException bad) {
                finish(e, null, bad);
                continue;
            }
            http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> finish(e, response, error));
        }
        return started;
    }

    private void finish(Callbacks.Event e, HttpResponse<Void> response, Throwable error) {
        perAccount.get(e.accountId()).decrementAndGet();
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
