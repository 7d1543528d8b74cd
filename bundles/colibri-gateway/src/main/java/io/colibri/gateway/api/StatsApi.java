package io.colibri.gateway.api;

import io.colibri.gateway.account.Accounts;
import io.colibri.gateway.store.Database;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;

/**
 * The account's figures for its dashboard (issue 16): balance, messages accepted today and this
 * month, the delivery rate of the last 30 days, and each of those days (Paris days, as invoices
 * and the legacy dates). Bean {@code apiStats} of routes/api/account.yaml.
 */
public final class StatsApi {
    static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    static final int DAYS = 30;

    public record Day(String day, int messages, int delivered, int failed) {
    }

    /** {@code deliveryRate}: delivered over those with a final outcome (delivered, undeliverable, failed), null when none. */
    public record Stats(long balance, int today, int month, Double deliveryRate, List<Day> days) {
    }

    private final Database db;
    private final Accounts accounts;
    private final Clock clock;

    public StatsApi(Database db, Accounts accounts, Clock clock) {
        this.db = db;
        this.accounts = accounts;
        this.clock = clock;
    }

    /** {@code GET /account/stats}. */
    public ApiAnswer stats(Exchange exchange) {
        long accountId = ApiGuard.accountOf(exchange);
        LocalDate today = LocalDate.now(clock.withZone(PARIS));
        LocalDate first = today.minusDays(DAYS - 1L);
        LocalDate from = first.isBefore(today.withDayOfMonth(1)) ? first : today.withDayOfMonth(1);
        Map<LocalDate, int[]> byDay = new LinkedHashMap<>();
        for (LocalDate d = from; !d.isAfter(today); d = d.plusDays(1)) {
            byDay.put(d, new int[3]);
        }
        db.jdbc(c -> {
            try (PreparedStatement ps = c.prepareStatement("select accepted_at, status from message where account_id = ? and accepted_at >= ?")) {
                ps.setLong(1, accountId);
                ps.setTimestamp(2, Timestamp.from(from.atStartOfDay(PARIS).toInstant()));
                ps.setFetchSize(1000);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        int[] counts = byDay.get(rs.getTimestamp(1).toInstant().atZone(PARIS).toLocalDate());
                        if (counts == null) {
                            continue; // accepted after "today" began elsewhere: not a day shown
                        }
                        counts[0]++;
                        String status = rs.getString(2);
                        if ("DELIVERED".equals(status)) {
                            counts[1]++;
                        } else if ("UNDELIVERABLE".equals(status) || "FAILED".equals(status)) {
                            counts[2]++;
                        }
                    }
                }
            }
            return null;
        });
        int month = 0;
        int delivered = 0;
        int failed = 0;
        List<Day> days = new ArrayList<>(DAYS);
        for (Map.Entry<LocalDate, int[]> e : byDay.entrySet()) {
            int[] n = e.getValue();
            if (!e.getKey().isBefore(today.withDayOfMonth(1))) {
                month += n[0];
            }
            if (!e.getKey().isBefore(first)) {
                days.add(new Day(e.getKey().toString(), n[0], n[1], n[2]));
                delivered += n[1];
                failed += n[2];
            }
        }
        Double rate = delivered + failed == 0 ? null : Math.round(1000.0 * delivered / (delivered + failed)) / 1000.0;
        return ApiAnswer.ok(new Stats(accounts.balance(accountId), byDay.get(today)[0], month, rate, days));
    }
}
