package io.colibri.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.colibri.gateway.alert.AlertsFlow;
import io.colibri.gateway.callback.CallbacksFlow;
import io.colibri.gateway.drop.DropFlow;
import io.colibri.gateway.http.HttpFlow;
import io.colibri.gateway.karaf.DatabaseComponent;
import io.colibri.gateway.karaf.GatewayComponent;
import io.colibri.gateway.mail.MailFlow;
import io.colibri.gateway.reply.RepliesFlow;
import io.colibri.gateway.retention.RetentionFlow;
import io.colibri.gateway.smpp.SmppFlow;
import java.io.IOException;
import java.io.Reader;
import java.lang.annotation.Annotation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * Typed configurations: keys named as Declarative Services names them, defaults written once in
 * the flow's annotation, and each shipped etc/*.cfg file holding exactly those keys at exactly
 * those defaults (so that the file documents what the code does).
 */
class ConfigsTest {
    static final Path ETC = Path.of("../../etc").toAbsolutePath().normalize();

    @interface Sample {
        String host() default "127.0.0.1";

        int port() default 8080;

        long every() default 1000;

        boolean enabled() default true;

        String[] codes() default {"001"};

        String smtp_host() default "";

        String weird__name() default "";

        String secretKey() default "";

        String noDefault();
    }

    @Test
    void missing_keys_take_the_default_and_given_ones_are_converted_from_their_text() {
        Sample s = Configs.of(Sample.class, Map.of("port", " 2775 ", "every", "5", "enabled", "false", "codes", "001, 002,,",
                "smtp.host", "mail.example.org", "noDefault", "x"));
        assertThat(s.host()).isEqualTo("127.0.0.1");
        assertThat(s.port()).isEqualTo(2775);
        assertThat(s.every()).isEqualTo(5L);
        assertThat(s.enabled()).isFalse();
        assertThat(s.codes()).containsExactly("001", "002");
        assertThat(s.smtp_host()).isEqualTo("mail.example.org");
        assertThat(s.annotationType()).isEqualTo(Sample.class);
    }

    @Test
    void values_of_their_own_type_are_taken_as_they_are_and_a_blank_number_is_the_default() {
        Sample s = Configs.of(Sample.class, Map.of("port", 1, "every", "  ", "noDefault", "x"));
        assertThat(s.port()).isEqualTo(1);
        assertThat(s.every()).isEqualTo(1000L);
    }

    @Test
    void a_key_without_default_must_be_given_and_a_number_must_be_one() {
        assertThatThrownBy(() -> Configs.of(Sample.class, Map.of())).hasMessageContaining("noDefault");
        assertThatThrownBy(() -> Configs.of(Sample.class, Map.of("port", "eighty", "noDefault", "x")))
                .hasMessageContaining("port must be a number");
    }

    @Test
    void keys_are_named_as_declarative_services_names_them() throws Exception {
        assertThat(Configs.key(Sample.class.getDeclaredMethod("smtp_host"))).isEqualTo("smtp.host");
        assertThat(Configs.key(Sample.class.getDeclaredMethod("weird__name"))).isEqualTo("weird_name");
        assertThat(Configs.asMap(Configs.of(Sample.class, Map.of("noDefault", "x")))).containsKeys("smtp.host", "weird_name", "noDefault");
    }

    @Test
    void its_text_never_shows_a_password_or_a_secret() {
        Sample s = Configs.of(Sample.class, Map.of("secretKey", "s3cr3t", "noDefault", "x"));
        assertThat(s.toString()).contains("port=8080").doesNotContain("s3cr3t");
        MailFlow.Config mail = Configs.of(MailFlow.Config.class, Map.of("password", "hunter2", "smtp.password", "hunter3"));
        assertThat(Configs.describe(mail)).doesNotContain("hunter2", "hunter3");
        assertThat(new MailFlow(mail).toString()).doesNotContain("hunter2", "hunter3");
    }

    @Test
    void every_flow_is_made_once_in_order() {
        List<Flow> flows = Flows.all();
        assertThat(flows).extracting(Flow::name).containsExactlyElementsOf(Flows.NAMES);
        assertThat(Flows.COUNT).isEqualTo(Flows.NAMES.size());
        assertThatThrownBy(() -> Flows.inOrder(flows.subList(1, flows.size()))).hasMessageContaining("missing: [node]");
    }

    static Stream<Arguments> files() {
        return Stream.of(Arguments.of("io.colibri.http.cfg", List.of(HttpFlow.Config.class, CallbacksFlow.Config.class)),
                Arguments.of("io.colibri.drop.cfg", List.of(DropFlow.Config.class)),
                Arguments.of("io.colibri.mail.cfg", List.of(MailFlow.Config.class)),
                Arguments.of("io.colibri.replies.cfg", List.of(RepliesFlow.Config.class)),
                Arguments.of("io.colibri.receipts.cfg", List.of(SmppFlow.Config.class)),
                Arguments.of("io.colibri.alerts.cfg", List.of(AlertsFlow.Config.class)),
                Arguments.of("io.colibri.smpp-server.cfg", List.of(io.colibri.gateway.smppserver.SmppServerFlow.Config.class)),
                Arguments.of("io.colibri.bus.cfg", List.of(io.colibri.gateway.bus.BusFlow.Config.class)),
                Arguments.of("io.colibri.retention.cfg", List.of(RetentionFlow.Config.class)),
                Arguments.of("io.colibri.metrics.cfg", List.of(io.colibri.gateway.metrics.MetricsFlow.Config.class)),
                Arguments.of("io.colibri.node.cfg", List.of(io.colibri.gateway.node.NodeFlow.Config.class)),
                Arguments.of("io.colibri.broker.cfg", List.of(GatewayComponent.Broker.class)),
                Arguments.of("io.colibri.database.cfg", List.of(DatabaseComponent.Config.class)));
    }

    @ParameterizedTest
    @MethodSource("files")
    void each_shipped_cfg_file_holds_every_key_of_its_flows_at_its_default(String file, List<Class<? extends Annotation>> configs)
            throws IOException {
        Properties cfg = new Properties();
        try (Reader r = Files.newBufferedReader(ETC.resolve(file), StandardCharsets.UTF_8)) {
            cfg.load(r);
        }
        Map<String, String> shipped = new HashMap<>();
        cfg.forEach((k, v) -> shipped.put(k.toString(), v.toString().strip()));
        Map<String, String> defaults = new LinkedHashMap<>();
        for (Class<? extends Annotation> type : configs) {
            Configs.asMap(Configs.defaults(type)).forEach((k, v) -> defaults.put(k, v instanceof String[] a ? String.join(",", a) : v.toString()));
        }
        // Generated at the first start (bin/setenv), never a default.
        shipped.computeIfPresent("password", (k, v) -> v.equals("@BROKER_PASSWORD@") ? defaults.get(k) : v);
        assertThat(shipped).as(file).isEqualTo(defaults);
    }
}
