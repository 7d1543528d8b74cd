package io.colibri.gateway.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * The console's files, read once from the bundle (io/colibri/gateway/console/) and served with the
 * headers a web application needs: a Content-Security-Policy that allows this server's own scripts
 * and styles only (no inline script, no frame, no other origin), nosniff, no referrer, and an ETag
 * for a cheap revalidation. Only the files named here are served; any other path is a 404.
 * Bean {@code consoleAssets} of routes/console/console.yaml.
 */
public final class ConsoleAssets {
    /** What the console's pages may load and where they may send: this server only. */
    private static final String JS = "text/javascript; charset=utf-8";

    public static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
            + " connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    private static final Map<String, String> FILES = Map.ofEntries(
            Map.entry("index.html", "text/html; charset=utf-8"),
            Map.entry("app.css", "text/css; charset=utf-8"),
            Map.entry("favicon.svg", "image/svg+xml"),
            Map.entry("app.js", JS),
            Map.entry("i18n.js", JS),
            Map.entry("sms.js", JS),
            Map.entry("pages.js", JS),
            Map.entry("replies.js", JS),
            Map.entry("subaccounts.js", JS),
            Map.entry("operator.js", JS));

    private record Asset(String type, byte[] bytes, String etag) {
    }

    private final Map<String, Asset> assets = new LinkedHashMap<>();

    public ConsoleAssets() {
        FILES.forEach((name, type) -> {
            byte[] bytes = read(name);
            assets.put(name, new Asset(type, bytes, "\"" + sha256(bytes).substring(0, 32) + "\""));
        });
    }

    /** Answers {@code GET /console/<file>}: the file, a 304 when the browser has it, a redirect from /console to /console/, or a 404. */
    public void serve(Exchange exchange) {
        Message in = exchange.getIn();
        String path = in.getHeader(Exchange.HTTP_PATH, String.class);
        String uri = in.getHeader(Exchange.HTTP_URI, String.class);
        Message out = exchange.getMessage();
        String ifNoneMatch = in.getHeader("If-None-Match", String.class);
        out.removeHeaders("*");
        security(out);
        if ((path == null || path.isEmpty()) && uri != null && !uri.endsWith("/")) {
            out.setHeader(Exchange.HTTP_RESPONSE_CODE, 301);
            out.setHeader("Location", "/console/");
            out.setBody(null);
            return;
        }
        String name = path == null || path.isEmpty() || path.equals("/") ? "index.html" : path.startsWith("/") ? path.substring(1) : path;
        Asset asset = assets.get(name);
        if (asset == null) {
            out.setHeader(Exchange.HTTP_RESPONSE_CODE, 404);
            out.setHeader(Exchange.CONTENT_TYPE, "text/plain; charset=utf-8");
            out.setBody("not found");
            return;
        }
        out.setHeader("ETag", asset.etag());
        out.setHeader("Cache-Control", "no-cache");
        if (asset.etag().equals(ifNoneMatch)) {
            out.setHeader(Exchange.HTTP_RESPONSE_CODE, 304);
            out.setBody(null);
            return;
        }
        out.setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        out.setHeader(Exchange.CONTENT_TYPE, asset.type());
        out.setBody(asset.bytes());
    }

    private static void security(Message out) {
        out.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        out.setHeader("X-Content-Type-Options", "nosniff");
        out.setHeader("Referrer-Policy", "no-referrer");
        out.setHeader("X-Frame-Options", "DENY");
    }

    private static byte[] read(String name) {
        try (InputStream in = ConsoleAssets.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("the console's " + name + " is missing from the bundle");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
