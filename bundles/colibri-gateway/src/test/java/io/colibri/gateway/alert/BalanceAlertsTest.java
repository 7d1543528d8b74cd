package io.colibri.gateway.alert;

import io.colibri.gateway.RouteTestSupport;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** Low-balance alerts (ACC-6) on the real routes/alerts/balance-alerts.yaml, with a clock the test moves. */
class BalanceAlertsTest extends RouteTestSupport {
    static final ZoneId PARIS = ZoneId.of("Europe/Paris");

    private void at(int hour, int minute) {
        clock.setNow(LocalDate.now(PARIS).atTime(hour, minute).atZone(PARIS).toInstant());
    }

    private long alertsSentToday(String account) {
        long id = store.accounts().show(account.split(" ")[0]).orElseThrow().id();
        return store.database().tx(em -> ((Number) em.createNativeQuery(
                "select count(*) from balance_alert where account_id = ?1").setParameter(1, id).getSingleResult()).longValue());
    }

    @Test
    void one_alert_a_day_below_the_threshold_even_if_the_run_happens_twice() throws Exception {
        String low = newAccount(10);
        String rich = newAccount(100);
        for (String a : new String[] {low, rich}) {
            store.accounts().setOption(a.split(" ")[0], "alert-threshold", "50");
            store.accounts().setOption(a.split(" ")[0], "alert-mobile", a.equals(low) ? "07 98 76 54 32" : "07 11 22 33 44");
        }

        at(8, 30);
        template.sendBody("direct:balance-alerts", null);
        assertThat(alertsSentToday(low)).as("nothing before 09:00").isZero();

        at(9, 0);
        template.sendBody("direct:balance-alerts", null);
        // A restart in the middle of the run, or a second run: the same day, nobody twice.
        template.sendBody("direct:balance-alerts", null);

        await().atMost(Duration.ofSeconds(20)).until(() -> smsc.received().size() == 1);
        assertThat(smsc.received().get(0).destination()).isEqualTo("33798765432");
        assertThat(smsc.received().get(0).text()).isEqualTo("Colibri : crédit SMS bas, 10 (seuil 50). Pensez à recharger.");
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() -> smsc.received().size() == 1);
        assertThat(alertsSentToday(low)).isEqualTo(1);
        assertThat(alertsSentToday(rich)).isZero();
        assertThat(balance(low)).as("the SMS alert costs a credit").isEqualTo(9);
    }

    @Test
    void an_account_without_threshold_is_never_alerted() throws Exception {
        String account = newAccount(1);
        at(9, 30);
        template.sendBody("direct:balance-alerts", null);
        assertThat(alertsSentToday(account)).isZero();
    }
}
