package io.colibri.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.colibri.domain.PriceTable;
import io.colibri.gateway.mail.MailSettings;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The Quartz trigger of routes/balance-alerts.yaml itself, with a cron firing every second instead of at 09:00. */
class BalanceAlertsQuartzTest extends RouteTestSupport {
    static final ZoneId PARIS = ZoneId.of("Europe/Paris");

    @Override
    Gateway.Settings settings() {
        return new Gateway.Settings("127.0.0.1", httpPort, brokerUrl(), null, null, ROUTES, false,
                List.of(connector("mobile", "colibri")), PriceTable.DEFAULT, clock, drop(), MailSettings.DISABLED,
                new Gateway.Returns(Duration.ofDays(30), Set.of("001"), "0/1 * * * * ?", 600_000));
    }

    @Test
    void theCronFiresTheRunAndEachAccountIsAlertedOnce() throws Exception {
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
