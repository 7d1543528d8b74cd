package io.colibri.gateway.alert;

import io.colibri.gateway.Configs;
import io.colibri.gateway.RouteTestSupport;
import java.lang.annotation.Annotation;
import io.colibri.gateway.alert.AlertsFlow;
import java.util.Map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.colibri.domain.PriceTable;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The Quartz trigger of routes/alerts/balance-alerts.yaml itself, with a cron firing every second instead of at 09:00. */
class BalanceAlertsQuartzTest extends RouteTestSupport {
    static final ZoneId PARIS = ZoneId.of("Europe/Paris");

    @Override
    protected List<Annotation> configs() {
        List<Annotation> configs = super.configs();
        configs.add(Configs.of(AlertsFlow.Config.class, Map.of("cron", "0/1 * * * * ?", "deadLetterCheckMillis", 600_000)));
        return configs;
    }

    @Test
    void the_cron_fires_the_run_and_each_account_is_alerted_once() throws Exception {
        clock.setNow(LocalDate.now(PARIS).atTime(10, 0).atZone(PARIS).toInstant());
        String account = newAccount(3);
        store.accounts().setOption(account.split(" ")[0], "alert-threshold", "5");
        store.accounts().setOption(account.split(" ")[0], "alert-mobile", "0798765432");

        await().atMost(Duration.ofSeconds(20)).until(() -> smsc.received().size() == 1);
        assertThat(smsc.received().get(0).destination()).isEqualTo("33798765432");
        // The trigger keeps firing every second: still one alert today.
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> smsc.received().size() == 1);
    }
}
