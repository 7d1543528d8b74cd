package io.colibri.gateway.smpp;

import io.colibri.gateway.RouteTestSupport;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.colibri.smsc.SmscSimulator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Issue 13, fault suite: an SMSC that throttles, refuses and stops answering in the middle of a
 * load. 200 messages from 8 concurrent clients, to 200 numbers; the SMSC throttles (0x58) the
 * first two submits of a third of them, refuses one in ten for good (0x0B), and never answers
 * one. Each message ends as its fate says, reaches the SMSC at most once, and the balance is
 * the ledger's sum with exactly what was taken paid.
 */
class SmscTroubleTest extends RouteTestSupport {
    static final int N = 200;

    enum Fate { TAKEN, THROTTLED, REFUSED, UNANSWERED }

    static Fate fate(int i) {
        if (i == 5) {
            return Fate.UNANSWERED;
        }
        return switch (i % 10) {
            case 1, 2, 3 -> Fate.THROTTLED;
            case 4 -> Fate.REFUSED;
            default -> Fate.TAKEN;
        };
    }

    static String number(int i) {
        return String.format("06%08d", 10_000_000 + i);
    }

    static String destination(int i) {
        return "33" + number(i).substring(1);
    }

    @Test
    void throttled_refused_and_unanswered_submits_under_load_end_as_their_fate_says_each_sent_at_most_once() throws Exception {
        String account = newAccount(N);
        for (int i = 0; i < N; i++) {
            switch (fate(i)) {
                case THROTTLED -> smsc.refuse(destination(i), 0x58, 2);
                case REFUSED -> smsc.refuse(destination(i), 0x0B, 1);
                case UNANSWERED -> smsc.answerNth(destination(i), 1, SmscSimulator.NO_ANSWER, 1);
                case TAKEN -> { }
            }
        }
        ExecutorService clients = Executors.newFixedThreadPool(8);
        List<Future<String>> answers = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            int n = i;
            answers.add(clients.submit(() -> get(params(account, number(n), "essai " + n))));
        }
        for (Future<String> a : answers) {
            assertThat(a.get()).isEqualTo("80");
        }
        clients.shutdown();

        long accountId = store.accounts().show(account.split(" ")[0]).orElseThrow().id();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                .until(() -> rows(accountId).values().stream().allMatch(r -> r[0].equals("DELIVERED") || r[0].equals("FAILED")));
        Map<String, Integer> atSmsc = new HashMap<>();
        smsc.received().forEach(s -> atSmsc.merge(s.destination(), 1, Integer::sum));
        Map<String, String[]> rows = rows(accountId);
        int paid = 0;
        for (int i = 0; i < N; i++) {
            String[] row = rows.get("+" + destination(i));
            Fate f = fate(i);
            switch (f) {
                case TAKEN, THROTTLED -> {
                    assertThat(row[0]).as("%s %d", f, i).isEqualTo("DELIVERED");
                    assertThat(atSmsc.get(destination(i))).as("%s %d at the SMSC", f, i).isEqualTo(1);
                    paid++;
                }
                case REFUSED -> {
                    assertThat(row[0]).as("%s %d", f, i).isEqualTo("FAILED");
                    assertThat(row[1]).contains("0x0B");
                    assertThat(atSmsc.get(destination(i))).as("%s %d at the SMSC", f, i).isNull();
                }
                case UNANSWERED -> {
                    assertThat(row[0]).as("%s %d", f, i).isEqualTo("FAILED");
                    assertThat(row[1]).contains("may have been sent");
                    assertThat(atSmsc.get(destination(i))).as("%s %d at the SMSC", f, i).isEqualTo(1);
                    paid++;
                }
            }
        }
        assertThat(balance(account)).isEqualTo(N - paid).isEqualTo(N + ledgerDebits(accountId));
    }

    /** recipient → {status, reason} of the account's messages. */
    private Map<String, String[]> rows(long accountId) {
        return store.database().jdbc(c -> {
            Map<String, String[]> out = new HashMap<>();
            try (var s = c.prepareStatement("select recipient, status, reason from message where account_id = ?")) {
                s.setLong(1, accountId);
                try (var r = s.executeQuery()) {
                    while (r.next()) {
                        out.put(r.getString(1), new String[] {r.getString(2), String.valueOf(r.getString(3))});
                    }
                }
            }
            return out;
        });
    }

    /** The sum of the account's ledger entries other than its top-up. */
    private long ledgerDebits(long accountId) {
        return store.database().jdbc(c -> {
            try (var s = c.prepareStatement("select coalesce(sum(credits), 0) from ledger_entry where account_id = ? and kind <> 'TOP_UP'")) {
                s.setLong(1, accountId);
                try (var r = s.executeQuery()) {
                    r.next();
                    return r.getLong(1);
                }
            }
        });
    }
}
