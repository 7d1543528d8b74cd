package io.colibri.gateway.alert;

import io.colibri.domain.AccountOptions;
import io.colibri.domain.AlertOptions;
import io.colibri.domain.Diff;
import io.colibri.domain.MailReplies;
import io.colibri.domain.RequestKeys;
import io.colibri.gateway.account.Accounts;
import io.colibri.gateway.mail.MailWatch;
import io.colibri.gateway.accept.ChannelRequest;
import io.colibri.gateway.store.Database;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bean of routes/alerts/balance-alerts.yaml (ACC-6): every morning, each account whose balance is below
 * its alert threshold gets one alert, by mail and/or SMS. Each alert is recorded for the day
 * (V11 {@code balance_alert}) in the transaction that picks it, the row inserted before the alert is
 * handed out (its key decides), so a run restarted in the middle, a second run the same day, or
 * two nodes' runs at the same time alert nobody twice; a start after 09:00 sends the day's alerts
 * not sent yet.
 */
public final class BalanceAlerts {
    private static final Logger LOG = LoggerFactory.getLogger(BalanceAlerts.class);
    /** Alerts are not sent before this hour, Paris time (a start at night waits for the morning run). */
    static final LocalTime MORNING = LocalTime.of(9, 0);

    /** An alert to send. */
    public record Alert(long accountId, String accountEmail, long balance, AlertOptions options, LocalDate day) {
    }

    private final Database db;
    private final Accounts accounts;
    private final Clock clock;

    public BalanceAlerts(Database db, Accounts accounts, Clock clock) {
        this.db = db;
        this.accounts = accounts;
        this.clock = clock;
    }

    /** The alerts due today and not sent yet, each recorded as sent now. None before 09:00 Paris time. */
    public List<Alert> due() {
        ZonedDateTime now = clock.instant().atZone(Diff.PARIS);
        if (now.toLocalTime().isBefore(MORNING)) {
            return List.of();
        }
        LocalDate today = now.toLocalDate();
        return db.tx(em -> {
            @SuppressWarnings("unchecked")
            List<Object[]> rows = em.createNativeQuery("select a.id, a.email, a.balance from account a where exists (select 1"
                            + " from account_option o where o.account_id = a.id and o.name = 'alert-threshold' and o.option_value <> '')"
                            + " and not exists (select 1 from balance_alert b where b.account_id = a.id and b.alert_day = ?1) order by a.id")
                    .setParameter(1, today).getResultList();
            // Claim first: the day's row is inserted before the alert is handed out, and only the insert that makes the row
            // hands it out. Another node running the round at the same time waits for this commit, then inserts nothing.
            String claim = db.postgresql()
                    ? "insert into balance_alert (account_id, alert_day, balance, sent_at) values (?1, ?2, ?3, ?4) on conflict do nothing"
                    : "insert into balance_alert (account_id, alert_day, balance, sent_at) select ?1, ?2, ?3, ?4 where not exists"
                            + " (select 1 from balance_alert where account_id = ?1 and alert_day = ?2)";
            List<Alert> due = new ArrayList<>();
            for (Object[] r : rows) {
                long id = ((Number) r[0]).longValue();
                long balance = ((Number) r[2]).longValue();
                AccountOptions options = accounts.options(id);
                if (!options.alert().below(balance)) {
                    continue;
                }
                int claimed = em.createNativeQuery(claim).setParameter(1, id).setParameter(2, today).setParameter(3, balance)
                        .setParameter(4, OffsetDateTime.now()).executeUpdate();
                if (claimed == 0) {
                    continue; // another node's round alerted it
                }
                due.add(new Alert(id, (String) r[1], balance, options.alert(), today));
                LOG.info("account={} balance {} below its alert threshold {}: alerted", id, balance, options.alert().threshold());
            }
            return due;
        });
    }

    /** The alert by mail, or null when the account switched it off. */
    public MailWatch.Outgoing mail(Alert a) {
        String to = a.options().mailTo(a.accountEmail());
        if (to.isEmpty()) {
            return null;
        }
        MailReplies.Reply r = MailReplies.lowBalance(a.balance(), a.options().threshold());
        return new MailWatch.Outgoing(to, r.subject(), r.body());
    }

    /** The alert by SMS (1 credit, sent when the credit allows), or null when the account has no alert mobile. */
    public ChannelRequest sms(Alert a) {
        if (a.options().mobile().isEmpty()) {
            return null;
        }
        return ChannelRequest.of(a.accountId(), a.accountEmail(), a.options().mobile(),
                MailReplies.lowBalanceSms(a.balance(), a.options().threshold()), null, RequestKeys.alert(a.accountId(), a.day()));
    }
}
