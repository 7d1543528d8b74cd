package io.colibri.gateway.api;

import static io.colibri.gateway.api.ApiJson.time;

import io.colibri.domain.Recurrence;
import io.colibri.gateway.schedule.Schedules;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import org.apache.camel.Exchange;

/**
 * Recurring messages (OPT-9) and throttled bulks (OPT-8) through the API: made, listed, read with
 * their runs, paused, resumed, deleted. Bean {@code apiSchedules} of routes/api/schedules.yaml.
 */
public final class SchedulesApi {
    public record RecurrenceRequest(String every, String first, String zone, String until) {
    }

    public record ThrottleRequest(Integer batchSize, Integer everyMinutes, String start) {
    }

    public record NewSchedule(List<String> to, String text, RecurrenceRequest recurrence, ThrottleRequest throttle) {
    }

    public record RunView(long n, String ranAt, int sent, int refused, String detail) {
    }

    public record ScheduleView(long id, String kind, List<String> to, String text, String every, String first, String zone, String until,
                               Integer batchSize, Integer everyMinutes, String start, int members, String status, String pausedReason,
                               String nextAt, String createdAt, List<RunView> runs) {
    }

    public record ScheduleList(List<ScheduleView> schedules) {
    }

    private final Schedules schedules;
    private final ApiAnswers answers;
    private final int maxRecipients;

    public SchedulesApi(Schedules schedules, ApiAnswers answers, int maxRecipients) {
        this.schedules = schedules;
        this.answers = answers;
        this.maxRecipients = maxRecipients;
    }

    /** {@code POST /schedules}: a recurrence or a throttle, not both. */
    public ApiAnswer create(Exchange exchange) {
        long account = ApiGuard.accountOf(exchange);
        NewSchedule r = ApiJson.read(answers.body(exchange), NewSchedule.class);
        if (r.to() == null || r.to().isEmpty() || r.to().size() > maxRecipients
                || r.to().stream().anyMatch(t -> t == null || t.isBlank() || t.length() > MessagesApi.MAX_TO_LENGTH)) {
            throw ApiProblem.badRequest("'to' names 1 to " + maxRecipients + " numbers or group names");
        }
        if ((r.recurrence() == null) == (r.throttle() == null)) {
            throw ApiProblem.badRequest("a schedule has either a 'recurrence' or a 'throttle'");
        }
        try {
            Schedules.Schedule made = r.recurrence() != null ? recurring(account, r) : throttled(account, r);
            return ApiAnswer.created(view(made, null));
        } catch (Schedules.ScheduleException | DateTimeException | IllegalArgumentException e) {
            throw ApiProblem.badRequest(e.getMessage());
        }
    }

    private Schedules.Schedule recurring(long account, NewSchedule r) {
        RecurrenceRequest rec = r.recurrence();
        if (rec.every() == null || rec.first() == null) {
            throw ApiProblem.badRequest("a recurrence has 'every' (day, week, month, year) and 'first' (2027-01-15T09:00)");
        }
        Recurrence.Every every;
        try {
            every = Recurrence.Every.valueOf(rec.every().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badRequest("'every' is day, week, month or year");
        }
        return schedules.recurring(account, r.to(), r.text(), every, LocalDateTime.parse(rec.first()),
                ZoneId.of(rec.zone() == null ? "Europe/Paris" : rec.zone()), rec.until() == null ? null : LocalDate.parse(rec.until()));
    }

    private Schedules.Schedule throttled(long account, NewSchedule r) {
        ThrottleRequest t = r.throttle();
        if (t.batchSize() == null || t.everyMinutes() == null) {
            throw ApiProblem.badRequest("a throttle has 'batchSize' and 'everyMinutes'");
        }
        Instant start = t.start() == null ? Instant.now() : OffsetDateTime.parse(t.start()).toInstant();
        return schedules.throttled(account, r.to(), r.text(), new Recurrence.Throttle(t.batchSize(), Duration.ofMinutes(t.everyMinutes())),
                start);
    }

    /** {@code GET /schedules}. */
    public ApiAnswer list(Exchange exchange) {
        return ApiAnswer.ok(new ScheduleList(schedules.of(ApiGuard.accountOf(exchange)).stream().map(s -> view(s, null)).toList()));
    }

    /** {@code GET /schedules/{id}}: with its latest runs. */
    public ApiAnswer get(Exchange exchange) {
        Schedules.Schedule s = own(exchange);
        return ApiAnswer.ok(view(s, schedules.runs(s.id())));
    }

    /** {@code POST /schedules/{id}/pause}. */
    public ApiAnswer pause(Exchange exchange) {
        Schedules.Schedule s = own(exchange);
        return ApiAnswer.ok(view(change(() -> schedules.pause(s.accountId(), s.id())), null));
    }

    /** {@code POST /schedules/{id}/resume}. */
    public ApiAnswer resume(Exchange exchange) {
        Schedules.Schedule s = own(exchange);
        return ApiAnswer.ok(view(change(() -> schedules.resume(s.accountId(), s.id())), null));
    }

    /** {@code DELETE /schedules/{id}}: 204. */
    public ApiAnswer delete(Exchange exchange) {
        Schedules.Schedule s = own(exchange);
        schedules.delete(s.accountId(), s.id());
        return new ApiAnswer(204, null);
    }

    private static Schedules.Schedule change(java.util.function.Supplier<Schedules.Schedule> change) {
        try {
            return change.get();
        } catch (Schedules.ScheduleException e) {
            throw ApiProblem.conflict(null, e.getMessage());
        }
    }

    private Schedules.Schedule own(Exchange exchange) {
        long id = ApiProblem.id(exchange.getIn(), "schedule");
        return schedules.find(ApiGuard.accountOf(exchange), id).orElseThrow(() -> ApiProblem.notFound("no schedule " + id));
    }

    private static ScheduleView view(Schedules.Schedule s, List<Schedules.Run> runs) {
        return new ScheduleView(s.id(), s.kind().name().toLowerCase(Locale.ROOT), s.recipients(), s.text(),
                s.every() == null ? null : s.every().name().toLowerCase(Locale.ROOT),
                s.first() == null ? null : s.first().format(DateTimeFormatter.ISO_LOCAL_DATE_TIME), s.zone(),
                s.until() == null ? null : s.until().toString(), s.batchSize(), s.batchMinutes(), time(s.start()), s.members(),
                s.status().name(), s.pausedReason(), time(s.nextAt()), time(s.createdAt()),
                runs == null ? null : runs.stream().map(r -> new RunView(r.n(), time(r.ranAt()), r.sent(), r.refused(), r.detail())).toList());
    }

}
