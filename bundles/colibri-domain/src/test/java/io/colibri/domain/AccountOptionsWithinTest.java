package io.colibri.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** ACC-4: a sub-account never does what its parent forbids. */
class AccountOptionsWithinTest {

    @ParameterizedTest
    @CsvSource({
            // option, sub, parent, applies
            "landline, on, on, true",
            "landline, on, off, false",
            "landline, off, on, false",
            "domtom, on, off, false",
            "domtom, on, on, true",
            "international, on, off, false",
            "long-sms, on, off, false",
            "long-sms, on, on, true",
    })
    void a_permission_needs_the_parent_too(String key, String sub, String parent, boolean applies) {
        AccountOptions s = AccountOptions.DEFAULTS.with(key, sub);
        AccountOptions p = AccountOptions.DEFAULTS.with(key, parent);
        assertThat(s.within(p).asMap().get(key)).isEqualTo(applies ? "on" : "off");
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            // sub's allowed-ips; parent's; caller; allowed
            "'';'';203.0.113.5;true",
            "'';10.0.0.0/8;203.0.113.5;false",
            "'';10.0.0.0/8;10.1.2.3;true",
            "10.1.0.0/16;'';10.2.0.1;false",
            "10.1.0.0/16;10.0.0.0/8;10.1.0.1;true",
            "10.1.0.0/16;10.0.0.0/8;10.2.0.1;false",
            // the sub's range is wider than the parent's: dropped, and nothing else is left
            "0.0.0.0/0;10.0.0.0/8;10.2.0.1;false",
            "0.0.0.0/0;10.0.0.0/8;203.0.113.5;false",
            "10.1.0.0/16,192.0.2.7;10.0.0.0/8,192.0.2.0/24;192.0.2.7;true",
            "2001:db8:1::/48;2001:db8::/32;2001:db8:1::5;true",
            "2001:db8:1::/48;10.0.0.0/8;2001:db8:1::5;false",
    })
    void the_callers_allowed_are_those_both_lists_allow(String sub, String parent, String caller, boolean allowed) {
        AccountOptions s = AccountOptions.DEFAULTS.with("allowed-ips", sub);
        AccountOptions p = AccountOptions.DEFAULTS.with("allowed-ips", parent);
        assertThat(s.within(p).ipAllowed(caller)).isEqualTo(allowed);
        // Never more than the parent allows, never more than the sub-account itself allows.
        if (allowed) {
            assertThat(p.ipAllowed(caller)).isTrue();
            assertThat(s.ipAllowed(caller)).isTrue();
        }
    }

    @ParameterizedTest
    @CsvSource({"format, flash", "validity, 2h", "duplicate-guard, off"})
    void the_rest_is_the_sub_accounts_own(String key, String value) {
        AccountOptions s = AccountOptions.DEFAULTS.with(key, value);
        assertThat(s.within(AccountOptions.DEFAULTS).asMap().get(key)).isEqualTo(s.asMap().get(key));
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            // sub's channels; parent's; applied
            "'';'';http,api,mail,drop,smpp",
            "api;'';api",
            "'';mail,drop;mail,drop",
            "api,mail;mail,drop;mail",
            "api;mail;none",
            "none;'';none",
    })
    void a_channel_needs_the_parent_too(String sub, String parent, String applied) {
        AccountOptions s = AccountOptions.DEFAULTS.with("channels", sub);
        AccountOptions p = AccountOptions.DEFAULTS.with("channels", parent);
        assertThat(s.within(p).asMap().get("channels")).isEqualTo(applied);
        assertThat(s.within(p).disabled().asMap().get("channels")).isEqualTo("none");
        for (Channel c : Channel.values()) {
            assertThat(s.within(p).allows(c)).isEqualTo(applied.contains(c.key));
        }
    }

    @org.junit.jupiter.api.Test
    void channels_are_five_and_nothing_else() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> AccountOptions.DEFAULTS.with("channels", "api,fax"))
                .hasMessageContaining("http, api, mail, drop and smpp");
    }
}
