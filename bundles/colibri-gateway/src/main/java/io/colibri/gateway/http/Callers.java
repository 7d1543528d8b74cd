package io.colibri.gateway.http;

import io.colibri.domain.ClientAddress;
import io.colibri.domain.IpRange;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Enumeration;
import java.util.List;

/**
 * Who is calling the HTTP server: the request's address or, behind the reverse proxies of
 * {@code trustedProxies} (etc/io.colibri.http.cfg), the address they forward. What the
 * allowed-ips option (HTTP-8) and the login limit are checked against, for /http.php and /api/v1 alike.
 */
public final class Callers {
    private final List<IpRange> trustedProxies;

    public Callers(List<IpRange> trustedProxies) {
        this.trustedProxies = List.copyOf(trustedProxies);
    }

    /** The caller's address; never null (an unknown address must not pass an allowed-ips list). */
    public String of(HttpServletRequest http) {
        if (http == null) {
            return "";
        }
        return ClientAddress.of(http.getRemoteAddr(), forwardedFor(http), trustedProxies);
    }

    private static String forwardedFor(HttpServletRequest http) {
        Enumeration<String> values = http.getHeaders("X-Forwarded-For");
        if (values == null || !values.hasMoreElements()) {
            return null;
        }
        StringBuilder all = new StringBuilder();
        while (values.hasMoreElements() && all.length() < 4096) {
            all.append(all.length() == 0 ? "" : ",").append(values.nextElement());
        }
        return all.toString();
    }
}
