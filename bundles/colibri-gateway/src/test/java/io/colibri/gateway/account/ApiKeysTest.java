package io.colibri.gateway.account;

import static io.colibri.gateway.store.StoreTest.account;
import static io.colibri.gateway.store.StoreTest.withStore;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.colibri.domain.ApiKey;
import io.colibri.gateway.store.StoreTest;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Issue 15: API keys on a real database (H2, PostgreSQL when configured). */
class ApiKeysTest {

    static List<String> databases() {
        return StoreTest.databases();
    }

    @ParameterizedTest
    @MethodSource("databases")
    void a_key_speaks_for_its_account_until_it_is_revoked_and_only_its_hash_is_kept(String kind) throws Exception {
        withStore(kind, store -> {
            long a = account(store, 0);
            ApiKeys.Made made = store.apiKeys().createFor(" a@b.fr ");
            ApiKeys.Made second = store.apiKeys().createFor("a@b.fr");
            assertThat(made.key()).isNotEqualTo(second.key());
            assertThat(ApiKey.wellFormed(made.key())).isTrue();

            assertThat(store.apiKeys().holder(made.key())).hasValueSatisfying(h -> {
                assertThat(h.accountId()).isEqualTo(a);
                assertThat(h.isOperator()).isFalse();
                assertThat(h.keyId()).isEqualTo(made.id());
            });
            // One character off, another form, nothing: no holder.
            String off = made.key().substring(0, made.key().length() - 1) + (made.key().endsWith("A") ? "B" : "A");
            assertThat(store.apiKeys().holder(off)).isEmpty();
            assertThat(store.apiKeys().holder("Bearer " + made.key())).isEmpty();
            assertThat(store.apiKeys().holder(null)).isEmpty();

            // Lists show the start, never the key; stored as its SHA-256 only.
            assertThat(store.apiKeys().of("a@b.fr")).extracting(ApiKeys.Listed::id).containsExactly(second.id(), made.id());
            assertThat(store.apiKeys().of("a@b.fr")).allSatisfy(k -> assertThat(k.shown()).hasSize(ApiKey.SHOWN + 1).endsWith("…"));
            List<?> stored = store.database().tx(em -> em.createNativeQuery("select key_hash || ' ' || shown from api_key").getResultList());
            assertThat(stored.toString()).contains(ApiKey.hash(made.key())).doesNotContain(made.key().substring(ApiKey.SHOWN));

            assertThat(store.apiKeys().revoke(made.id()).revoked()).isTrue();
            assertThat(store.apiKeys().holder(made.key())).isEmpty();
            assertThat(store.apiKeys().holder(second.key())).isPresent();
            assertThat(store.apiKeys().revoke(made.id()).revokedAt()).as("revoked once, its date kept")
                    .isEqualTo(store.apiKeys().of("a@b.fr").get(1).revokedAt());
        });
    }

    @ParameterizedTest
    @MethodSource("databases")
    void an_operator_key_has_a_name_and_no_account_and_bad_input_is_refused_with_its_reason(String kind) throws Exception {
        withStore(kind, store -> {
            account(store, 0);
            ApiKeys.Made op = store.apiKeys().createOperator("exploitation");
            assertThat(store.apiKeys().holder(op.key())).hasValueSatisfying(h -> {
                assertThat(h.isOperator()).isTrue();
                assertThat(h.operator()).isEqualTo("exploitation");
                assertThat(h.accountId()).isNull();
            });
            assertThat(store.apiKeys().operators()).singleElement().satisfies(k -> assertThat(k.holder()).isEqualTo("operator exploitation"));
            assertThat(store.apiKeys().of("a@b.fr")).isEmpty();

            assertThatThrownBy(() -> store.apiKeys().createFor("nobody@b.fr")).hasMessageContaining("no account");
            for (String name : List.of("", " ", "avec espace", "x".repeat(101), "<script>")) {
                assertThatThrownBy(() -> store.apiKeys().createOperator(name)).as(name).hasMessageContaining("operator's name");
            }
            assertThatThrownBy(() -> store.apiKeys().revoke(999_999)).hasMessageContaining("no API key 999999");
            // Either an account or an operator, never both or neither: the table says so too.
            assertThatThrownBy(() -> store.database().tx(em -> em.createNativeQuery(
                    "insert into api_key (key_hash, shown, created_at) values ('x', 'x', current_timestamp)").executeUpdate()))
                    .isNotNull();
        });
    }
}
