package io.colibri.smsc;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The simulator's HTTP side, for demos and tests: {@code POST /mo} with form fields {@code from},
 * {@code to} and {@code text} (UTF-8) makes a phone reply, as {@link SmscSimulator#mo} does.
 * Answers 202 when the reply is on its way, 400 when a field is missing.
 */
public final class MoEndpoint implements AutoCloseable {
    private final HttpServer server;

    private MoEndpoint(HttpServer server) {
        this.server = server;
    }

    public static MoEndpoint start(String host, int port, SmscSimulator smsc) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 16);
        server.createContext("/mo", exchange -> {
            try (exchange) {
                if (!"POST".equals(exchange.getRequestMethod())) {
                    answer(exchange, 405, "POST from, to, text\n");
                    return;
                }
                Map<String, String> form = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                String from = form.get("from");
                String to = form.get("to");
                String text = form.get("text");
                if (from == null || from.isBlank() || to == null || to.isBlank() || text == null) {
                    answer(exchange, 400, "from, to and text are needed\n");
                    return;
                }
                smsc.mo(null, from.strip(), to.strip(), text);
                answer(exchange, 202, "reply from " + from.strip() + " on its way\n");
            }
        });
        server.start();
        return new MoEndpoint(server);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private static void answer(com.sun.net.httpserver.HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=UTF-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static Map<String, String> form(String body) {
        Map<String, String> m = new HashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                m.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return m;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
