package io.colibri.gateway.accept;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.colibri.domain.Code;
import io.colibri.domain.ConnectorChoice;
import io.colibri.domain.PriceTable;
import io.colibri.domain.RequestKeys;
import io.colibri.domain.SmscCharset;
import io.colibri.domain.SubmitChecks;
import io.colibri.gateway.store.RequestKey;
import io.colibri.gateway.TestDatabases;
import io.colibri.gateway.store.Store;
import io.colibri.gateway.store.StoreTest;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A channel's request counts once by its key (issue 14: the key is a REQUEST with its legacy
 * code): asked again, it answers the code it got the first time and records nothing, even when
 * deciding again would answer otherwise. On H2, and PostgreSQL when configured.
 */
class ChannelRequestOnceTest {

    static List<String> databases() {
        return TestDatabases.kinds();
    }

    private static Accept accept(Store store) {
        return new Accept(store.database(), store.accounts(), store.recorder(), store.cancellations(), store.queries(),
                store.recentTexts(), store.blacklist(), store.groups(),
                new SubmitChecks.Rules(PriceTable.DEFAULT, Clock.systemUTC(), n -> SmscCharset.GSM),
                List.of(new ConnectorChoice.Candidate("mobile", List.of())));
    }

    private static RequestKey key(Store store, String key) {
        return store.database().tx(em -> em.find(RequestKey.class, key));
    }

    @ParameterizedTest
    @MethodSource("databases")
    void a_request_asked_again_answers_its_first_code_and_records_nothing(String kind) throws Exception {
        StoreTest.withStore(kind, store -> {
            long id = StoreTest.account(store, 1);
            Accept accept = accept(store);
            String sent = RequestKeys.alert(id, LocalDate.of(2026, 12, 1));
            ChannelRequest first = ChannelRequest.of(id, "a@b.fr", "0612345678", "Crédit bas", null, sent);

            Acceptance accepted = accept.acceptAuthenticated(first);
            assertThat(accepted.code()).isEqualTo(Code.ACCEPTED);
            assertThat(accepted.recorded()).hasSize(1);
            assertThat(key(store, sent)).satisfies(k -> {
                assertThat(k.getKind()).isEqualTo(RequestKey.Kind.REQUEST);
                assertThat(k.getLegacyCode()).isEqualTo(Code.ACCEPTED);
                assertThat(k.getOutcome()).isNull();
                assertThat(k.getAccountId()).isEqualTo(id);
            });
            // The credit is spent: decided again it would be refused (83); it answers 80 and records nothing.
            Acceptance again = accept.acceptAuthenticated(first);
            assertThat(again.code()).isEqualTo(Code.ACCEPTED);
            assertThat(again.recorded()).isEmpty();
            assertThat(store.accounts().balance(id)).isZero();

            String refused = RequestKeys.alert(id, LocalDate.of(2026, 12, 2));
            ChannelRequest poor = ChannelRequest.of(id, "a@b.fr", "0612345678", "Crédit épuisé", null, refused);
            assertThat(accept.acceptAuthenticated(poor).code()).isEqualTo(Code.NOT_ENOUGH_CREDIT);
            store.accounts().addCredit("a@b.fr", 5, "test");
            assertThat(accept.acceptAuthenticated(poor).code()).as("the first answer, though the credit is back").isEqualTo(Code.NOT_ENOUGH_CREDIT);
            assertThat(key(store, refused).getLegacyCode()).isEqualTo(Code.NOT_ENOUGH_CREDIT);
            assertThat(store.accounts().balance(id)).isEqualTo(5);
        });
    }

    @ParameterizedTest
    @MethodSource("databases")
    void a_key_of_another_kind_is_never_answered(String kind) throws Exception {
        StoreTest.withStore(kind, store -> {
            long id = StoreTest.account(store, 5);
            String stop = RequestKeys.reply(1, "stop");
            store.database().tx(em -> {
                em.persist(RequestKey.stop(stop, id, OffsetDateTime.now()));
                return null;
            });
            assertThatThrownBy(() -> accept(store).acceptAuthenticated(ChannelRequest.of(id, "a@b.fr", "0612345678", "x", null, stop)))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("STOP");
            assertThat(store.accounts().balance(id)).isEqualTo(5);
        });
    }
}
