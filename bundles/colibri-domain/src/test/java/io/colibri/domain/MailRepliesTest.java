package io.colibri.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class MailRepliesTest {
    static final ZoneId PARIS = ZoneId.of("Europe/Paris");

    @ParameterizedTest
    @EnumSource(Code.class)
    void every_code_has_its_own_reason_in_both_languages(Code code) {
        assertThat(MailReplies.reasonFr(code)).isNotBlank().isNotEqualTo(MailReplies.reasonEn(code));
        long sameFr = java.util.Arrays.stream(Code.values()).filter(c -> MailReplies.reasonFr(c).equals(MailReplies.reasonFr(code))).count();
        assertThat(sameFr).isEqualTo(1);
    }

    @Test
    void registered_lists_each_recipient_and_the_cutoff_time() {
        MailReplies.Reply r = MailReplies.registered("Réunion", List.of(new MailReplies.Outcome("0612345678", Code.ACCEPTED),
                new MailReplies.Outcome("Parents", Code.DEFERRED)), LocalDateTime.parse("2026-11-27T09:00").atZone(PARIS).toInstant(), PARIS);
        assertThat(r.subject()).isEqualTo("SMS enregistré / SMS registered: Réunion");
        assertThat(r.body()).contains("0612345678 : accepté, envoi en cours").contains("Parents: registered for a deferred send")
                .contains("elle partira le 27/11/2026 à 09:00").contains("it will leave on 27/11/2026 at 09:00");
        assertThat(r.body().indexOf("Votre demande")).isLessThan(r.body().indexOf("Your request"));
    }

    @Test
    void refused_gives_the_code_and_says_nothing_was_debited() {
        MailReplies.Reply r = MailReplies.refused("x", List.of(new MailReplies.Outcome("0812345678", Code.INVALID_NUMBER)));
        assertThat(r.body()).contains("0812345678 : numéro invalide").contains("(84)").contains("Nothing was debited");
    }

    @Test
    void long_subjects_are_shortened() {
        MailReplies.Reply r = MailReplies.finished("a".repeat(100), 3, 1);
        assertThat(r.subject()).hasSizeLessThan(100).endsWith("…");
        assertThat(r.body()).contains("3 SMS envoyé(s), 1 en échec").contains("3 SMS sent, 1 failed");
    }

    @Test
    void delivered_says_to_whom_and_when_in_paris_time() {
        MailReplies.Reply r = MailReplies.delivered("Bonjour", "+33612345678",
                LocalDateTime.parse("2026-07-01T10:15").atZone(PARIS).toInstant(), PARIS);
        assertThat(r.body()).contains("reçu par +33612345678 le 01/07/2026 à 10:15");
    }
}
