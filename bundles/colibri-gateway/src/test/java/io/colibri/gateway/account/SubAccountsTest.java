package io.colibri.gateway.account;

import static io.colibri.gateway.store.StoreTest.account;
import static io.colibri.gateway.store.StoreTest.withStore;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.colibri.gateway.store.StoreTest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Issue 15, ACC-4: sub-accounts on a real database (H2, PostgreSQL when configured). */
class SubAccountsTest {

    static List<String> databases() {
        return StoreTest.databases();
    }

    @ParameterizedTest
    @MethodSource("databases")
    void concurrent_transfers_both_ways_never_leave_a_negative_balance_and_every_balance_equals_its_ledger(String kind) throws Exception {
        withStore(kind, store -> {
            long parent = account(store, 100);
            SubAccounts subs = store.subAccounts();
            List<Long> ids = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                ids.add(subs.create(parent, "agent" + i + "@b.fr", "Agent " + i, SubAccounts.Kind.EMPLOYEE).sub().id());
            }
            ExecutorService pool = Executors.newFixedThreadPool(8);
            AtomicInteger refused = new AtomicInteger();
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                int n = i;
                done.add(pool.submit(() -> {
                    long sub = ids.get(n % ids.size());
                    // More asked than there is, both ways: some must be refused whole.
                    int credits = n % 3 == 2 ? -(7 + n % 5) : 9 + n % 4;
                    try {
                        subs.transfer(parent, sub, credits);
                    } catch (SubAccounts.NotEnoughCredit e) {
                        refused.incrementAndGet();
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            pool.shutdown();
            assertThat(refused.get()).as("the credit ran out on one side at times").isPositive();
            long total = 0;
            for (long id : concat(parent, ids)) {
                long balance = store.accounts().balance(id);
                assertThat(balance).isGreaterThanOrEqualTo(0);
                assertThat(store.accounts().ledgerSum(id)).isEqualTo(balance);
                total += balance;
            }
            assertThat(total).as("credit moved, never made or lost").isEqualTo(100);
        });
    }

    private static List<Long> concat(long first, List<Long> rest) {
        List<Long> all = new ArrayList<>(List.of(first));
        all.addAll(rest);
        return all;
    }

    @ParameterizedTest
    @MethodSource("databases")
    void a_sub_account_is_its_parents_only_one_level_deep_and_never_does_what_its_parent_forbids(String kind) throws Exception {
        withStore(kind, store -> {
            long parent = account(store, 10);
            SubAccounts subs = store.subAccounts();
            SubAccounts.Made made = subs.create(parent, " Fournisseur@B.fr ", "Le fournisseur", SubAccounts.Kind.SUPPLIER);
            long sub = made.sub().id();
            assertThat(made.sub().email()).isEqualTo("fournisseur@b.fr");
            assertThat(made.password()).isNotBlank();
            assertThat(store.accounts().authenticate("fournisseur@b.fr", made.password())).isPresent();
            assertThat(subs.of(parent)).extracting(SubAccounts.Sub::id).containsExactly(sub);
            assertThatThrownBy(() -> subs.create(sub, "x@b.fr", "x", SubAccounts.Kind.EMPLOYEE)).hasMessageContaining("no sub-accounts");
            assertThatThrownBy(() -> subs.create(parent, "a@b.fr", "x", SubAccounts.Kind.EMPLOYEE)).hasMessageContaining("exists");
            store.accounts().create("c@d.fr");
            long stranger = store.accounts().require("c@d.fr").id();
            assertThat(subs.find(stranger, sub)).isEmpty();
            assertThatThrownBy(() -> subs.transfer(stranger, sub, 1)).hasMessageContaining("no sub-account");

            assertThat(subs.transfer(parent, sub, 4)).isEqualTo(new SubAccounts.Moved(6, 4));
            assertThatThrownBy(() -> subs.transfer(parent, sub, -5)).isInstanceOf(SubAccounts.NotEnoughCredit.class);
            assertThat(subs.transfer(parent, sub, -1)).isEqualTo(new SubAccounts.Moved(7, 3));

            // The parent forbids landlines: the sub-account's own "on" does not open them.
            store.accounts().setOption("fournisseur@b.fr", "landline", "on");
            assertThat(store.accounts().options(sub).landline()).isFalse();
            store.accounts().setOption("a@b.fr", "landline", "on");
            assertThat(store.accounts().options(sub).landline()).isTrue();
            store.accounts().setOption("a@b.fr", "landline", "off");
            assertThat(store.accounts().options(sub).landline()).as("the parent's change applies at once").isFalse();
        });
    }
}
