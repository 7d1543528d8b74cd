package io.colibri.gateway.drop;

import io.colibri.gateway.RouteTestSupport;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.colibri.domain.TextCharset;
import io.colibri.gateway.contact.Groups;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** CSV-1, CSV-2 on the real csv-drop.yaml: files dropped the way a copy from another machine writes them. */
class DropFolderTest extends RouteTestSupport {

    private String email;

    private long id() {
        return store.accounts().require(email).id();
    }

    private Path folder(String kind) throws IOException {
        return Files.createDirectories(dropRoot.resolve(email).resolve(kind));
    }

    /** Writes the file in chunks with pauses shorter than the drop's quiet time, as a slow copy does. */
    private static void copySlowly(Path file, byte[] bytes) throws Exception {
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int i = 0; i < bytes.length; i += 40) {
                out.write(bytes, i, Math.min(40, bytes.length - i));
                out.flush();
                Thread.sleep(60);
            }
        }
    }

    /** Waits for the report of the file in done/ or failed/ and returns its lines. */
    private static List<String> report(Path dir, String outcome, String name) throws IOException {
        Path[] found = new Path[1];
        await().atMost(Duration.ofSeconds(20)).alias("report of " + name + " in " + outcome + "/ among " + new Object() {
            @Override
            public String toString() {
                try (Stream<Path> all = Files.walk(dir)) {
                    return all.map(dir::relativize).toList().toString();
                } catch (IOException e) {
                    return e.toString();
                }
            }
        }).until(() -> {
            Path d = dir.resolve(outcome);
            if (!Files.isDirectory(d)) {
                return false;
            }
            try (Stream<Path> files = Files.list(d)) {
                found[0] = files.filter(f -> f.getFileName().toString().endsWith("-" + name + ".report.csv")).findFirst().orElse(null);
            }
            return found[0] != null && moved(dir, outcome, name);
        });
        String text = Files.readString(found[0], StandardCharsets.UTF_8);
        assertThat(text).startsWith("\uFEFFline;reason\r\n");
        return text.substring(1).lines().skip(1).toList();
    }

    private static boolean moved(Path dir, String outcome, String name) throws IOException {
        try (Stream<Path> files = Files.list(dir.resolve(outcome))) {
            return !Files.exists(dir.resolve(name)) && files.anyMatch(f -> f.getFileName().toString().matches("\\d{8}-\\d{6}-\\d{3}-" + java.util.regex.Pattern.quote(name)));
        }
    }

    private static byte[] bytes(String text, Charset charset) {
        return text.getBytes(charset);
    }

    @Test
    void a_windows_1252_contacts_file_copied_slowly_is_imported_whole_into_its_group() throws Exception {
        email = newAccount(0).split(" ")[0];
        Path contacts = folder("contacts");
        String csv = "Numéro;Nom;V1\r\n06 12 34 56 78;Hélène;CM2\r\n0712345678;\"Dupont; Jean\";\"deux\r\nlignes\"\r\n"
                + "0899123456;Surtaxé;x\r\n+33612000000;Zoé;Noël\r\n";
        copySlowly(contacts.resolve("Parents d'élèves.csv"), bytes(csv, TextCharset.WINDOWS_1252));

        List<String> report = report(contacts, "done", "Parents d'élèves.csv");
        assertThat(report).containsExactly("5;invalid number: 0899123456",
                ";contacts imported into Parents d'élèves: taken 3 (new 3, updated 0), refused 1");
        assertThat(store.groups().members(id(), "parents d'élèves").orElseThrow()).containsExactly(
                new Groups.Member("+33612000000", "Zoé", "Noël", null, null),
                new Groups.Member("+33612345678", "Hélène", "CM2", null, null),
                new Groups.Member("+33712345678", "Dupont; Jean", "deux\r\nlignes", null, null));
    }

    @Test
    void a_send_file_sends_each_recipient_its_merged_text_and_the_same_file_again_is_a_duplicate() throws Exception {
        String account = newAccount(10);
        email = account.split(" ")[0];
        Path send = folder("send");
        String csv = "#message: Bonjour [v1]; à jeudi\r\n0612345678;Léa;Léa\r\n0712345678;Bob;Bob\r\nabc;x;x\r\n";
        copySlowly(send.resolve("jeudi.csv"), bytes("\uFEFF" + csv, StandardCharsets.UTF_8));

        List<String> report = report(send, "done", "jeudi.csv");
        assertThat(report).hasSize(2);
        assertThat(report.get(0)).isEqualTo("4;invalid number: abc");
        assertThat(report.get(1)).startsWith(";sent: taken 2, refused 1, credits debited 2, message ids ");
        await().atMost(Duration.ofSeconds(20)).until(() -> smsc.received().size() == 2);
        assertThat(smsc.received().stream().map(s -> s.destination() + " " + s.text()).sorted())
                .containsExactly("33612345678 Bonjour Léa; à jeudi", "33712345678 Bonjour Bob; à jeudi");
        assertThat(balance(account)).isEqualTo(8);

        Files.write(send.resolve("jeudi-bis.csv"), bytes("\uFEFF" + csv, StandardCharsets.UTF_8));
        List<String> again = report(send, "failed", "jeudi-bis.csv");
        assertThat(again).singleElement().asString().startsWith(";file refused: duplicate of jeudi.csv, taken ");
        assertThat(balance(account)).isEqualTo(8);
    }

    @Test
    void a_send_file_with_a_date_waits_for_it_and_a_past_date_sends_nothing() throws Exception {
        String account = newAccount(10);
        email = account.split(" ")[0];
        Path send = folder("send");
        java.time.ZonedDateTime at = java.time.ZonedDateTime.now(java.time.ZoneId.of("Europe/Paris")).plusDays(1)
                .withSecond(0).withNano(0);
        Files.writeString(send.resolve("demain.csv"), "#message: Rappel [v1]\n#diff: "
                + at.format(java.time.format.DateTimeFormatter.ofPattern("HHmmddMMyyyy")) + "\n0612345678;Léa;Léa\n");
        assertThat(report(send, "done", "demain.csv")).singleElement().asString()
                .startsWith(";sent: taken 1, refused 0, credits debited 1, leaving " + at.toInstant());
        assertThat(messages(account)).singleElement().satisfies(m -> {
            assertThat(m.getStatus()).isEqualTo(io.colibri.gateway.store.Sms.Status.SCHEDULED);
            assertThat(m.getSendAt().toInstant()).isEqualTo(at.toInstant());
            assertThat(m.getBody()).isEqualTo("Rappel Léa");
        });
        Files.writeString(send.resolve("hier.csv"), "#message: Rappel\n#diff: 120001012020\n0612345678\n");
        assertThat(report(send, "failed", "hier.csv")).containsExactly(
                ";file refused: #diff is not a date to come as hhmmddmmyyyy (85)");
        assertThat(balance(account)).isEqualTo(9);
        assertThat(smsc.received()).isEmpty();
    }

    @Test
    void the_same_text_twice_to_a_number_in_one_file_goes_once_and_a_blacklisted_number_not_at_all() throws Exception {
        String account = newAccount(10);
        email = account.split(" ")[0];
        store.blacklist().add(store.accounts().require(email).id(), io.colibri.domain.PhoneNumber.parse("0799999999").orElseThrow(), "STOP");
        Path send = folder("send");
        Files.writeString(send.resolve("double.csv"), "#message: Bonjour [v1]\n0612345678;A;Léa\n06 12 34 56 78;B;Léa\n"
                + "0612345678;C;Zoé\n0799999999;D;Max\n");
        List<String> report = report(send, "done", "double.csv");
        assertThat(report).hasSize(3);
        assertThat(report.get(0)).isEqualTo("3;not sent: the same text went to this number in the last 24 hours (91)");
        assertThat(report.get(1)).isEqualTo("5;not sent: the number is on the account's blacklist (84)");
        assertThat(report.get(2)).startsWith(";sent: taken 2, refused 2, credits debited 2,");
        await().atMost(Duration.ofSeconds(20)).until(() -> smsc.received().size() == 2);
        assertThat(smsc.received().stream().map(m -> m.text()).sorted()).containsExactly("Bonjour Léa", "Bonjour Zoé");
        assertThat(balance(account)).isEqualTo(8);
    }

    @Test
    void a_send_file_the_credit_does_not_cover_sends_nothing() throws Exception {
        String account = newAccount(1);
        email = account.split(" ")[0];
        Path send = folder("send");
        Files.writeString(send.resolve("gros.csv"), "#message: hi\n0612345678\n0712345678\n");
        assertThat(report(send, "failed", "gros.csv"))
                .containsExactly(";file refused: nothing sent: not enough credit (83), 2 credits needed");
        assertThat(balance(account)).isEqualTo(1);
        assertThat(messages(account)).isEmpty();
    }

    @Test
    void a_send_file_without_its_message_line_an_empty_file_and_an_unknown_account_are_refused_and_kept() throws Exception {
        email = newAccount(5).split(" ")[0];
        Path send = folder("send");
        Files.writeString(send.resolve("sans.csv"), "0612345678;Léa\n");
        assertThat(report(send, "failed", "sans.csv")).containsExactly(";file refused: no text: the first line must be #message: <text>");
        Files.write(send.resolve("vide.csv"), new byte[0]);
        assertThat(report(send, "failed", "vide.csv")).containsExactly(";file refused: the file is empty");

        Path stranger = Files.createDirectories(dropRoot.resolve("nobody@example.org").resolve("send"));
        Files.writeString(stranger.resolve("x.csv"), "#message: hi\n0612345678\n");
        assertThat(report(stranger, "failed", "x.csv")).singleElement().asString()
                .startsWith(";file refused: no account nobody@example.org");
        assertThat(smsc.received()).isEmpty();
    }

    @Test
    void files_that_are_not_csv_or_are_hidden_are_left_alone() throws Exception {
        email = newAccount(5).split(" ")[0];
        Path send = folder("send");
        Files.writeString(send.resolve("notes.txt"), "#message: hi\n0612345678\n");
        Files.writeString(send.resolve(".copie.csv"), "#message: hi\n0612345678\n");
        Files.writeString(send.resolve("ok.csv"), "#message: hi\n0612345678\n");
        report(send, "done", "ok.csv");
        assertThat(send.resolve("notes.txt")).exists();
        assertThat(send.resolve(".copie.csv")).exists();
    }

    /**
     * Issue 13, point 12: a link is not followed (it echoed a cfg file's lines into a report, and
     * sent them), nor is a linked folder; a quote never closed refuses the file at its line,
     * instead of making one field of the rest of the file. Nothing is sent.
     */
    @Test
    void a_link_or_a_linked_folder_is_refused_unread_and_a_quote_never_closed_refuses_the_file() throws Exception {
        email = newAccount(5).split(" ")[0];
        Path send = folder("send");
        Path outside = Files.createTempDirectory("colibri-outside");
        try {
            Path secret = Files.writeString(outside.resolve("secret.cfg"), "#message: password = s3cret\n0612345678\n");
            Files.createSymbolicLink(send.resolve("lien.csv"), secret);
            assertThat(report(send, "failed", "lien.csv")).singleElement().asString()
                    .isEqualTo(";file refused: links and special files are not read: drop the file itself");
            assertThat(secret).hasContent("#message: password = s3cret\n0612345678\n");

            Path linkedAccount = dropRoot.resolve(newAccount(5).split(" ")[0]);
            Files.createDirectories(outside.resolve("send"));
            Files.createSymbolicLink(linkedAccount, outside);
            Files.writeString(outside.resolve("send").resolve("via-lien.csv"), "#message: par un dossier lié\n0612345678\n");
            assertThat(report(outside.resolve("send"), "failed", "via-lien.csv")).singleElement().asString()
                    .contains("links and special files are not read");

            Files.writeString(send.resolve("guillemet.csv"), "#message: hi\n0698765432;\"Léa" + "x".repeat(3000) + "\n0611111111\n");
            assertThat(report(send, "failed", "guillemet.csv")).singleElement().asString()
                    .startsWith(";file refused: it could not be read: line 2: a quoted field longer than");
            assertThat(smsc.received()).isEmpty();
        } finally {
            try (Stream<Path> all = Files.walk(outside)) {
                all.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }
}
