package io.colibri.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CallbackAddressesTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "127.0.0.1       | loopback",
            "127.8.9.10      | loopback",
            "::1             | loopback",
            "0.0.0.0         | unspecified",
            "0.1.2.3         | unspecified",
            "::              | unspecified",
            "169.254.169.254 | link-local",
            "fe80::1         | link-local",
            "10.1.2.3        | private",
            "172.16.0.1      | private",
            "172.31.255.255  | private",
            "192.168.1.1     | private",
            "fd12:3456::1    | private",
            "100.64.0.1      | carrier-grade NAT",
            "224.0.0.1       | multicast",
            "::ffff:127.0.0.1 | loopback",
    })
    void addresses_inside_are_refused(String address, String why) throws Exception {
        assertThat(CallbackAddresses.refused(InetAddress.getByName(address), List.of())).hasValueSatisfying(r -> assertThat(r).contains(why));
    }

    @ParameterizedTest
    @CsvSource({"203.0.113.7", "8.8.8.8", "172.32.0.1", "100.128.0.1", "2001:db8::5", "2a00:1450::1"})
    void public_addresses_are_allowed(String address) throws Exception {
        assertThat(CallbackAddresses.refused(InetAddress.getByName(address), List.of())).isEmpty();
    }

    @Test
    void an_operator_may_allow_a_network() throws Exception {
        List<IpRange> allowed = List.of(IpRange.parse("10.1.0.0/16"), IpRange.parse("127.0.0.1"));
        assertThat(CallbackAddresses.refused(InetAddress.getByName("10.1.2.3"), allowed)).isEmpty();
        assertThat(CallbackAddresses.refused(InetAddress.getByName("127.0.0.1"), allowed)).isEmpty();
        assertThat(CallbackAddresses.refused(InetAddress.getByName("10.2.0.1"), allowed)).isPresent();
        assertThat(CallbackAddresses.refused(InetAddress.getByName("127.0.0.2"), allowed)).isPresent();
    }
}
