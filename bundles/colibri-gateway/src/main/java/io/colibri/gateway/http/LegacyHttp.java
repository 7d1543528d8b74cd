package io.colibri.gateway.http;

import io.colibri.gateway.accept.Acceptance;
import io.colibri.domain.Code;
import io.colibri.domain.FailedPasswords;
import io.colibri.domain.IpRange;
import io.colibri.domain.SubmitChecks.Request;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.http.common.HttpMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The legacy {@code /http.php} interface: its parameters in, its numeric code out (HTTP-1, HTTP-5).
 * Parameters come from the query string and, for a POST, from a form body; their charset is chosen
 * as {@link FormParameters} says (UTF-8 when the bytes are UTF-8, else Windows-1252/Latin-1, unless
 * the request names its charset). Unknown parameters are ignored.
 *
 * <p>At the edge ({@link Guard}, etc/io.colibri.http.cfg): a form body larger than
 * {@code maxRequestBytes} is refused with HTTP 413 before it is read further; an address with more
 * than {@code maxFailedLogins} wrong logins (code 82) within an hour gets 82 for
 * {@code loginBlockMinutes} without its password being checked; behind the reverse proxies of
 * {@code trustedProxies} the caller is the address they forward.
 */
public final class LegacyHttp {
    private static final Logger LOG = LoggerFactory.getLogger(LegacyHttp.class);
    private static final String CALLER = "colibriCaller";

    /**
     * The limits of /http.php (etc/io.colibri.http.cfg).
     */
    public record Guard(int maxRequestBytes, int maxFailedLogins, Duration loginBlock, List<IpRange> trustedProxies) {
        public Guard {
            if (maxRequestBytes < 1024) {
                throw new IllegalArgumentException("maxRequestBytes must be at least 1024: " + maxRequestBytes);
            }
            trustedProxies = List.copyOf(trustedProxies);
        }

    }

    /** A form body over {@link Guard#maxRequestBytes}: answered 413, nothing read further, nothing debited. */
    public static final class TooLarge extends RuntimeException {
        TooLarge(int max) {
            super("request body over " + max + " bytes");
        }
    }

    private final Guard guard;
    private final Callers callers;
    private final Clock clock;
    private final FailedPasswords failedLogins;

    private final io.colibri.gateway.metrics.Meters.Channel meters;

    public LegacyHttp(Guard guard, Clock clock) {
        this(guard, clock, new io.colibri.gateway.metrics.Meters());
    }

    /** @param meters where a blocked address's 82 is counted (the others are counted by the accept flow) */
    public LegacyHttp(Guard guard, Clock clock, io.colibri.gateway.metrics.Meters meters) {
        this.meters = meters.channel(io.colibri.gateway.accept.Accept.HTTP);
        this.guard = guard;
        this.callers = new Callers(guard.trustedProxies());
        this.clock = clock;
        this.failedLogins = new FailedPasswords(guard.maxFailedLogins(), guard.loginBlock());
    }

    public Request request(Exchange exchange) throws IOException {
        Message in = exchange.getIn();
        HttpServletRequest http = in instanceof HttpMessage hm ? hm.getRequest()
                : in.getHeader(Exchange.HTTP_SERVLET_REQUEST, HttpServletRequest.class);
        String contentType = http != null ? http.getContentType() : in.getHeader(Exchange.CONTENT_TYPE, String.class);
        // The query as it came over the wire, still percent-encoded: the charset is decided below.
        String query = http != null ? http.getQueryString() : in.getHeader(Exchange.HTTP_QUERY, String.class);
        byte[] body = null;
        if (contentType != null && contentType.toLowerCase(java.util.Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            body = bounded(in);
        }
        Map<String, String> p = FormParameters.parse(query, body, contentType);
        String test = p.get("test");
        // Never null over HTTP: an unknown address must not pass an allowed-ips list (HTTP-8).
        String caller = callers.of(http);
        exchange.setProperty(CALLER, caller);
        return new Request(p.get("email"), p.get("pass"), p.get("numero"), p.get("message"), p.get("diff"),
                test != null && test.trim().equalsIgnoreCase("o"), caller);
    }

    /** Whether the caller's address is refused for now (too many wrong logins): its password is not even checked. */
    public boolean blocked(Exchange exchange) {
        String caller = exchange.getProperty(CALLER, String.class);
        return caller != null && failedLogins.blocked(caller, clock.instant());
    }

    /** The answer to a blocked address: the wrong-login code, as for any wrong password. */
    public Acceptance refusedLogin() {
        meters.answered(Code.BAD_LOGIN, 0);
        return Acceptance.refused(Code.BAD_LOGIN);
    }

    /** The answer body is the code alone, as customers' scripts expect; a wrong login is counted against its address. */
    public String code(Acceptance acceptance, Exchange exchange) {
        if (acceptance.code() == Code.BAD_LOGIN) {
            String caller = exchange.getProperty(CALLER, String.class);
            if (caller != null && failedLogins.failed(caller, clock.instant())) {
                LOG.warn("/http.php: more than {} wrong logins from {} within an hour: refused for {} min", guard.maxFailedLogins(), caller,
                        guard.loginBlock().toMinutes());
            }
        }
        return Integer.toString(acceptance.code().value());
    }

    private byte[] bounded(Message in) throws IOException {
        InputStream stream = in.getBody(InputStream.class);
        if (stream == null) {
            byte[] bytes = in.getBody(byte[].class);
            if (bytes != null && bytes.length > guard.maxRequestBytes()) {
                throw new TooLarge(guard.maxRequestBytes());
            }
            return bytes;
        }
        try (stream) {
            byte[] bytes = stream.readNBytes(guard.maxRequestBytes() + 1);
            if (bytes.length > guard.maxRequestBytes()) {
                throw new TooLarge(guard.maxRequestBytes());
            }
            return bytes;
        }
    }
}
