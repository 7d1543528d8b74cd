package io.colibri.gateway.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.colibri.domain.Code;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Prometheus's text format 0.0.4 as the endpoint writes it: cumulative buckets, escaped labels, plain numbers. */
class ExpositionTest {
    @Test
    void a_histogram_is_written_cumulative_up_to_inf_which_equals_its_count() {
        Meters meters = new Meters();
        Meters.Connector c = meters.connector("mobile");
        c.submitted(Duration.ofMillis(50));
        c.submitted(Duration.ofMillis(300));
        c.submitted(Duration.ofHours(2));
        c.submitted(Duration.ofMillis(-5)); // a clock moved back: counted as 0, in the first bucket
        String text = new Exposition().histogram("x_seconds", c.acceptToSubmit, "connector", "mobile").toString();
        assertThat(text).contains("x_seconds_bucket{connector=\"mobile\",le=\"0.1\"} 2\n", "x_seconds_bucket{connector=\"mobile\",le=\"0.25\"} 2\n",
                "x_seconds_bucket{connector=\"mobile\",le=\"0.5\"} 3\n", "x_seconds_bucket{connector=\"mobile\",le=\"3600\"} 3\n",
                "x_seconds_bucket{connector=\"mobile\",le=\"+Inf\"} 4\n", "x_seconds_count{connector=\"mobile\"} 4\n",
                "x_seconds_sum{connector=\"mobile\"} 7200.35\n");
        assertThat(c.submitted.sum()).isEqualTo(4);
    }

    @Test
    void label_values_are_escaped_and_help_and_type_come_first() {
        String text = new Exposition().metric("m_total", "counter", "a\nb").sample("m_total", 3, "connector", "a\"b\\c\nd").toString();
        assertThat(text).isEqualTo("# HELP m_total a\\nb\n# TYPE m_total counter\nm_total{connector=\"a\\\"b\\\\c\\nd\"} 3\n");
    }

    @Test
    void answers_are_counted_by_code_and_messages_only_when_recorded() {
        Meters meters = new Meters();
        meters.channel("http").answered(Code.ACCEPTED, 1);
        meters.channel("http").answered(Code.EMPTY_MESSAGE, 0);
        meters.channel("api").answered(Code.ACCEPTED, 3);
        assertThat(meters.channel("http").byCode[Code.ACCEPTED.ordinal()].sum()).isEqualTo(1);
        assertThat(meters.channel("http").byCode[Code.EMPTY_MESSAGE.ordinal()].sum()).isEqualTo(1);
        assertThat(meters.channel("http").recorded.sum()).isEqualTo(1);
        assertThat(meters.channel("api").recorded.sum()).isEqualTo(3);
        assertThat(meters.channels()).containsOnlyKeys("api", "http");
    }
}
