package io.colibri.gateway.api;

import io.colibri.gateway.store.Database;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.Exchange;

/**
 * The account's campaigns (issue 16): each group send and each send file, with how many of its
 * messages wait, have left, were delivered or failed, read afresh at each call (the console asks
 * every few seconds while one runs). Counted over the campaign's range of message ids, without an
 * index of their own. Bean {@code apiCampaigns} of routes/api/campaigns.yaml.
 */
public final class CampaignsApi {
    /**
     * @param queued    scheduled, accepted or being submitted
     * @param sent      handed to the SMSC, no receipt yet
     * @param failed    undeliverable, or failed (refused or not sent; refunded)
     * @param rate      delivered over delivered and failed, null while none is either
     */
    public record CampaignView(long id, String source, String label, String createdAt, int total, int queued, int sent, int delivered,
                               int failed, int cancelled, Double deliveryRate) {
    }

    public record CampaignList(List<CampaignView> campaigns) {
    }

    private final Database db;

    public CampaignsApi(Database db) {
        this.db = db;
    }

    /** {@code GET /campaigns?limit=}: newest first. */
    public ApiAnswer list(Exchange exchange) {
        long accountId = ApiGuard.accountOf(exchange);
        int limit = MessagesApi.limit(exchange.getIn().getHeader("limit", String.class));
        return ApiAnswer.ok(new CampaignList(db.jdbc(c -> {
            List<CampaignView> views = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement("select id, source, label, created_at, first_message_id, last_message_id, total"
                    + " from campaign where account_id = ? order by id desc fetch first " + limit + " rows only")) {
                p.setLong(1, accountId);
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        views.add(view(c, r));
                    }
                }
            }
            return views;
        })));
    }

    /** {@code GET /campaigns/{id}}: the account's own only. */
    public ApiAnswer get(Exchange exchange) {
        long accountId = ApiGuard.accountOf(exchange);
        long id = ApiProblem.id(exchange.getIn(), "campaign");
        return ApiAnswer.ok(db.jdbc(c -> {
            try (PreparedStatement p = c.prepareStatement("select id, source, label, created_at, first_message_id, last_message_id, total"
                    + " from campaign where id = ? and account_id = ?")) {
                p.setLong(1, id);
                p.setLong(2, accountId);
                try (ResultSet r = p.executeQuery()) {
                    if (!r.next()) {
                        throw ApiProblem.notFound("no campaign " + id);
                    }
                    return view(c, r);
                }
            }
        }));
    }

    private static CampaignView view(Connection c, ResultSet r) throws SQLException {
        long id = r.getLong(1);
        int[] n = new int[5]; // queued, sent, delivered, failed, cancelled
        long first = r.getLong(5);
        boolean any = !r.wasNull();
        if (any) {
            try (PreparedStatement p = c.prepareStatement("select status, count(*) from message where id between ? and ? and campaign_id = ?"
                    + " group by status")) {
                p.setLong(1, first);
                p.setLong(2, r.getLong(6));
                p.setLong(3, id);
                try (ResultSet s = p.executeQuery()) {
                    while (s.next()) {
                        int count = s.getInt(2);
                        switch (s.getString(1)) {
                            case "SCHEDULED", "ACCEPTED", "SUBMITTING" -> n[0] += count;
                            case "SUBMITTED" -> n[1] += count;
                            case "DELIVERED" -> n[2] += count;
                            case "UNDELIVERABLE", "FAILED" -> n[3] += count;
                            default -> n[4] += count;
                        }
                    }
                }
            }
        }
        Double rate = n[2] + n[3] == 0 ? null : Math.round(1000.0 * n[2] / (n[2] + n[3])) / 1000.0;
        return new CampaignView(id, r.getString(2), r.getString(3), ApiJson.time(r.getObject(4, java.time.OffsetDateTime.class)), r.getInt(7),
                n[0], n[1], n[2], n[3], n[4], rate);
    }
}
