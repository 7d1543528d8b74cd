package io.colibri.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClientAddressTest {
    static final List<IpRange> PROXIES = List.of(IpRange.parse("10.0.0.0/8"), IpRange.parse("2001:db8::1"));

    @ParameterizedTest(name = "{0} with X-Forwarded-For [{1}] -> [{2}]")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            // Not from a trusted proxy: the header is the client's word, never believed.
            "203.0.113.9 | 198.51.100.1          | 203.0.113.9",
            // From a trusted proxy: the right-most hop that is not a trusted proxy.
            "10.0.0.5    | 198.51.100.1          | 198.51.100.1",
            "10.0.0.5    | 198.51.100.1, 10.1.2.3 | 198.51.100.1",
            // A client that writes its own header gets the proxy's append, and is still found.
            "10.0.0.5    | 1.2.3.4, 198.51.100.1 | 198.51.100.1",
            "10.0.0.5    | 10.9.9.9, 10.1.1.1    | 10.9.9.9",
            "10.0.0.5    | NULL                  | 10.0.0.5",
            "10.0.0.5    | '  '                  | 10.0.0.5",
            "10.0.0.5    | not-an-ip             | ''",
            "10.0.0.5    | 198.51.100.1/24       | ''",
            "2001:db8::1 | 2001:db8::7           | 2001:db8::7",
    })
    void the_caller_is_the_last_hop_not_trusted(String remote, String header, String expected) {
        assertThat(ClientAddress.of(remote, header, PROXIES)).isEqualTo(expected);
    }

    @Test
    void with_no_trusted_proxy_the_header_is_ignored() {
        assertThat(ClientAddress.of("10.0.0.5", "198.51.100.1", List.of())).isEqualTo("10.0.0.5");
        assertThat(ClientAddress.of(null, "198.51.100.1", List.of())).isEmpty();
    }

    @Test
    void a_huge_header_is_read_from_its_end() {
        String header = "1.1.1.1, ".repeat(10_000) + "198.51.100.1";
        assertThat(ClientAddress.of("10.0.0.5", header, PROXIES)).isEqualTo("198.51.100.1");
    }
}
