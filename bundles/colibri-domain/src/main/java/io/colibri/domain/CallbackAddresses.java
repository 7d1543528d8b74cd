package io.colibri.domain;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * Where a customer's callback URL may point (HTTP-6): not into the gateway's own machine or
 * network. A URL the customer chooses is a request the gateway makes on their behalf: to
 * 127.0.0.1 it would reach the broker, the shell or the database; to a private or link-local
 * address, the operator's network or a cloud's metadata service. Those are refused unless the
 * operator allows a network ({@code callbackAllowedNetworks}).
 */
public final class CallbackAddresses {
    private static final IpRange CARRIER_GRADE_NAT = IpRange.parse("100.64.0.0/10");
    private static final IpRange THIS_NETWORK = IpRange.parse("0.0.0.0/8");
    private static final IpRange UNIQUE_LOCAL = IpRange.parse("fc00::/7");

    private CallbackAddresses() {
    }

    /** Why a callback may not go to this address, or empty when it may. */
    public static Optional<String> refused(InetAddress address, List<IpRange> allowed) {
        String text = address.getHostAddress();
        for (IpRange r : allowed) {
            if (r.contains(text)) {
                return Optional.empty();
            }
        }
        String why = null;
        if (address.isLoopbackAddress()) {
            why = "a loopback address";
        } else if (address.isAnyLocalAddress() || THIS_NETWORK.contains(text)) {
            why = "an unspecified address";
        } else if (address.isLinkLocalAddress()) {
            why = "a link-local address";
        } else if (address.isSiteLocalAddress() || (address instanceof Inet6Address && UNIQUE_LOCAL.contains(text))) {
            why = "a private address";
        } else if (CARRIER_GRADE_NAT.contains(text)) {
            why = "a shared (carrier-grade NAT) address";
        } else if (address.isMulticastAddress()) {
            why = "a multicast address";
        }
        return Optional.ofNullable(why).map(w -> text + " is " + w);
    }
}
