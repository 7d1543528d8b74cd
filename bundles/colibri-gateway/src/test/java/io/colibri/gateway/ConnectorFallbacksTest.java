package io.colibri.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.colibri.domain.SmscCharset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The key {@code fallback} of the connector files (issue 17): chains allowed, mistakes said at start. */
class ConnectorFallbacksTest {
    private static Connector connector(String name, String fallback) {
        return connector(name, fallback, SmscCharset.GSM);
    }

    private static Connector connector(String name, String fallback, SmscCharset charset) {
        return new Connector(name, "127.0.0.1", 2775, name, "secret", 1, 50, charset, List.of(), fallback);
    }

    @Test
    void the_key_is_read_from_the_cfg_file_and_empty_means_none() {
        assertThat(Connector.from("mobile", Map.of("fallback", " backup ")).fallback()).isEqualTo("backup");
        assertThat(Connector.from("mobile", Map.of("fallback", "")).fallback()).isEmpty();
        assertThat(Connector.from("mobile", Map.of()).fallback()).isEmpty();
    }

    @Test
    void a_chain_is_each_connectors_next() {
        assertThat(Connector.fallbacks(List.of(connector("a", "b"), connector("b", "c"), connector("c", ""), connector("d", ""))))
                .containsExactlyInAnyOrderEntriesOf(Map.of("a", "b", "b", "c"));
    }

    @Test
    void a_fallback_that_names_no_connector_is_a_configuration_error() {
        assertThatThrownBy(() -> Connector.fallbacks(List.of(connector("mobile", "bakup"), connector("backup", ""))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("connector mobile: fallback 'bakup' is no connector");
    }

    @Test
    void a_cycle_is_a_configuration_error_not_a_hang() {
        assertThatThrownBy(() -> Connector.fallbacks(List.of(connector("a", "b"), connector("b", "a"))))
                .hasMessageContaining("cycle: a -> b -> a");
        assertThatThrownBy(() -> Connector.fallbacks(List.of(connector("a", "a")))).hasMessageContaining("cycle: a -> a");
        assertThatThrownBy(() -> Connector.fallbacks(List.of(connector("a", "b"), connector("b", "c"), connector("c", "b"))))
                .hasMessageContaining("cycle: a -> b -> c -> b");
    }

    @Test
    void a_fallback_reading_data_coding_0_otherwise_is_a_configuration_error() {
        assertThatThrownBy(() -> Connector.fallbacks(List.of(connector("mobile", "latin"), connector("latin", "", SmscCharset.LATIN1))))
                .hasMessageContaining("connector mobile: fallback latin has charset");
    }
}
