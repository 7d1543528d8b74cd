package io.colibri.gateway.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.colibri.gateway.RouteTestSupport;
import io.colibri.gateway.store.Sms;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Issue 17: the Prometheus endpoint on its own listener, scraped over HTTP before and after
 * sends through /http.php; every counter moves by exactly what happened, and the Grafana
 * dashboard asks only for metrics the endpoint has.
 */
class MetricsTest extends RouteTestSupport {
    static final Path DASHBOARD = Path.of("../../docs/grafana/colibri.json").toAbsolutePath().normalize();
    private static final Pattern SERIES = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*(?:\\{[^}]*})?) (\\S+)$", Pattern.MULTILINE);

    private HttpResponse<String> scrapeResponse() throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsPort + "/metrics")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Each series of a scrape (name and labels as written) and its value. */
    private Map<String, Double> scrape() throws Exception {
        HttpResponse<String> r = scrapeResponse();
        assertThat(r.statusCode()).isEqualTo(200);
        Map<String, Double> series = new LinkedHashMap<>();
        Matcher m = SERIES.matcher(r.body());
        while (m.find()) {
            series.put(m.group(1), Double.parseDouble(m.group(2)));
        }
        return series;
    }

    private static double delta(Map<String, Double> before, Map<String, Double> after, String series) {
        return after.getOrDefault(series, 0.0) - before.getOrDefault(series, 0.0);
    }

    @Test
    void counters_move_by_what_was_accepted_refused_submitted_delivered_and_undeliverable() throws Exception {
        String account = newAccount(10);
        await().atMost(Duration.ofSeconds(30)).until(() -> portOpen(metricsPort));
        Map<String, Double> before = scrape();
        smsc.undeliverable("33612345679", 1);

        assertThat(get(params(account, "0612345678", "bonjour"))).isEqualTo("80");
        assertThat(get(params(account, "0612345679", "bonsoir"))).isEqualTo("80");
        assertThat(get(params(account, "0612345678", ""))).isEqualTo("90");
        await().atMost(Duration.ofSeconds(30)).until(() -> messages(account).stream()
                .allMatch(m -> m.getStatus() == Sms.Status.DELIVERED || m.getStatus() == Sms.Status.UNDELIVERABLE));

        Map<String, Double> after = scrape();
        assertThat(delta(before, after, "colibri_requests_total{channel=\"http\",code=\"80\"}")).isEqualTo(2);
        assertThat(delta(before, after, "colibri_requests_total{channel=\"http\",code=\"90\"}")).isEqualTo(1);
        assertThat(delta(before, after, "colibri_messages_recorded_total{channel=\"http\"}")).isEqualTo(2);
        assertThat(delta(before, after, "colibri_submitted_total{connector=\"mobile\"}")).isEqualTo(2);
        assertThat(delta(before, after, "colibri_submit_failed_total{connector=\"mobile\"}")).isZero();
        assertThat(delta(before, after, "colibri_delivered_total{connector=\"mobile\"}")).isEqualTo(1);
        assertThat(delta(before, after, "colibri_undeliverable_total{connector=\"mobile\"}")).isEqualTo(1);
        assertThat(delta(before, after, "colibri_accept_to_submit_seconds_count{connector=\"mobile\"}")).isEqualTo(2);
        assertThat(delta(before, after, "colibri_accept_to_submit_seconds_bucket{connector=\"mobile\",le=\"+Inf\"}")).isEqualTo(2);
        // The simulator answers receipts after 100 ms: both within the 5 s bucket.
        assertThat(delta(before, after, "colibri_submit_to_receipt_seconds_count{connector=\"mobile\"}")).isEqualTo(2);
        assertThat(delta(before, after, "colibri_submit_to_receipt_seconds_bucket{connector=\"mobile\",le=\"5\"}")).isEqualTo(2);
        // Gauges read at scrape time: the receiver is bound, the broker's queues are seen, nothing is dead.
        assertThat(after).containsEntry("colibri_connector_receiver_bound{connector=\"mobile\"}", 1.0)
                .containsEntry("colibri_dead_letters", 0.0)
                .containsEntry("colibri_connector_failing_batches{connector=\"mobile\"}", 0.0)
                .containsKey("colibri_callbacks_pending").containsKey("colibri_mails_held")
                .containsKey("colibri_queue_messages{queue=\"colibri.outbound.mobile\"}");
    }

    @Test
    void the_endpoint_answers_the_text_format_on_its_own_listener_and_refuses_other_methods() throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() -> portOpen(metricsPort));
        HttpResponse<String> r = scrapeResponse();
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain; version=0.0.4"));
        assertThat(r.body()).contains("# TYPE colibri_requests_total counter\n", "# TYPE colibri_accept_to_submit_seconds histogram\n");
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsPort + "/metrics"))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
        // Not on the customers' server.
        HttpResponse<String> onHttp = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/metrics")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(onHttp.statusCode()).isEqualTo(404);
    }

    @Test
    void every_metric_the_grafana_dashboard_queries_is_in_the_scrape() throws Exception {
        String json = Files.readString(DASHBOARD);
        com.fasterxml.jackson.databind.JsonNode dashboard = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
        Set<String> queried = new TreeSet<>();
        Matcher m = Pattern.compile("\\b((?:colibri|jvm|process)_[a-zA-Z0-9_]+)").matcher(String.join("\n", dashboard.findValuesAsText("expr")));
        while (m.find()) {
            queried.add(m.group(1));
        }
        assertThat(queried).as("metrics the dashboard queries").isNotEmpty();
        await().atMost(Duration.ofSeconds(30)).until(() -> portOpen(metricsPort));
        // One message through, so that every series exists (a histogram's buckets, the database's figures).
        String account = newAccount(1);
        assertThat(get(params(account, "0612345678", "bonjour"))).isEqualTo("80");
        await().atMost(Duration.ofSeconds(30)).until(() -> messages(account).get(0).getStatus() == Sms.Status.DELIVERED);
        Set<String> names = new TreeSet<>();
        scrape().keySet().forEach(s -> names.add(s.replaceAll("\\{.*", "")));
        assertThat(names).as("metrics of the scrape").containsAll(queried);
    }
}
