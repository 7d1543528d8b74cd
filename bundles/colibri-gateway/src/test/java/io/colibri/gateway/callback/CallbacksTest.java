package io.colibri.gateway.callback;

import io.colibri.gateway.Configs;
import io.colibri.gateway.RouteTestSupport;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.colibri.domain.Callback;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * HTTP callbacks (HTTP-6) on the real routes/callbacks/callbacks.yaml: a customer's server, started here on
 * a free port, gets every status change and reply as signed JSON, in order per message, even
 * though it answered 503 at first; a dead server holds back nobody else.
 */
class CallbacksTest extends RouteTestSupport {
    record Received(String path, String body, String signature) {
    }

    HttpServer server;
    final List<Received> received = new CopyOnWriteArrayList<>();
    final AtomicInteger refuseFirst = new AtomicInteger();

    @BeforeEach
    void startCustomerServer() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        server.createContext("/", exchange -> {
            try (exchange) {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                boolean refuse = refuseFirst.getAndDecrement() > 0;
                if (!refuse) {
                    received.add(new Received(exchange.getRequestURI().getPath(), body,
                            exchange.getRequestHeaders().getFirst(Callback.SIGNATURE_HEADER)));
                }
                exchange.sendResponseHeaders(refuse ? 503 : 204, -1);
            }
        });
        server.start();
    }

    @AfterEach
    void stopCustomerServer() {
        server.stop(0);
    }

    /** The customer's server of these tests is on this machine: allowed, as an operator would. */
    @Override
    protected List<java.lang.annotation.Annotation> configs() {
        List<java.lang.annotation.Annotation> configs = super.configs();
        configs.add(Configs.of(io.colibri.gateway.callback.CallbacksFlow.Config.class, java.util.Map.of("callbackAllowedNetworks", "127.0.0.1")));
        return configs;
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    @Test
    void every_status_change_and_reply_arrives_signed_in_order_though503_at_first() throws Exception {
        String account = newAccount(10);
        long id = store.accounts().show(account.split(" ")[0]).orElseThrow().id();
        String secret = store.callbacks().set(id, url("/colibri"));
        refuseFirst.set(2);

        assertThat(get(params(account, "0612345678", "Bonjour"))).isEqualTo("80");
        await().atMost(Duration.ofSeconds(30)).until(() -> received.size() >= 2);
        smsc.mo(null, "33612345678", "38100", "Merci !");
        await().atMost(Duration.ofSeconds(30)).until(() -> received.size() == 3);

        assertThat(received).extracting(Received::path).containsOnly("/colibri");
        assertThat(received).allSatisfy(r -> assertThat(r.signature()).isEqualTo(Callback.signature(secret, r.body())));
        assertThat(received.get(0).body()).contains("\"event\":\"status\"").contains("\"status\":\"SUBMITTED\"")
                .contains("\"recipient\":\"+33612345678\"");
        assertThat(received.get(1).body()).contains("\"status\":\"DELIVERED\"");
        assertThat(received.get(2).body()).contains("\"event\":\"reply\"").contains("\"text\":\"Merci !\"")
                .contains("\"from\":\"+33612345678\"");
    }

    @Test
    void a_server_that_never_answers_holds_back_nobody_else() throws Exception {
        // Takes connections and never answers: each POST to it waits for its timeout.
        java.net.ServerSocket hanging = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
        List<java.net.Socket> held = new CopyOnWriteArrayList<>();
        Thread acceptor = new Thread(() -> {
            while (!hanging.isClosed()) {
                try {
                    held.add(hanging.accept());
                } catch (java.io.IOException e) {
                    return;
                }
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
        String dead = newAccount(20);
        String alive = newAccount(10);
        store.callbacks().set(store.accounts().show(dead.split(" ")[0]).orElseThrow().id(),
                "http://127.0.0.1:" + hanging.getLocalPort() + "/hangs");
        store.callbacks().set(store.accounts().show(alive.split(" ")[0]).orElseThrow().id(), url("/alive"));

        try {
            for (int i = 0; i < 10; i++) {
                assertThat(get(params(dead, "061234567" + i, "Bonjour " + i))).isEqualTo("80");
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> held.size() >= 8);
            assertThat(get(params(alive, "0698765432", "Bonjour"))).isEqualTo("80");

            // Well within the 10 s the hanging POSTs each wait.
            await().atMost(Duration.ofSeconds(8)).until(() -> received.stream()
                    .filter(r -> r.path().equals("/alive") && r.body().contains("DELIVERED")).count() == 1);
        } finally {
            hanging.close();
            for (java.net.Socket s : held) {
                s.close();
            }
        }
    }

    /**
     * Issue 13, point 13: a callback URL is a request the gateway makes for the customer. Into the
     * gateway's own machine or network (the broker, the shell, a cloud's metadata) it is refused,
     * when set and again before each POST, unless the operator allowed that network.
     */
    @Test
    void a_callback_into_the_gateways_own_network_is_refused_unless_allowed() {
        long id = store.accounts().show(newAccount(1).split(" ")[0]).orElseThrow().id();
        for (String inside : List.of("http://127.0.0.2:61616/", "http://169.254.169.254/latest/meta-data/",
                "http://10.0.0.1/", "http://[::1]:8101/", "http://192.168.0.10/hook")) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.callbacks().set(id, inside))
                    .as(inside).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("may not be used");
        }
        assertThat(store.callbacks().url(id)).isEmpty();
        // 127.0.0.1 itself is allowed in these tests' settings.
        store.callbacks().set(id, url("/allowed"));
        assertThat(store.callbacks().url(id)).hasValue(url("/allowed"));
    }
}
