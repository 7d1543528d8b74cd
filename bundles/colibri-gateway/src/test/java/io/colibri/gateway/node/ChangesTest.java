package io.colibri.gateway.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.colibri.domain.Channel;
import io.colibri.domain.Code;
import io.colibri.domain.PartCount;
import io.colibri.domain.PhoneNumber;
import io.colibri.gateway.TestDatabases;
import io.colibri.gateway.account.ApiKeys;
import io.colibri.gateway.account.Sessions;
import io.colibri.gateway.account.SmppCredentials;
import io.colibri.gateway.account.SubAccounts;
import io.colibri.gateway.callback.Callbacks;
import io.colibri.gateway.message.Recorder;
import io.colibri.gateway.store.Database;
import io.colibri.gateway.store.Sms;
import io.colibri.gateway.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 18: two nodes on one PostgreSQL schema (two stores, each with its listener, as two
 * gateways would have): what node A changes through its own code is what node B's checks answer
 * within a second, cache or not. PostgreSQL only (H2 is one node).
 */
class ChangesTest {
    private static final Duration SECOND = Duration.ofSeconds(1);
    private static final PhoneNumber TO = PhoneNumber.parse("0612345678").orElseThrow();

    private static Database.Settings settings;
    private static Store a;
    private static Store b;
    private static ChangeListener listenerA;
    private static ChangeListener listenerB;

    /** The two nodes, shared by the tests (each its own accounts): opening a store takes seconds here. */
    @BeforeAll
    static void twoNodes() {
        assumeTrue(TestDatabases.pgUrl() != null, "COLIBRI_TEST_PG_URL names no PostgreSQL");
        settings = TestDatabases.fresh("postgresql");
        a = new Store(Database.open(settings), 1000);
        b = new Store(Database.open(settings), 1000);
        listenerA = new ChangeListener(a.database(), a.changes(), 5000);
        // B waits a whole second before listening again: a test acts in that gap.
        listenerB = new ChangeListener(b.database(), b.changes(), 5000, 1000);
        listenerA.start();
        listenerB.start();
    }

    @BeforeEach
    void listening() {
        await().atMost(Duration.ofSeconds(5)).until(() -> listenerA.listening() && listenerB.listening());
    }

    @AfterAll
    static void stop() {
        if (settings == null) {
            return;
        }
        listenerA.stop();
        listenerB.stop();
        a.close();
        b.close();
        TestDatabases.drop(settings);
    }

    @Test
    void both_nodes_speak_on_the_schemas_own_channel() {
        assertThat(a.changes().channel()).isEqualTo(b.changes().channel()).startsWith("colibri_changes:colibri_t");
        assertThat(a.changes().sender()).isNotEqualTo(b.changes().sender());
    }

    @Test
    void an_option_set_on_a_applies_on_b_and_to_bs_sub_accounts() {
        String email = "options@example.com";
        a.accounts().create(email);
        long id = a.accounts().require(email).id();
        long sub = a.subAccounts().create(id, "sub@example.com", "Sub", SubAccounts.Kind.CUSTOMER).sub().id();
        assertThat(b.accounts().options(id).longSms()).isFalse(); // cached on B
        assertThat(b.accounts().options(sub).landline()).isFalse();

        a.accounts().setOption(email, "long-sms", "on");
        await().atMost(SECOND).until(() -> b.accounts().options(id).longSms());

        a.accounts().setOption("sub@example.com", "landline", "on");
        a.accounts().setOption(email, "landline", "on");
        await().atMost(SECOND).until(() -> b.accounts().options(sub).landline());
        // The parent forbids: its sub-account cannot, on B too.
        a.accounts().setOption(email, "landline", "off");
        await().atMost(SECOND).until(() -> !b.accounts().options(sub).landline());
    }

    @Test
    void an_account_disabled_on_a_takes_nothing_on_b() {
        String email = "disabled@example.com";
        String password = a.accounts().create(email);
        long id = a.accounts().require(email).id();
        assertThat(b.accounts().authenticate(email, password).orElseThrow().options().allows(Channel.HTTP)).isTrue();

        a.accounts().disable(id, true);
        await().atMost(SECOND).until(() -> !b.accounts().options(id).allows(Channel.HTTP));
        assertThat(b.accounts().authenticate(email, password).orElseThrow().options().allows(Channel.HTTP)).isFalse();
    }

    @Test
    void a_password_changed_on_a_opens_nothing_on_b_where_it_was_proven() {
        String email = "password@example.com";
        String old = a.accounts().create(email);
        long id = a.accounts().require(email).id();
        assertThat(b.accounts().authenticate(email, old)).isPresent(); // B keeps a proof of it for 5 minutes

        String reset = a.accounts().resetPassword(email);
        await().atMost(SECOND).until(() -> b.accounts().authenticate(email, old).isEmpty());
        assertThat(b.accounts().authenticate(email, reset)).isPresent();

        a.accounts().choosePassword(id, "AnotherPassword42");
        await().atMost(SECOND).until(() -> b.accounts().authenticate(email, reset).isEmpty());
        assertThat(b.accounts().authenticate(email, "AnotherPassword42")).isPresent();
    }

    @Test
    void a_key_revoked_and_a_session_ended_on_a_open_nothing_on_b() {
        String email = "keys@example.com";
        a.accounts().create(email);
        long id = a.accounts().require(email).id();
        ApiKeys.Made key = a.apiKeys().createFor(email);
        Sessions sessionsA = new Sessions(a.database(), Clock.systemUTC(), Duration.ofHours(1));
        Sessions sessionsB = new Sessions(b.database(), Clock.systemUTC(), Duration.ofHours(1));
        Sessions.Opened session = sessionsA.openForAccount(id);
        Sessions.Opened byKey = sessionsA.openForKey(a.apiKeys().holder(key.key()).orElseThrow());
        assertThat(b.apiKeys().holder(key.key())).isPresent();
        assertThat(sessionsB.find(session.token())).isPresent();
        assertThat(sessionsB.find(byKey.token())).isPresent();

        a.apiKeys().revoke(key.id());
        sessionsA.close(session.session().id());
        await().atMost(SECOND).until(() -> b.apiKeys().holder(key.key()).isEmpty() && sessionsB.find(session.token()).isEmpty()
                && sessionsB.find(byKey.token()).isEmpty());
    }

    @Test
    void a_number_blacklisted_on_a_is_refused_on_b_and_taken_again_once_removed() {
        long id = account("blacklist@example.com");
        assertThat(b.blacklist().contains(id, TO)).isFalse(); // B holds the account's list

        a.blacklist().add(id, TO, "STOP (reply 1)");
        await().atMost(SECOND).until(() -> b.blacklist().contains(id, TO));

        a.blacklist().remove(id, TO);
        await().atMost(SECOND).until(() -> !b.blacklist().contains(id, TO));
        // And listed again (an add after a remove, in commit order).
        a.blacklist().add(id, TO, "console");
        await().atMost(SECOND).until(() -> b.blacklist().contains(id, TO));
    }

    @Test
    void a_callback_set_or_removed_on_a_is_what_b_records_events_for() {
        long id = account("callback@example.com");
        assertThat(b.callbacks().url(id)).isEmpty(); // B keeps "none"

        a.callbacks().set(id, Callbacks.BUS_EVENTS);
        await().atMost(SECOND).until(() -> b.callbacks().url(id).isPresent());
        String secret = a.callbacks().set(id, Callbacks.BUS_EVENTS);
        await().atMost(SECOND).until(() -> b.callbacks().target(id).orElseThrow().secret().equals(secret));

        a.callbacks().remove(id);
        await().atMost(SECOND).until(() -> b.callbacks().url(id).isEmpty());
    }

    @Test
    void an_smpp_login_given_or_taken_on_a_is_known_on_b() {
        String email = "esme@example.com";
        long id = account(email);
        b.smppCredentials().load();
        assertThat(b.smppCredentials().has(id)).isFalse();

        SmppCredentials.Made made = a.smppCredentials().create(email, "esme1", new SmppCredentials.Limits(0, 0, 0));
        await().atMost(SECOND).until(() -> b.smppCredentials().has(id));
        assertThat(b.smppCredentials().authenticate("esme1", made.password())).isPresent();

        a.smppCredentials().remove(email);
        await().atMost(SECOND).until(() -> !b.smppCredentials().has(id));
    }

    @Test
    void a_domain_shared_and_a_sub_account_made_on_a_log_in_on_b() {
        String email = "domains@example.com";
        long id = account(email);
        a.sharedDomains().share(email, "shared.example.org", "Password1");
        assertThat(b.sharedDomains().accountFor("anyone@shared.example.org", "Password1")).contains(id);

        SubAccounts.Made sub = a.subAccounts().create(id, "employee@example.com", "Employee", SubAccounts.Kind.EMPLOYEE);
        assertThat(b.accounts().authenticate("employee@example.com", sub.password()).orElseThrow().accountId()).isEqualTo(sub.sub().id());
        assertThat(b.subAccounts().of(id)).extracting(SubAccounts.Sub::id).containsExactly(sub.sub().id());
    }

    @Test
    void a_text_sent_through_a_is_a_duplicate_on_b() {
        long id = account("duplicates@example.com");
        // B holds the account's recent texts already (it sent something): it must hear A's.
        assertThat(record(b, id, TO, "first").recorded()).isTrue();
        assertThat(b.recentTexts().mayHave(id, TO.e164(), Sms.hash("hello"), Instant.now())).isFalse();

        assertThat(record(a, id, TO, "hello").recorded()).isTrue();
        await().atMost(SECOND).until(() -> b.recentTexts().mayHave(id, TO.e164(), Sms.hash("hello"), Instant.now()));
        assertThat(record(b, id, TO, "hello").refusal()).isEqualTo(Code.DUPLICATE);
        // And the other way round, B's text refused on A (A holds the account now).
        assertThat(record(b, id, TO, "from b").recorded()).isTrue();
        await().atMost(SECOND).until(() -> a.recentTexts().mayHave(id, TO.e164(), Sms.hash("from b"), Instant.now()));
        assertThat(record(a, id, TO, "from b").refusal()).isEqualTo(Code.DUPLICATE);
    }

    @Test
    void a_bulk_on_a_told_in_several_notifications_is_a_duplicate_on_b() {
        long id = account("bulk@example.com");
        assertThat(record(b, id, TO, "first").recorded()).isTrue();
        // 1 200 members: more keys than one notification carries (about 500 each).
        List<Recorder.BulkDraft> members = new ArrayList<>();
        for (int i = 0; i < 1200; i++) {
            PhoneNumber to = PhoneNumber.parse(String.format("06%08d", 10_000_000 + i)).orElseThrow();
            members.add(new Recorder.BulkDraft(to, "news", PartCount.of("news"), 1, "mobile", null, null));
        }
        long heardBefore = listenerB.heard();
        assertThat(a.recorder().recordBulk(id, members, "NORMAL", 2880)).isPresent();
        await().atMost(SECOND).until(() -> members.stream().allMatch(m -> b.recentTexts().mayHave(id, m.to().e164(), Sms.hash("news"),
                Instant.now())));
        assertThat(listenerB.heard() - heardBefore).isGreaterThan(1);
        assertThat(record(b, id, members.get(1199).to(), "news").refusal()).isEqualTo(Code.DUPLICATE);
    }

    @Test
    void a_listener_cut_drops_every_cache_and_a_change_made_meanwhile_is_not_missed() {
        String email = "cut@example.com";
        long id = account(email);
        assertThat(record(b, id, TO, "first").recorded()).isTrue();
        int pid = listenerB.backendPid();
        long drops = listenerB.drops();

        a.database().jdbc(c -> {
            try (var s = c.prepareStatement("select pg_terminate_backend(?)")) {
                s.setInt(1, pid);
                s.execute();
            }
            return null;
        });
        await().atMost(SECOND).until(() -> !listenerB.listening());
        assertThat(listenerB.drops()).isGreaterThan(drops);
        // B is deaf for a second: what it reads now it caches, and A changes it meanwhile.
        assertThat(b.accounts().options(id).longSms()).isFalse();
        assertThat(b.callbacks().url(id)).isEmpty();
        assertThat(b.blacklist().contains(id, TO)).isFalse();
        a.accounts().setOption(email, "long-sms", "on");
        a.callbacks().set(id, Callbacks.BUS_EVENTS);
        a.blacklist().add(id, TO, "console");
        assertThat(record(a, id, TO, "meanwhile").recorded()).isTrue();

        await().atMost(Duration.ofSeconds(3)).until(() -> listenerB.listening() && listenerB.backendPid() != pid);
        await().atMost(SECOND).until(() -> b.accounts().options(id).longSms() && b.callbacks().url(id).isPresent()
                && b.blacklist().contains(id, TO) && b.recentTexts().mayHave(id, TO.e164(), Sms.hash("meanwhile"), Instant.now()));
        assertThat(listenerB.listens()).isEqualTo(2);

        // Listening again, B hears the next change as before.
        a.accounts().setOption(email, "long-sms", "off");
        await().atMost(SECOND).until(() -> !b.accounts().options(id).longSms());
    }

    @Test
    void the_listener_starts_and_stops_with_the_camel_context_it_is_a_service_of() throws Exception {
        ChangeListener third = new ChangeListener(a.database(), a.changes(), 5000);
        try (org.apache.camel.impl.DefaultCamelContext context = new org.apache.camel.impl.DefaultCamelContext()) {
            context.addService(third); // as NodeFlow.wire does, before the gateway starts
            assertThat(third.listening()).isFalse();
            context.start();
            await().atMost(Duration.ofSeconds(5)).until(third::listening);
            context.stop();
            assertThat(third.listening()).isFalse();
        }
    }

    private long account(String email) {
        a.accounts().create(email);
        long id = a.accounts().require(email).id();
        a.accounts().addCredit(email, 10_000, "test");
        return id;
    }

    private static Recorder.Outcome record(Store store, long account, PhoneNumber to, String text) {
        return store.recorder().record(Recorder.Draft.of(account, to, text, PartCount.of(text), 1, "mobile", null, "NORMAL", 2880, true));
    }
}
