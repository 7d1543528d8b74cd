package io.colibri.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Editing a route file while the gateway runs, the connector template files included. */
class HotReloadTest extends RouteTestSupport {
    @TempDir
    static Path routesCopy;

    @Override
    protected Gateway.Core core() {
        Gateway.Core c = super.core();
        return new Gateway.Core(c.brokerUrl(), null, null, copyOfRoutes(), true, c.connectors(), c.prices(), c.clock());
    }

    private static Path copyOfRoutes() {
        try (Stream<Path> files = Files.walk(ROUTES)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                Path copy = routesCopy.resolve(ROUTES.relativize(f).toString());
                Files.createDirectories(copy.getParent());
                Files.copy(f, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return routesCopy;
    }

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext context = super.createCamelContext();
        Gateway.watch(context, routesCopy);
        return context;
    }

    @Test
    void editing_the_outbound_template_keeps_every_connector_sending() throws Exception {
        String account = newAccount(5);
        assertThat(get(params(account, "0612345678", "avant"))).isEqualTo("80");
        await().atMost(Duration.ofSeconds(20)).until(() -> smsc.received().size() == 1);

        Path template = routesCopy.resolve("smpp/smpp-outbound.yaml");
        Files.writeString(template, Files.readString(template) + """

                # edited while running: this route shows the file was reloaded
                - route:
                    id: reload-marker
                    from:
                      uri: timer:marker
                      parameters:
                        repeatCount: 1
                      steps:
                        - log: marker
                """);
        await().atMost(Duration.ofSeconds(20)).until(() -> context.getRoute("reload-marker") != null);

        assertThat(context.getRoute("smpp-outbound-mobile")).as("the connector's route after the reload").isNotNull();
        assertThat(get(params(account, "0612345678", "après"))).isEqualTo("80");
        await().atMost(Duration.ofSeconds(20)).until(() -> smsc.received().size() == 2);
    }
}
