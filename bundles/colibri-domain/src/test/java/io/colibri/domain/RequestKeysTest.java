package io.colibri.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class RequestKeysTest {

    @Test
    void a_mail_key_is_a_digest_of_its_sender_and_id_in_its_own_namespace() {
        String key = RequestKeys.mail("Alice@Example.org", "<reply:1234:stop>");
        assertThat(key).startsWith("mail:").hasSize(69).doesNotContain("reply:");
        // The sender compares without case or surrounding blanks; the id exactly.
        assertThat(RequestKeys.mail(" alice@example.ORG ", "<reply:1234:stop>")).isEqualTo(key);
        assertThat(RequestKeys.mail("bob@example.org", "<reply:1234:stop>")).isNotEqualTo(key);
        assertThat(RequestKeys.mail("alice@example.org", "<REPLY:1234:stop>")).isNotEqualTo(key);
    }

    @Test
    void no_sender_or_no_id_makes_no_mail_key() {
        assertThatThrownBy(() -> RequestKeys.mail(null, "<x>")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RequestKeys.mail(" ", "<x>")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RequestKeys.mail("a@b.c", "")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_mail_recipient_extends_only_a_mail_key() {
        String key = RequestKeys.mail("a@b.c", "<x>");
        assertThat(RequestKeys.mailRecipient(key, 2)).isEqualTo(key + "#2");
        assertThatThrownBy(() -> RequestKeys.mailRecipient("reply:1:stop", 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RequestKeys.mailRecipient(key, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void replies_and_alerts_have_their_own_prefixes() {
        assertThat(RequestKeys.reply(1234, "stop")).isEqualTo("reply:1234:stop");
        assertThat(RequestKeys.alert(7, LocalDate.of(2026, 12, 1))).isEqualTo("alert:7:2026-12-01");
        assertThatThrownBy(() -> RequestKeys.reply(1, "")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void the_digest_is_sha256_in_hex() {
        assertThat(RequestKeys.digest("abc")).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}
