package io.colibri.gateway.mail;

import static org.assertj.core.api.Assertions.assertThat;

import io.colibri.domain.PasswordLockout;
import io.colibri.gateway.TwoNodes;
import io.colibri.gateway.store.StoreTest;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18: two nodes' mail-held rounds at the same time: each held mail whose block is over is
 * given back to one node's mail route, not both (each taken by an update whose row count decides).
 */
class HeldMailsNodesTest {
    @TempDir
    Path failed;

    @Test
    void two_rounds_at_once_give_each_held_mail_to_one_node() throws Exception {
        try (TwoNodes nodes = TwoNodes.open()) {
            long account = StoreTest.account(nodes.a, 0);
            int n = 40;
            nodes.a.database().jdbc(c -> {
                try (PreparedStatement s = c.prepareStatement("insert into held_mail (account_id, sender, received_at, held_at, raw)"
                        + " values (?, ?, ?, ?, ?)")) {
                    for (int i = 0; i < n; i++) {
                        s.setLong(1, account);
                        s.setString(2, "s" + i + "@example.org");
                        s.setObject(3, OffsetDateTime.now());
                        s.setObject(4, OffsetDateTime.now());
                        s.setBytes(5, ("Subject: " + i + "\r\n\r\nhello").getBytes());
                        s.addBatch();
                    }
                    s.executeBatch();
                }
                return null;
            });
            PasswordLockout nobodyBlocked = new PasswordLockout(5, 20, Duration.ofMinutes(15));
            HeldMails onA = new HeldMails(nodes.a.database(), nobodyBlocked, 100, failed, Clock.systemUTC(), "a", Duration.ofMinutes(1));
            HeldMails onB = new HeldMails(nodes.b.database(), nobodyBlocked, 100, failed, Clock.systemUTC(), "b", Duration.ofMinutes(1));

            List<List<HeldMails.Held>> rounds = TwoNodes.together(onA::due, onB::due);

            List<Long> given = rounds.stream().flatMap(List::stream).map(HeldMails.Held::id).toList();
            assertThat(given).as("each held mail to one node").hasSize(n).doesNotHaveDuplicates();
            // Not read yet (a failure keeps it held): its node takes it again, the other does not until its time is up.
            assertThat(onA.due()).hasSize(rounds.get(0).size());
            assertThat(onB.due()).hasSize(rounds.get(1).size());
            HeldMails later = new HeldMails(nodes.b.database(), nobodyBlocked, 100, failed, Clock.offset(Clock.systemUTC(), Duration.ofMinutes(2)),
                    "b", Duration.ofMinutes(1));
            assertThat(later.due()).as("taken too long ago: anyone's again").hasSize(n);
        }
    }
}
