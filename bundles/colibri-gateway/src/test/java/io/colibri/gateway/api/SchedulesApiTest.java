package io.colibri.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.colibri.domain.PhoneNumber;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

/**
 * Issue 15, OPT-9 and OPT-8 through the real routes, the schedule round's timer and the SMSC
 * simulator: a recurring message leaves at each occurrence and is debited then, a missing credit
 * is recorded and nothing crashes, a throttled bulk leaves a batch at a time, pauses where the
 * credit ran out and goes on when resumed; a paused or deleted schedule sends nothing.
 */
class SchedulesApiTest extends ApiTestSupport {
    static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    /** Longer than the schedule round (5 s) with room. */
    static final Duration ROUND = Duration.ofSeconds(20);

    /** Asserts that the condition holds during the whole time, not only at its end. */
    private static void stays(Duration time, java.util.concurrent.Callable<Boolean> condition) {
        await().during(time).atMost(time.plusSeconds(2)).until(condition);
    }

    private String paris(Instant t) {
        return LocalDateTime.ofInstant(t, PARIS).truncatedTo(ChronoUnit.SECONDS).format(DateTimeFormatter.ISO_LOCAL_DATE_TIME);
    }

    @Test
    void a_daily_message_leaves_at_each_occurrence_debited_then_and_a_missing_credit_is_recorded() throws Exception {
        String a = newApiAccount(3);
        Instant first = clock.instant().plus(Duration.ofHours(1));
        HttpResponse<String> created = postJson("/schedules", key(a), "{\"to\": [\"0611111111\", \"0622222222\"], \"text\": \"Rappel du jour\","
                + " \"recurrence\": {\"every\": \"day\", \"first\": \"" + paris(first) + "\", \"zone\": \"Europe/Paris\"}}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        long id = json(created).get("id").asLong();
        assertThat(json(created).get("nextAt").asText()).isEqualTo(first.truncatedTo(ChronoUnit.SECONDS).toString());
        assertThat(balance(a)).as("nothing debited before it leaves").isEqualTo(3);

        clock.setNow(first.plusSeconds(1));
        await().atMost(ROUND).until(() -> smsc.received().size() == 2);
        assertThat(balance(a)).isEqualTo(1);
        JsonNode s = json(getApi("/schedules/" + id, key(a)));
        assertThat(s.get("runs").get(0).get("sent").asInt()).isEqualTo(2);
        assertThat(Instant.parse(s.get("nextAt").asText())).isEqualTo(first.truncatedTo(ChronoUnit.SECONDS).plus(Duration.ofDays(1)));

        // The next day one credit is left for two numbers: one leaves, the other is recorded as refused (83).
        clock.setNow(first.plus(Duration.ofDays(1)).plusSeconds(1));
        await().atMost(ROUND).until(() -> json(getApi("/schedules/" + id, key(a))).get("runs").size() == 2);
        JsonNode run = json(getApi("/schedules/" + id, key(a))).get("runs").get(0);
        assertThat(run.get("sent").asInt()).isEqualTo(1);
        assertThat(run.get("refused").asInt()).isEqualTo(1);
        assertThat(run.get("detail").asText()).contains("83");
        assertThat(balance(a)).isZero();
        assertThat(json(getApi("/schedules/" + id, key(a))).get("status").asText()).isEqualTo("ACTIVE");
        await().atMost(ROUND).until(() -> smsc.received().size() == 3);
    }

    @Test
    void a_throttled_bulk_leaves_a_batch_at_a_time_pauses_where_the_credit_ran_out_and_goes_on_when_resumed() throws Exception {
        String a = newApiAccount(3);
        long account = accountId(a);
        for (int i = 1; i <= 4; i++) {
            store.groups().add(account, "Parents", PhoneNumber.parse("061000000" + i).orElseThrow(), "P" + i, "Enfant" + i, null, null);
        }
        HttpResponse<String> created = postJson("/schedules", key(a), "{\"to\": [\"Parents\", \"0620000000\"], \"text\": \"Bonjour [v1]\","
                + " \"throttle\": {\"batchSize\": 2, \"everyMinutes\": 10}}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        long id = json(created).get("id").asLong();
        assertThat(json(created).get("members").asInt()).isEqualTo(5);

        await().atMost(ROUND).until(() -> smsc.received().size() == 2);
        assertThat(smsc.received()).extracting(m -> m.text()).containsExactlyInAnyOrder("Bonjour Enfant1", "Bonjour Enfant2");
        // A round passes (5 s) and more: the next batch waits for its time.
        stays(Duration.ofSeconds(6), () -> smsc.received().size() == 2);

        clock.advance(Duration.ofMinutes(10));
        await().atMost(ROUND).until(() -> json(getApi("/schedules/" + id, key(a))).get("status").asText().equals("PAUSED"));
        JsonNode paused = json(getApi("/schedules/" + id, key(a)));
        assertThat(paused.get("pausedReason").asText()).contains("member 4 of 5").contains("83");
        await().atMost(ROUND).until(() -> smsc.received().size() == 3);
        assertThat(balance(a)).isZero();

        store.accounts().addCredit(a.split(" ")[0], 10, "test");
        assertThat(postJson("/schedules/" + id + "/resume", key(a), "").statusCode()).isEqualTo(200);
        await().atMost(ROUND).until(() -> smsc.received().size() == 4);
        clock.advance(Duration.ofMinutes(10));
        await().atMost(ROUND).until(() -> smsc.received().size() == 5);
        assertThat(smsc.received()).extracting(m -> m.text()).contains("Bonjour Enfant4", "Bonjour ");
        await().atMost(ROUND).until(() -> json(getApi("/schedules/" + id, key(a))).get("status").asText().equals("DONE"));
        assertThat(balance(a)).isEqualTo(8);
    }

    @Test
    void a_paused_or_deleted_schedule_sends_nothing_and_another_account_never_sees_it() throws Exception {
        String a = newApiAccount(10);
        Instant first = clock.instant().plus(Duration.ofHours(2));
        long id = json(postJson("/schedules", key(a), "{\"to\": [\"0633333333\"], \"text\": \"Hebdo\", \"recurrence\": {\"every\": \"week\","
                + " \"first\": \"" + paris(first) + "\"}}")).get("id").asLong();
        String other = key(newApiAccount(1));
        assertThat(getApi("/schedules/" + id, other).statusCode()).isEqualTo(404);
        assertThat(postJson("/schedules/" + id + "/pause", other, "").statusCode()).isEqualTo(404);
        assertThat(delete("/schedules/" + id, other).statusCode()).isEqualTo(404);

        assertThat(json(postJson("/schedules/" + id + "/pause", key(a), "")).get("status").asText()).isEqualTo("PAUSED");
        assertThat(postJson("/schedules/" + id + "/pause", key(a), "").statusCode()).isEqualTo(409);
        clock.setNow(first.plusSeconds(1));
        stays(Duration.ofSeconds(7), () -> smsc.received().isEmpty());
        // Resumed after its time: that occurrence is not sent late; the next one is due a week on.
        JsonNode resumed = json(postJson("/schedules/" + id + "/resume", key(a), ""));
        assertThat(Instant.parse(resumed.get("nextAt").asText())).isAfter(first.plus(Duration.ofDays(6)));
        assertThat(delete("/schedules/" + id, key(a)).statusCode()).isEqualTo(204);
        assertThat(getApi("/schedules/" + id, key(a)).statusCode()).isEqualTo(404);
        clock.setNow(first.plus(Duration.ofDays(7)).plusSeconds(1));
        stays(Duration.ofSeconds(7), () -> smsc.received().isEmpty());
        assertThat(balance(a)).isEqualTo(10);

        assertThat(postJson("/schedules", key(a), "{\"to\": [\"0633333333\"], \"text\": \"x\"}").statusCode()).isEqualTo(400);
        assertThat(postJson("/schedules", key(a), "{\"to\": [\"0633333333\"], \"text\": \"x\", \"recurrence\": {\"every\": \"hour\","
                + " \"first\": \"2030-01-01T09:00\"}}").statusCode()).isEqualTo(400);
        assertThat(postJson("/schedules", key(a), "{\"to\": [\"0633333333\"], \"text\": \"x\", \"recurrence\": {\"every\": \"day\","
                + " \"first\": \"2001-01-01T09:00\"}}").statusCode()).as("in the past").isEqualTo(400);
        assertThat(postJson("/schedules", key(a), "{\"to\": [\"Inconnus\"], \"text\": \"x\", \"throttle\": {\"batchSize\": 2,"
                + " \"everyMinutes\": 10}}").statusCode()).isEqualTo(400);
        assertThat(json(getApi("/schedules", key(a))).get("schedules")).isEmpty();
    }
}
