package io.colibri.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class RequestKeysTest {

    @Test
    void aMailKeyIsADigestOfItsSenderAndIdInItsOwnNamespace() {
        String key = RequestKeys.mail("Alice@Example.org", "<reply:1234:stop>");
        assertThat(key).startsWith("mail:").hasSize(69).doesNotContain("reply:");
        // The sender compares without case or surrounding blanks; the id exactly.
        assertThat(RequestKeys.mail(" alice@example.ORG ", "<reply:1234:stop>")).isEqualTo(key);
        assertThat(RequestKeys.mail("bob@example.org", "<reply:1234:stop>")).isNotEqualTo(key);
        assertThat(RequestKeys.mail("alice@example.org", "<REPLY:1234:stop>")).isNotEqualTo(key);
    }

    @Test
    void noSenderOrNoIdMakesNoMailKey() {
        assertThatThrownBy(() -> RequestKeys.mail(null, "<x>")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RequestKeys.mail(" ", "<x>")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RequestKeys.mail("a@b.c", "")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aMailRecipientExtendsOnlyAMailKey() {
        String key = RequestKeys.mail("a@b.c", "<x>");
        assertThat(RequestKeys.mailRecipient(key, 2)).isEqualTo(key + "#2");
        assertThatThrownBy(() -> RequestKeys.mailRecipient("reply:1:stop", 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RequestKeys.mailRecipient(key, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void repliesAndAlertsHaveTheirOwnPrefixes() {
        assertThat(RequestKeys.reply(1234, "stop")).isEqualTo("reply:1234:stop");
        assertThat(RequestKeys.alert(7, LocalDate.of(2026, 12, 1))).isEqualTo("alert:7:2026-12-01");
        assertThatThrownBy(() -> RequestKeys.reply(1, "")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theDigestIsSha256InHex() {
        assertThat(RequestKeys.digest("abc")).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}
