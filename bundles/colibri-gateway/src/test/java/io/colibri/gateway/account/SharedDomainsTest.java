package io.colibri.gateway.account;

import io.colibri.gateway.store.StoreTest;
import static io.colibri.gateway.store.StoreTest.account;
import static io.colibri.gateway.store.StoreTest.withStore;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.colibri.gateway.account.Accounts;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** ACC-5 and MAIL-1: a domain shared with an account, on a real database (H2, PostgreSQL when configured). */
class SharedDomainsTest {

    static List<String> databases() {
        return StoreTest.databases();
    }

    @ParameterizedTest
    @MethodSource("databases")
    void every_address_of_a_shared_domain_sends_for_the_account_with_the_domains_password(String kind) throws Exception {
        withStore(kind, store -> {
            long a = account(store, 0);
            store.sharedDomains().share("a@b.fr", " @Mairie-Colibri.FR ", "Secret2026");
            assertThat(store.sharedDomains().accountFor("secretariat@mairie-colibri.fr", "Secret2026")).contains(a);
            assertThat(store.sharedDomains().accountFor("Maire@MAIRIE-COLIBRI.FR", "Secret2026")).contains(a);
            assertThat(store.sharedDomains().accountFor("maire@mairie-colibri.fr", "secret2026")).as("case matters").isEmpty();
            assertThat(store.sharedDomains().accountFor("maire@autre.fr", "Secret2026")).isEmpty();
            assertThat(store.sharedDomains().accountFor("maire@sous.mairie-colibri.fr", "Secret2026")).as("not a subdomain").isEmpty();
            assertThat(store.sharedDomains().accountFor("pas-une-adresse", "Secret2026")).isEmpty();

            store.sharedDomains().share("a@b.fr", "mairie-colibri.fr", "Nouveau2027");
            assertThat(store.sharedDomains().accountFor("maire@mairie-colibri.fr", "Secret2026")).isEmpty();
            assertThat(store.sharedDomains().accountFor("maire@mairie-colibri.fr", "Nouveau2027")).contains(a);

            // Stored only hashed.
            String stored = store.database().tx(em -> (String) em.createNativeQuery(
                    "select password_hash from shared_domain").getSingleResult());
            assertThat(stored).startsWith("pbkdf2-sha256$").doesNotContain("Nouveau2027");
        });
    }

    @ParameterizedTest
    @MethodSource("databases")
    void a_domain_is_shared_by_one_account_and_bad_input_is_refused_with_its_reason(String kind) throws Exception {
        withStore(kind, store -> {
            account(store, 0);
            store.accounts().create("other@b.fr");
            store.sharedDomains().share("a@b.fr", "asso.org", "Password1");
            assertThatThrownBy(() -> store.sharedDomains().share("other@b.fr", "ASSO.org", "Password2"))
                    .isInstanceOf(Accounts.AccountException.class).hasMessageContaining("shared by another account");
            assertThatThrownBy(() -> store.sharedDomains().share("nobody@b.fr", "x.org", "Password1"))
                    .hasMessageContaining("no account");
            for (String domain : List.of("", "org", "a@b.org", "-x.org", "x..org", "exa mple.org")) {
                assertThatThrownBy(() -> store.sharedDomains().share("a@b.fr", domain, "Password1")).as(domain)
                        .hasMessageContaining("not a mail domain");
            }
            for (String password : List.of("short1", "avec espace", "deux:points", "")) {
                assertThatThrownBy(() -> store.sharedDomains().share("a@b.fr", "x.org", password)).as(password)
                        .hasMessageContaining("at least 8 letters and digits");
            }
        });
    }
}
