package io.colibri.gateway.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP side of every operation: the request's body read within its limit, the answer or the
 * problem written (RFC 9457), and nothing of the request echoed back (its headers carry the key).
 * Bean {@code apiAnswers} of routes/api/.
 */
public final class ApiAnswers {
    private static final Logger LOG = LoggerFactory.getLogger(ApiAnswers.class);
    static final String PROBLEM_TYPE = "application/problem+json";
    private static final String JSON = "application/json";

    private final int maxBodyBytes;
    private final byte[] document;

    public ApiAnswers(int maxBodyBytes) {
        this.maxBodyBytes = maxBodyBytes;
        try (InputStream in = ApiAnswers.class.getResourceAsStream("openapi.json")) {
            if (in == null) {
                throw new IllegalStateException("openapi.json is missing from the bundle");
            }
            this.document = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The OpenAPI document of /api/v1, as shipped. */
    public void document(Exchange exchange) {
        write(exchange.getMessage(), 200, JSON, document);
    }

    /** The operation's answer. */
    public void write(ApiAnswer answer, Exchange exchange) {
        if (answer.body() == null) {
            write(exchange.getMessage(), answer.status(), null, null);
        } else if (answer.body() instanceof Idempotency.Raw raw) {
            write(exchange.getMessage(), answer.status(), JSON, raw.json().getBytes(StandardCharsets.UTF_8));
        } else {
            write(exchange.getMessage(), answer.status(), JSON, ApiJson.write(answer.body()).getBytes(StandardCharsets.UTF_8));
        }
        if (answer.setCookie() != null) {
            exchange.getMessage().setHeader("Set-Cookie", answer.setCookie());
        }
    }

    /** A refusal ({@link ApiProblem}) as problem+json; anything else is the gateway's own failure, said as a 503. */
    public void problem(Exchange exchange) {
        Exception caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        ApiProblem problem;
        if (caught instanceof ApiProblem p) {
            problem = p;
        } else {
            // The cause's message only, never the request (it may hold a text or a key).
            LOG.error("{} {} failed: {}", exchange.getIn().getHeader(Exchange.HTTP_METHOD), exchange.getIn().getHeader(Exchange.HTTP_URI),
                    caught == null ? "?" : caught.toString());
            problem = ApiProblem.unavailable();
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", problem.title());
        body.put("status", problem.status());
        body.put("detail", problem.detail());
        if (problem.code() != null) {
            body.put("code", problem.code().value());
        }
        Message out = exchange.getMessage();
        write(out, problem.status(), PROBLEM_TYPE, ApiJson.write(body).getBytes(StandardCharsets.UTF_8));
        if (problem.retryAfter() > 0) {
            out.setHeader("Retry-After", Long.toString(problem.retryAfter()));
        }
        if (problem.status() == 401) {
            out.setHeader("WWW-Authenticate", "Bearer realm=\"colibri\"");
        }
    }

    /** The request's body, at most {@code maxBodyBytes} (etc/io.colibri.api.cfg); a larger one is a 413, read no further. */
    byte[] body(Exchange exchange) {
        Message in = exchange.getIn();
        String type = in.getHeader(Exchange.CONTENT_TYPE, String.class);
        if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith(JSON)) {
            throw ApiProblem.unsupportedType("the body must be application/json");
        }
        return bounded(in, maxBodyBytes);
    }

    private static byte[] bounded(Message in, int max) {
        Long declared = in.getHeader(Exchange.CONTENT_LENGTH, Long.class);
        if (declared != null && declared > max) {
            throw ApiProblem.tooLarge("the body is over " + max + " bytes");
        }
        try {
            InputStream stream = in.getBody(InputStream.class);
            byte[] bytes = stream == null ? in.getBody(byte[].class) : stream.readNBytes(max + 1);
            if (bytes != null && bytes.length > max) {
                throw ApiProblem.tooLarge("the body is over " + max + " bytes");
            }
            return bytes == null ? new byte[0] : bytes;
        } catch (IOException e) {
            throw ApiProblem.badRequest("the body cannot be read");
        }
    }

    /** An upload of this media type (a CSV), at most {@code max} bytes; a larger one is a 413, read no further. */
    byte[] upload(Exchange exchange, String type, int max) {
        Message in = exchange.getIn();
        String given = in.getHeader(Exchange.CONTENT_TYPE, String.class);
        if (given == null || !given.toLowerCase(java.util.Locale.ROOT).startsWith(type)) {
            throw ApiProblem.unsupportedType("the body must be " + type);
        }
        return bounded(in, max);
    }

    /** A text answer (a CSV report). */
    static void text(Message out, int status, String type, String text) {
        write(out, status, type, text.getBytes(StandardCharsets.UTF_8));
    }

    /** A file to download (an invoice's PDF). */
    static void file(Message out, String type, String name, byte[] bytes) {
        write(out, 200, type, bytes);
        out.setHeader("Content-Disposition", "attachment; filename=\"" + name + "\"");
    }

    private static void write(Message out, int status, String type, byte[] body) {
        out.removeHeaders("*");
        out.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        out.setHeader("Cache-Control", "no-store");
        if (type != null) {
            out.setHeader(Exchange.CONTENT_TYPE, type);
        }
        out.setBody(body);
    }
}
