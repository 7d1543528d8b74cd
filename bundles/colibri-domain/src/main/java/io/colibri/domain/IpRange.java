package io.colibri.domain;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * One address or CIDR network an account may send from over HTTP (HTTP-8): {@code 192.0.2.7},
 * {@code 192.0.2.0/24}, {@code 2001:db8::/32}. Only literal addresses: a host name is refused,
 * never looked up.
 */
public record IpRange(byte[] network, int prefix, String text) {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("(?=[0-9a-fA-F:])[0-9a-fA-F:.]*:[0-9a-fA-F:.]*");

    /** Comma-separated addresses or networks (a cfg key's value); blanks ignored. */
    public static java.util.List<IpRange> list(String commaSeparated) {
        return java.util.Arrays.stream(commaSeparated.split(",")).map(String::strip).filter(s -> !s.isEmpty()).map(IpRange::parse)
                .toList();
    }

    public static IpRange parse(String raw) {
        String s = raw.trim();
        int slash = s.indexOf('/');
        String address = slash < 0 ? s : s.substring(0, slash);
        byte[] bytes = literal(address);
        if (bytes == null) {
            throw new IllegalArgumentException("not an IP address or CIDR network: '" + raw + "'");
        }
        int max = bytes.length * 8;
        int prefix = max;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(s.substring(slash + 1));
            } catch (NumberFormatException e) {
                prefix = -1;
            }
            if (prefix < 0 || prefix > max) {
                throw new IllegalArgumentException("network prefix must be 0 to " + max + ": '" + raw + "'");
            }
        }
        return new IpRange(mask(bytes, prefix), prefix, prefix == max ? address : address + "/" + prefix);
    }

    /** Whether every address of this range is in {@code outer} (a sub-account's allowed range within its parent's). */
    public boolean within(IpRange outer) {
        return network.length == outer.network.length && prefix >= outer.prefix
                && java.util.Arrays.equals(mask(network, outer.prefix), outer.network);
    }

    /** Whether this caller's address is in the range; false for anything that is not an address. */
    public boolean contains(String address) {
        if (address == null) {
            return false;
        }
        String a = address.trim();
        if (a.startsWith("[") && a.endsWith("]")) {
            a = a.substring(1, a.length() - 1);
        }
        byte[] bytes = literal(a);
        if (bytes != null && bytes.length == 16 && network.length == 4 && isV4Mapped(bytes)) {
            bytes = java.util.Arrays.copyOfRange(bytes, 12, 16);
        }
        return bytes != null && bytes.length == network.length && java.util.Arrays.equals(mask(bytes, prefix), network);
    }

    private static boolean isV4Mapped(byte[] b) {
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return b[10] == (byte) 0xFF && b[11] == (byte) 0xFF;
    }

    private static byte[] literal(String address) {
        if (IPV4.matcher(address).matches()) {
            for (String octet : address.split("\\.")) {
                if (Integer.parseInt(octet) > 255) {
                    return null;
                }
            }
        } else if (!IPV6.matcher(address).matches()) {
            return null;
        }
        try {
            // A literal: no name service is asked. (InetAddress takes a string as a literal only when
            // it starts with a hex digit or ':'; the patterns above make sure it does.)
            return InetAddress.getByName(address).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static byte[] mask(byte[] bytes, int prefix) {
        int bits = bytes.length * 8;
        BigInteger value = new BigInteger(1, bytes);
        BigInteger maskBits = prefix == 0 ? BigInteger.ZERO
                : BigInteger.ONE.shiftLeft(prefix).subtract(BigInteger.ONE).shiftLeft(bits - prefix);
        byte[] raw = value.and(maskBits).toByteArray();
        byte[] out = new byte[bytes.length];
        int copy = Math.min(raw.length, out.length);
        System.arraycopy(raw, raw.length - copy, out, out.length - copy, copy);
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IpRange r && r.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
