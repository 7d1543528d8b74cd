package io.colibri.domain;

import java.util.List;

/**
 * The address an HTTP request really comes from. Behind a reverse proxy (TLS termination, a load
 * balancer) every request comes from the proxy: when the connection comes from a proxy the
 * operator trusts ({@code trustedProxies}), the caller is the right-most address of
 * {@code X-Forwarded-For} that is not itself a trusted proxy. The header is never believed from
 * anyone else: a client can write whatever it likes in it.
 */
public final class ClientAddress {
    /** Longest X-Forwarded-For read. */
    static final int MAX_HEADER = 2_000;

    private ClientAddress() {
    }

    /**
     * @param remote       the address of the TCP peer
     * @param forwardedFor the X-Forwarded-For header (its values joined by commas), or null
     * @param trusted      the proxies the operator trusts
     * @return the caller's address; "" when a trusted proxy forwarded something that is no address
     */
    public static String of(String remote, String forwardedFor, List<IpRange> trusted) {
        String peer = remote == null ? "" : remote.strip();
        if (forwardedFor == null || forwardedFor.isBlank() || !isTrusted(peer, trusted)) {
            return peer;
        }
        String header = forwardedFor.length() > MAX_HEADER ? forwardedFor.substring(forwardedFor.length() - MAX_HEADER) : forwardedFor;
        String[] hops = header.split(",");
        String caller = peer;
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = hops[i].strip();
            if (!isAddress(hop)) {
                return "";
            }
            caller = hop;
            if (!isTrusted(hop, trusted)) {
                return hop;
            }
        }
        return caller;
    }

    private static boolean isTrusted(String address, List<IpRange> trusted) {
        for (IpRange r : trusted) {
            if (r.contains(address)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isAddress(String s) {
        if (s.isEmpty() || s.length() > 45) {
            return false;
        }
        try {
            IpRange.parse(s);
            return s.indexOf('/') < 0;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
