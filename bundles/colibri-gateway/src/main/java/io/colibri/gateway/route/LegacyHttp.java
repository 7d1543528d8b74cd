package io.colibri.gateway.route;

import io.colibri.domain.SubmitChecks.Request;
import io.colibri.gateway.http.FormParameters;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.http.common.HttpMessage;

/**
 * The legacy {@code /http.php} interface: its parameters in, its numeric code out (HTTP-1, HTTP-5).
 * Parameters come from the query string and, for a POST, from a form body; their charset is chosen
 * as {@link FormParameters} says (UTF-8 when the bytes are UTF-8, else Windows-1252/Latin-1, unless
 * the request names its charset). Unknown parameters are ignored.
 */
public final class LegacyHttp {

    public Request request(Exchange exchange) {
        Message in = exchange.getIn();
        HttpServletRequest http = in instanceof HttpMessage hm ? hm.getRequest()
                : in.getHeader(Exchange.HTTP_SERVLET_REQUEST, HttpServletRequest.class);
        String contentType = http != null ? http.getContentType() : in.getHeader(Exchange.CONTENT_TYPE, String.class);
        // The query as it came over the wire, still percent-encoded: the charset is decided below.
        String query = http != null ? http.getQueryString() : in.getHeader(Exchange.HTTP_QUERY, String.class);
        byte[] body = null;
        if (contentType != null && contentType.toLowerCase(java.util.Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            body = in.getBody(byte[].class);
        }
        Map<String, String> p = FormParameters.parse(query, body, contentType);
        String test = p.get("test");
        // Never null over HTTP: an unknown address must not pass an allowed-ips list (HTTP-8).
        String caller = http == null || http.getRemoteAddr() == null ? "" : http.getRemoteAddr();
        return new Request(p.get("email"), p.get("pass"), p.get("numero"), p.get("message"), p.get("diff"),
                test != null && test.trim().equalsIgnoreCase("o"), caller);
    }

    /** The answer body is the code alone, as customers' scripts expect. */
    public String code(Acceptance acceptance) {
        return Integer.toString(acceptance.code().value());
    }
}
