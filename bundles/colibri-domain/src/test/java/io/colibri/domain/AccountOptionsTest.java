package io.colibri.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import io.colibri.domain.AccountOptions.Format;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AccountOptionsTest {

    @Test
    void defaults_of_a_new_account() {
        AccountOptions d = AccountOptions.DEFAULTS;
        assertThat(d.longSms()).isFalse();
        assertThat(d.format()).isEqualTo(Format.NORMAL);
        assertThat(d.validity()).isEqualTo(Duration.ofHours(48));
        assertThat(d.duplicateGuard()).isTrue();
        assertThat(d.landline()).isFalse();
        assertThat(d.domTom()).isFalse();
        assertThat(d.international()).isFalse();
        assertThat(d.allowedIps()).isEmpty();
        assertThat(AccountOptions.of(Map.of())).isEqualTo(d);
    }

    @Test
    void defaults_as_stored_and_shown_in_key_order() {
        assertThat(AccountOptions.DEFAULTS.asMap()).containsExactly(
                entry("long-sms", "off"),
                entry("format", "normal"),
                entry("validity", "48h"),
                entry("duplicate-guard", "on"),
                entry("landline", "off"),
                entry("domtom", "off"),
                entry("international", "off"),
                entry("allowed-ips", ""),
                entry("channels", "http,api,mail,drop,smpp"),
                entry("mail-registered", "on"),
                entry("mail-refused", "on"),
                entry("mail-finished", "on"),
                entry("mail-delivered", "off"),
                entry("mail-cutoff", ""),
                entry("reply-stop-text", ReplyOptions.STOP_TEXT),
                entry("reply-ack-text", ""),
                entry("reply-forward-email", "on"),
                entry("reply-forward-mobile", ""),
                entry("alert-threshold", ""),
                entry("alert-email", ""),
                entry("alert-mobile", ""));
        assertThat(AccountOptions.KEYS).containsExactly("long-sms", "format", "validity", "duplicate-guard", "landline",
                "domtom", "international", "allowed-ips", "channels", "mail-registered", "mail-refused", "mail-finished", "mail-delivered",
                "mail-cutoff", "reply-stop-text", "reply-ack-text", "reply-forward-email", "reply-forward-mobile",
                "alert-threshold", "alert-email", "alert-mobile");
    }

    @ParameterizedTest(name = "{0} = [{1}] -> {2}")
    @CsvSource(delimiter = '|', value = {
        // key             | value                         | shown as
        "long-sms         | on                             | on",
        "long-sms         | ON                             | on",
        "long-sms         | ' on '                         | on",
        "long-sms         | yes                            | on",
        "long-sms         | true                           | on",
        "long-sms         | 1                              | on",
        "long-sms         | off                            | off",
        "long-sms         | no                             | off",
        "long-sms         | false                          | off",
        "long-sms         | 0                              | off",
        "format           | normal                         | normal",
        "format           | flash                          | flash",
        "format           | FLASH                          | flash",
        "format           | normal+flash                   | normal+flash",
        "format           | ' Normal+Flash '               | normal+flash",
        "validity         | 1h                             | 1h",
        "validity         | 24h                            | 24h",
        "validity         | 48H                            | 48h",
        "validity         | 72h                            | 72h",
        "validity         | 1d                             | 24h",
        "validity         | 2D                             | 48h",
        "validity         | 3d                             | 72h",
        "validity         | ' 12h '                        | 12h",
        "duplicate-guard  | off                            | off",
        "duplicate-guard  | on                             | on",
        "landline         | on                             | on",
        "landline         | off                            | off",
        "domtom           | on                             | on",
        "domtom           | off                            | off",
        "international    | on                             | on",
        "international    | off                            | off",
        "allowed-ips      | 192.0.2.7                      | 192.0.2.7",
        "allowed-ips      | 192.0.2.7, 10.0.0.0/8          | 192.0.2.7,10.0.0.0/8",
        "allowed-ips      | ' 2001:db8::/32 ,, 192.0.2.7 ' | 2001:db8::/32,192.0.2.7",
        "allowed-ips      | 192.0.2.7/32                   | 192.0.2.7",
        "allowed-ips      | ''                             | ''",
        "allowed-ips      | ' , '                          | ''",
    })
    void every_key_accepts_its_values(String key, String value, String shown) {
        AccountOptions changed = AccountOptions.DEFAULTS.with(key, value);
        Map<String, String> expected = new HashMap<>(AccountOptions.DEFAULTS.asMap());
        expected.put(key, shown);
        assertThat(changed.asMap()).isEqualTo(expected);
        assertThat(AccountOptions.of(changed.asMap())).isEqualTo(changed);
    }

    @Test
    void each_key_changes_its_own_field() {
        AccountOptions d = AccountOptions.DEFAULTS;
        assertThat(d.with("long-sms", "on")).isEqualTo(new AccountOptions(true, Format.NORMAL, Duration.ofHours(48), true, false, false, false, List.of()));
        assertThat(d.with("format", "flash")).isEqualTo(new AccountOptions(false, Format.FLASH, Duration.ofHours(48), true, false, false, false, List.of()));
        assertThat(d.with("format", "normal+flash").format()).isEqualTo(Format.NORMAL_FLASH);
        assertThat(d.with("validity", "3d")).isEqualTo(new AccountOptions(false, Format.NORMAL, Duration.ofHours(72), true, false, false, false, List.of()));
        assertThat(d.with("duplicate-guard", "off")).isEqualTo(new AccountOptions(false, Format.NORMAL, Duration.ofHours(48), false, false, false, false, List.of()));
        assertThat(d.with("landline", "on")).isEqualTo(new AccountOptions(false, Format.NORMAL, Duration.ofHours(48), true, true, false, false, List.of()));
        assertThat(d.with("domtom", "on")).isEqualTo(new AccountOptions(false, Format.NORMAL, Duration.ofHours(48), true, false, true, false, List.of()));
        assertThat(d.with("international", "on")).isEqualTo(new AccountOptions(false, Format.NORMAL, Duration.ofHours(48), true, false, false, true, List.of()));
        assertThat(d.with("allowed-ips", "10.0.0.0/8")).isEqualTo(new AccountOptions(false, Format.NORMAL, Duration.ofHours(48), true, false, false, false,
                List.of(IpRange.parse("10.0.0.0/8"))));
        assertThat(d.with("allowed-ips", "10.0.0.0/8").with("allowed-ips", "")).isEqualTo(d);
    }

    @ParameterizedTest(name = "{0} = [{1}]")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
        "long-sms         | maybe",
        "long-sms         | ''",
        "long-sms         | NULL",
        "long-sms         | o",
        "long-sms         | 2",
        "format           | class0",
        "format           | ''",
        "format           | normal flash",
        "format           | normal,flash",
        "validity         | 0h",
        "validity         | 73h",
        "validity         | 4d",
        "validity         | 0d",
        "validity         | 48",
        "validity         | h",
        "validity         | d",
        "validity         | 1.5h",
        "validity         | -1h",
        "validity         | 48 h",
        "validity         | 30m",
        "validity         | 1w",
        "validity         | ''",
        "validity         | 99999999999999999999h",
        "validity         | 9223372036854775807h",
        "validity         | 9223372036854775807d",
        "validity         | 106751991167301d",
        "duplicate-guard  | sometimes",
        "landline         | oui",
        "domtom           | non",
        "international    | all",
        "allowed-ips      | localhost",
        "allowed-ips      | 192.0.2.7, example.com",
        "allowed-ips      | 192.0.2.0/33",
        "allowed-ips      | 192.0.2.7; 10.0.0.1",
        "colour           | red",
        "Long-SMS         | on",
        "''               | on",
    })
    void a_bad_key_or_value_is_refused_with_a_message_for_the_operator(String key, String value) {
        assertThatThrownBy(() -> AccountOptions.DEFAULTS.with(key, value))
                .isInstanceOf(IllegalArgumentException.class)
                .message().isNotBlank();
    }

    @Test
    void the_messages_say_what_is_expected() {
        assertThatThrownBy(() -> AccountOptions.DEFAULTS.with("validity", "96h")).hasMessageContaining("1h to 72h").hasMessageContaining("96h");
        assertThatThrownBy(() -> AccountOptions.DEFAULTS.with("format", "class0")).hasMessageContaining("normal, flash or normal+flash");
        assertThatThrownBy(() -> AccountOptions.DEFAULTS.with("landline", "oui")).hasMessageContaining("landline must be on or off");
        assertThatThrownBy(() -> AccountOptions.DEFAULTS.with("colour", "red")).hasMessageContaining("unknown option 'colour'");
        assertThatThrownBy(() -> AccountOptions.DEFAULTS.with("allowed-ips", "example.com")).hasMessageContaining("example.com");
    }

    @Test
    void stored_options_ignore_unknown_keys_and_keep_defaults_for_missing_ones() {
        AccountOptions o = AccountOptions.of(Map.of("long-sms", "on", "validity", "12h", "legacy-colour", "red"));
        assertThat(o).isEqualTo(AccountOptions.DEFAULTS.with("long-sms", "on").with("validity", "12h"));
    }

    @Test
    void a_bad_stored_value_is_refused() {
        assertThatThrownBy(() -> AccountOptions.of(Map.of("validity", "0h"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void every_option_changed_goes_through_asMap_and_of_unchanged() {
        AccountOptions all = AccountOptions.DEFAULTS
                .with("long-sms", "on").with("format", "normal+flash").with("validity", "1h")
                .with("duplicate-guard", "off").with("landline", "on").with("domtom", "on")
                .with("international", "on").with("allowed-ips", "192.0.2.0/24,2001:db8::/32,203.0.113.9")
                .with("mail-registered", "off").with("mail-refused", "off").with("mail-finished", "off")
                .with("mail-delivered", "on").with("mail-cutoff", "21h")
                .with("reply-stop-text", "Désinscription faite.").with("reply-ack-text", "Merci, message reçu.")
                .with("reply-forward-email", "off").with("reply-forward-mobile", "06 12 34 56 78")
                .with("alert-threshold", "50").with("alert-email", "compta@mairie.fr").with("alert-mobile", "0798765432")
                .with("channels", "MAIL, api");
        assertThat(all.asMap()).containsExactly(
                entry("long-sms", "on"),
                entry("format", "normal+flash"),
                entry("validity", "1h"),
                entry("duplicate-guard", "off"),
                entry("landline", "on"),
                entry("domtom", "on"),
                entry("international", "on"),
                entry("allowed-ips", "192.0.2.0/24,2001:db8::/32,203.0.113.9"),
                entry("channels", "api,mail"),
                entry("mail-registered", "off"),
                entry("mail-refused", "off"),
                entry("mail-finished", "off"),
                entry("mail-delivered", "on"),
                entry("mail-cutoff", "21:00"),
                entry("reply-stop-text", "Désinscription faite."),
                entry("reply-ack-text", "Merci, message reçu."),
                entry("reply-forward-email", "off"),
                entry("reply-forward-mobile", "+33612345678"),
                entry("alert-threshold", "50"),
                entry("alert-email", "compta@mairie.fr"),
                entry("alert-mobile", "+33798765432"));
        assertThat(AccountOptions.of(all.asMap())).isEqualTo(all);
        assertThat(AccountOptions.of(AccountOptions.DEFAULTS.asMap())).isEqualTo(AccountOptions.DEFAULTS);
    }

    @ParameterizedTest(name = "allowed [{0}], caller [{1}] -> {2}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
        "''                        | 203.0.113.9      | true",
        "''                        | NULL             | true",
        "''                        | garbage          | true",
        "192.0.2.7                 | 192.0.2.7        | true",
        "192.0.2.7                 | 192.0.2.8        | false",
        "192.0.2.7,10.0.0.0/8      | 10.9.8.7         | true",
        "192.0.2.7,10.0.0.0/8      | 11.9.8.7         | false",
        "192.0.2.0/24              | ::ffff:192.0.2.1 | true",
        "2001:db8::/32             | 2001:db8::1      | true",
        "2001:db8::/32             | 192.0.2.1        | false",
        "192.0.2.7                 | NULL             | false",
    })
    void ip_allowed(String allowed, String caller, boolean ok) {
        assertThat(AccountOptions.DEFAULTS.with("allowed-ips", allowed).ipAllowed(caller)).isEqualTo(ok);
    }

    @Test
    void the_list_of_ranges_cannot_be_changed_from_outside() {
        List<IpRange> ranges = new java.util.ArrayList<>(List.of(IpRange.parse("10.0.0.0/8")));
        AccountOptions o = new AccountOptions(false, Format.NORMAL, Duration.ofHours(48), true, false, false, false, ranges);
        ranges.clear();
        assertThat(o.allowedIps()).hasSize(1);
        assertThatThrownBy(() -> o.allowedIps().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void reply_options_reject_a_bad_mobile_and_an_empty_stop_text_means_the_default() {
        assertThatThrownBy(() -> AccountOptions.DEFAULTS.with("reply-forward-mobile", "0899"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reply-forward-mobile");
        assertThat(AccountOptions.DEFAULTS.with("reply-stop-text", "Fini.").with("reply-stop-text", "").replies().stopText())
                .isEqualTo(ReplyOptions.STOP_TEXT);
        assertThat(AccountOptions.DEFAULTS.with("reply-forward-mobile", "").replies().forwardMobile()).isEmpty();
    }
}
