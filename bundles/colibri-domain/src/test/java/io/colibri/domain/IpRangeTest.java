package io.colibri.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpRangeTest {

    @ParameterizedTest(name = "{0} contains [{1}]: {2}")
    @CsvSource(delimiter = '|', value = {
        // range              | caller                  | in
        "192.0.2.7            | 192.0.2.7               | true",
        "192.0.2.7            | 192.0.2.8               | false",
        "192.0.2.7            | 192.0.2.6               | false",
        "192.0.2.7/32         | 192.0.2.7               | true",
        "192.0.2.7/32         | 192.0.2.6               | false",
        "192.0.2.0/24         | 192.0.2.0               | true",
        "192.0.2.0/24         | 192.0.2.255             | true",
        "192.0.2.0/24         | 192.0.3.0               | false",
        "192.0.2.0/24         | 192.0.1.255             | false",
        "192.0.2.77/24        | 192.0.2.1               | true",
        "192.0.2.0/25         | 192.0.2.127             | true",
        "192.0.2.0/25         | 192.0.2.128             | false",
        "10.0.0.0/8           | 10.0.0.0                | true",
        "10.0.0.0/8           | 10.255.255.255          | true",
        "10.0.0.0/8           | 11.0.0.0                | false",
        "10.0.0.0/8           | 9.255.255.255           | false",
        "0.0.0.0/0            | 203.0.113.9             | true",
        "0.0.0.0/0            | 0.0.0.0                 | true",
        "0.0.0.0/0            | 255.255.255.255         | true",
        "0.0.0.0/0            | 2001:db8::1             | false",
        "2001:db8::/32        | 2001:db8::              | true",
        "2001:db8::/32        | 2001:db8:ffff:1::5      | true",
        "2001:db8::/32        | 2001:db9::1             | false",
        "2001:db8::/32        | 2001:db7:ffff::1        | false",
        "2001:db8::1          | 2001:0db8:0000::0001    | true",
        "2001:db8::1          | 2001:DB8::1             | true",
        "2001:db8::1          | 2001:db8::2             | false",
        "2001:db8::1/128      | 2001:db8::1             | true",
        "::1                  | ::1                     | true",
        "::1                  | [::1]                   | true",
        "::1                  | 127.0.0.1               | false",
        "::/0                 | 2001:db8::1             | true",
        "::/0                 | 192.0.2.1               | false",
        "2001:db8::/32        | 192.0.2.1               | false",
        // an IPv4 caller seen through an IPv6 socket
        "192.0.2.0/24         | ::ffff:192.0.2.7        | true",
        "192.0.2.0/24         | ::FFFF:192.0.2.7        | true",
        "192.0.2.0/24         | ::ffff:c000:207         | true",
        "192.0.2.0/24         | [::ffff:192.0.2.7]      | true",
        "192.0.2.7            | ::ffff:192.0.2.7        | true",
        "192.0.2.0/24         | ::ffff:192.0.3.7        | false",
        "192.0.2.0/24         | 2001:db8::c000:207      | false",
        "0.0.0.0/0            | ::ffff:203.0.113.9      | true",
        // not an address: never in a range, never looked up
        "127.0.0.0/8          | localhost               | false",
        "0.0.0.0/0            | localhost               | false",
        "192.0.2.0/24         | ''                      | false",
        "192.0.2.0/24         | garbage                 | false",
        "192.0.2.0/24         | 192.0.2.300             | false",
        "192.0.2.0/24         | 192.0.2                 | false",
        "192.0.2.0/24         | 192.0.2.7/24            | false",
        "192.0.2.0/24         | ' 192.0.2.9 '           | true",
    })
    void contains(String range, String caller, boolean in) {
        assertThat(IpRange.parse(range).contains(caller)).isEqualTo(in);
    }

    @Test
    void no_caller_is_in_no_range() {
        assertThat(IpRange.parse("0.0.0.0/0").contains(null)).isFalse();
    }

    @ParameterizedTest(name = "[{0}] -> {1} /{2}")
    @CsvSource(delimiter = '|', value = {
        "192.0.2.7            | 192.0.2.7        | 32",
        "' 192.0.2.7 '        | 192.0.2.7        | 32",
        "192.0.2.7/32         | 192.0.2.7        | 32",
        "192.0.2.0/24         | 192.0.2.0/24     | 24",
        "10.0.0.0/8           | 10.0.0.0/8       | 8",
        "0.0.0.0/0            | 0.0.0.0/0        | 0",
        "2001:db8::/32        | 2001:db8::/32    | 32",
        "2001:db8::1          | 2001:db8::1      | 128",
        "::/0                 | ::/0             | 0",
    })
    void text_and_prefix(String raw, String text, int prefix) {
        IpRange r = IpRange.parse(raw);
        assertThat(r.toString()).isEqualTo(text);
        assertThat(r.text()).isEqualTo(text);
        assertThat(r.prefix()).isEqualTo(prefix);
        assertThat(r).isEqualTo(IpRange.parse(text)).hasSameHashCodeAs(IpRange.parse(text));
    }

    @Test
    void the_network_is_masked() {
        assertThat(IpRange.parse("192.0.2.77/24").network()).containsExactly(192, 0, 2, 0);
        assertThat(IpRange.parse("10.1.2.3/8").network()).containsExactly(10, 0, 0, 0);
        assertThat(IpRange.parse("192.0.2.255/25").network()).containsExactly(192, 0, 2, 128);
        assertThat(IpRange.parse("255.255.255.255/0").network()).containsExactly(0, 0, 0, 0);
        assertThat(IpRange.parse("2001:db8:ffff::1/32").network()).hasSize(16).startsWith(0x20, 0x01, 0x0d, 0xb8, 0, 0);
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {
        "", " ", "abc", "localhost", "example.com", "www.example.com", "192.0.2.7.nip.io",
        "256.0.0.1", "192.0.2.256", "1.2.3", "1.2.3.4.5", "1.2.3.-4", "1.2.3.4 5", "0x7f.0.0.1", "1234.1.1.1",
        "1.2.3.4/33", "1.2.3.4/-1", "1.2.3.4/", "1.2.3.4/x", "1.2.3.4/8/8", "1.2.3.4/ 8", "/24", "/",
        "2001:db8::/129", "2001:db8::/-1", "2001:db8::g", "1:2:3:4:5:6:7:8:9", "fe80::1%eth0", "1:::2", ":::",
        "1.2.3.4:80", "[::1]", ".:1", "..:", "*", "192.0.2.*", "192.0.2.0-192.0.2.9",
    })
    void anything_but_an_address_or_a_network_is_refused(String raw) {
        assertThatThrownBy(() -> IpRange.parse(raw)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_host_name_is_not_looked_up() {
        // localhost always resolves: a lookup would have made it 127.0.0.1.
        assertThatThrownBy(() -> IpRange.parse("localhost"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("localhost");
        assertThat(IpRange.parse("127.0.0.1").contains("localhost")).isFalse();
    }
}
