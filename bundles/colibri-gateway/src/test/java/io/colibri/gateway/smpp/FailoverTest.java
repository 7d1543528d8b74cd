package io.colibri.gateway.smpp;

import io.colibri.gateway.RouteTestSupport;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.colibri.domain.SmscCharset;
import io.colibri.gateway.Connector;
import io.colibri.gateway.store.Sms;
import io.colibri.smsc.SmscSimulator;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;

/**
 * Issue 17, connector failover: connector "mobile" (fallback "backup") and "backup", each to an
 * SMSC simulator of its own. A message mobile cannot take for now (unbound, throttled) leaves by
 * backup, whole, once, its history saying so; every message waits while both are down; a refusal
 * for good fails the message as without fallback.
 */
class FailoverTest extends RouteTestSupport {
    /** 400 GSM characters: 3 parts. */
    static final String LONG = "Rendez-vous demain. ".repeat(20);
    static final String STEP = "connector mobile unavailable → sent via backup";

    private SmscSimulator backup;
    private int backupPort;
    /** Every simulator that served "mobile" in the test (it is started again on the same port). */
    private final List<SmscSimulator> mobiles = new CopyOnWriteArrayList<>();

    @Override
    protected CamelContext createCamelContext() throws Exception {
        backupPort = freePort();
        backup = SmscSimulator.start("127.0.0.1", backupPort, Duration.ofMillis(100));
        CamelContext context = super.createCamelContext();
        mobiles.add(smsc);
        return context;
    }

    @Override
    protected List<Connector> connectors() {
        return List.of(new Connector("mobile", "127.0.0.1", smscPort, "colibri", "secret", 1, 100, SmscCharset.GSM, List.of(), "backup"),
                new Connector("backup", "127.0.0.1", backupPort, "colibri-bk", "secret", 1, 100, SmscCharset.GSM, List.of()));
    }

    @Override
    protected void stopSmscAndConnections() throws Exception {
        super.stopSmscAndConnections();
        backup.close();
        mobiles.forEach(SmscSimulator::close);
    }

    private static String number(int i) {
        return String.format("06%08d", 20_000_000 + i);
    }

    /** The number as the SMSC sees it. */
    private static String destination(int i) {
        return "33" + number(i).substring(1);
    }

    private static String text(int i) {
        return i % 10 == 3 ? i + " " + LONG : "message " + i;
    }

    private String longSmsAccount(int credits) {
        String account = newAccount(credits);
        store.accounts().setOption(account.split(" ")[0], "long-sms", "on");
        return account;
    }

    /** submit_sm per destination at the mobile simulators (all of them) and at backup. */
    private Map<String, Integer> atMobile() {
        Map<String, Integer> n = new HashMap<>();
        mobiles.forEach(s -> s.received().forEach(r -> n.merge(r.destination(), 1, Integer::sum)));
        return n;
    }

    private Map<String, Integer> atBackup() {
        Map<String, Integer> n = new HashMap<>();
        backup.received().forEach(r -> n.merge(r.destination(), 1, Integer::sum));
        return n;
    }

    private Sms message(String account, int i) {
        long accountId = store.accounts().show(account.split(" ")[0]).orElseThrow().id();
        return store.database().tx(em -> em.createQuery("select m from Sms m where m.accountId = :a and m.recipient = :r", Sms.class)
                .setParameter("a", accountId).setParameter("r", "+" + destination(i)).getSingleResult());
    }

    private List<String> steps(long messageId) {
        return store.database().tx(em -> em.createNativeQuery("select step from message_step where message_id = ?1", String.class)
                .setParameter(1, messageId).getResultList());
    }

    private long submissions(long messageId) {
        return store.database().tx(em -> ((Number) em.createNativeQuery("select count(*) from submission where message_id = ?1")
                .setParameter(1, messageId).getSingleResult()).longValue());
    }

    /** Sent (or delivered), failed with its submit unanswered (may have been sent), or a long message waiting with parts sent. */
    private boolean settled(String account, int i) {
        Sms m = message(account, i);
        return switch (m.getStatus()) {
            case SUBMITTED, DELIVERED -> true;
            case FAILED -> m.getReason().contains("may have been sent");
            case ACCEPTED -> m.getParts() > 1 && submissions(m.getId()) > 0;
            default -> false;
        };
    }

    private void send(String account, int from, int to) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<String>> sends = new ArrayList<>();
            for (int i = from; i < to; i++) {
                int n = i;
                sends.add(() -> get(params(account, number(n), text(n))));
            }
            for (Future<String> f : pool.invokeAll(sends)) {
                assertThat(f.get()).isEqualTo("80");
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void mobile_down_mid_run_its_messages_leave_by_backup_once_whole_and_all_wait_while_both_are_down() throws Exception {
        String account = longSmsAccount(2000);
        ExecutorService load = Executors.newSingleThreadExecutor();
        Future<?> first = load.submit(() -> {
            send(account, 0, 200);
            return null;
        });
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(5)).until(() -> smsc.receivedCount() >= 40);
        smsc.close();
        first.get();
        load.shutdown();
        await().atMost(Duration.ofSeconds(40)).until(() -> java.util.stream.IntStream.range(0, 200).allMatch(i -> settled(account, i)));

        Map<String, Integer> mobile = atMobile();
        Map<String, Integer> viaBackup = atBackup();
        int byBackup = 0;
        for (int i = 0; i < 200; i++) {
            Sms m = message(account, i);
            int atMobile = mobile.getOrDefault(destination(i), 0);
            int atBackup = viaBackup.getOrDefault(destination(i), 0);
            assertThat(atMobile == 0 || atBackup == 0).as("message %d never split between two connectors", i).isTrue();
            if (atBackup > 0) {
                byBackup++;
                assertThat(atBackup).as("message %d at backup once, every part", i).isEqualTo(m.getParts());
                assertThat(m.getConnector()).isEqualTo("backup");
                assertThat(steps(m.getId())).singleElement().asString().startsWith(STEP).doesNotContain("127.0.0.1");
            } else if (m.getStatus() == Sms.Status.SUBMITTED || m.getStatus() == Sms.Status.DELIVERED) {
                assertThat(atMobile).as("message %d at mobile once, every part", i).isEqualTo(m.getParts());
                assertThat(m.getConnector()).isEqualTo("mobile");
                assertThat(steps(m.getId())).isEmpty();
            } else {
                // In flight when mobile stopped: unanswered (FAILED, may have been sent), or a long message
                // whose first parts left by mobile, waiting for it (never finished by backup).
                assertThat(atMobile).as("message %d", i).isLessThanOrEqualTo(m.getParts());
            }
        }
        assertThat(byBackup).as("messages that left by backup").isGreaterThan(100);

        // The history says so: the API's message view.
        int viaBackupOne = java.util.stream.IntStream.range(0, 200).filter(i -> viaBackup.containsKey(destination(i))).findFirst().orElseThrow();
        String key = store.apiKeys().createFor(account.split(" ")[0]).key();
        HttpResponse<String> view = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/api/v1/messages/"
                + message(account, viaBackupOne).getId())).header("Authorization", "Bearer " + key).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(view.statusCode()).isEqualTo(200);
        assertThat(view.body()).contains("\"status\":\"FAILOVER\"").contains(STEP);

        // Both down: new messages wait, never lost.
        backup.close();
        send(account, 200, 220);
        await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                .until(() -> java.util.stream.IntStream.range(200, 220).allMatch(i -> message(account, i).getStatus() == Sms.Status.ACCEPTED));

        // Mobile back: everything waiting leaves by it, the long message cut short included.
        smsc = SmscSimulator.start("127.0.0.1", smscPort, Duration.ofMillis(100));
        mobiles.add(smsc);
        await().atMost(Duration.ofSeconds(60)).until(() -> java.util.stream.IntStream.range(0, 220).allMatch(i -> {
            Sms m = message(account, i);
            return m.getStatus() == Sms.Status.SUBMITTED || m.getStatus() == Sms.Status.DELIVERED
                    || m.getStatus() == Sms.Status.FAILED && m.getReason().contains("may have been sent");
        }));
        Map<String, Integer> mobileAtEnd = atMobile();
        Map<String, Integer> backupAtEnd = atBackup();
        for (int i = 0; i < 220; i++) {
            Sms m = message(account, i);
            int atMobile = mobileAtEnd.getOrDefault(destination(i), 0);
            int atBackup = backupAtEnd.getOrDefault(destination(i), 0);
            assertThat(atMobile == 0 || atBackup == 0).as("message %d never split between two connectors", i).isTrue();
            if (m.getStatus() == Sms.Status.FAILED) {
                assertThat(atMobile + atBackup).as("message %d sent at most once", i).isLessThanOrEqualTo(m.getParts());
            } else {
                assertThat(atMobile + atBackup).as("message %d: each part exactly once", i).isEqualTo(m.getParts());
            }
            if (i >= 200) {
                assertThat(atMobile).as("message %d left by mobile once it was back", i).isEqualTo(m.getParts());
            }
        }

        // Money: one debit per message, refunds only for failed ones, the balance its ledger's sum.
        long accountId = store.accounts().show(account.split(" ")[0]).orElseThrow().id();
        List<?> debits = store.database().tx(em -> em.createNativeQuery(
                "select reference from ledger_entry where account_id = ?1 and kind = 'DEBIT'").setParameter(1, accountId).getResultList());
        assertThat(debits).hasSize(220).doesNotHaveDuplicates();
        List<?> refunded = store.database().tx(em -> em.createNativeQuery("select m.status from ledger_entry l join message m"
                + " on l.reference = concat('message:', cast(m.id as varchar(20))) where l.account_id = ?1 and l.kind = 'REFUND'")
                .setParameter(1, accountId).getResultList());
        assertThat(refunded).allMatch("FAILED"::equals);
        long ledger = store.database().tx(em -> ((Number) em.createNativeQuery("select sum(credits) from ledger_entry where account_id = ?1")
                .setParameter(1, accountId).getSingleResult()).longValue());
        assertThat(balance(account)).isEqualTo(ledger);
    }

    /** One context for both rules: each route test's start costs seconds of the suite. */
    @Test
    void refused_for_now_by_mobile_a_message_leaves_whole_by_backup_refused_for_good_it_fails_without_trying_backup() throws Exception {
        String account = longSmsAccount(20);
        smsc.refuse(destination(1), 0x58, 100);
        smsc.refuse(destination(3), 0x14, 100); // a long message, its first part refused for now: all three by backup
        smsc.refuse(destination(4), 0x0B, 1); // invalid destination: for good

        send(account, 0, 5);
        await().atMost(Duration.ofSeconds(20)).until(() -> java.util.stream.IntStream.range(0, 4)
                .allMatch(i -> message(account, i).getStatus() == Sms.Status.DELIVERED)
                && message(account, 4).getStatus() == Sms.Status.FAILED);

        assertThat(message(account, 0).getConnector()).isEqualTo("mobile");
        assertThat(message(account, 2).getConnector()).isEqualTo("mobile");
        assertThat(atBackup()).containsOnlyKeys(destination(1), destination(3)).containsEntry(destination(1), 1).containsEntry(destination(3), 3);
        assertThat(atMobile()).doesNotContainKeys(destination(1), destination(3), destination(4));
        assertThat(message(account, 1).getConnector()).isEqualTo("backup");
        assertThat(steps(message(account, 1).getId())).singleElement().asString().startsWith(STEP)
                .contains("refused for now by the SMSC (status 0x58)");
        assertThat(steps(message(account, 3).getId())).singleElement().asString().contains("status 0x14");

        Sms refused = message(account, 4);
        assertThat(refused.getReason()).contains("0x0B");
        assertThat(refused.getConnector()).isEqualTo("mobile");
        assertThat(steps(refused.getId())).isEmpty();
        assertThat(balance(account)).as("the refused one refunded, the others paid once").isEqualTo(20 - 1 - 1 - 1 - 3);
    }
}
