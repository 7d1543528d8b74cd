package io.colibri.gateway.drop;

import io.colibri.domain.Code;
import io.colibri.domain.ContactRows;
import io.colibri.domain.CsvReader;
import io.colibri.domain.TextCharset;
import io.colibri.gateway.account.Accounts;
import io.colibri.gateway.contact.Groups;
import io.colibri.gateway.accept.Accept;
import io.colibri.gateway.accept.FileAcceptance;
import io.colibri.gateway.accept.FileRequest;
import io.colibri.gateway.store.Database;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bean of the {@code csv-drop} route (CSV-2): a file dropped into
 * {@code <root>/<account e-mail>/contacts/<group>.csv} is imported into that group, one dropped
 * into {@code <root>/<account e-mail>/send/<name>.csv} is sent. Either way the file is read as a
 * stream, twice (its charset and hash, then its rows), never held whole; a report is written
 * beside the file where the route moves it, {@code done/} or {@code failed/}.
 */
public final class CsvDrop {
    private static final Logger LOG = LoggerFactory.getLogger(CsvDrop.class);
    /** Rows written to the database per batch. */
    static final int BATCH = 500;

    /** Header the route moves the file by: the absolute path of {@code done/<stamp>-<name>} or {@code failed/<stamp>-<name>} beside it. */
    public static final String MOVE_TO = "colibriDropMove";
    /** Header the route sets first: when the file was taken, the prefix of its new name. */
    public static final String STAMP = "colibriDropStamp";

    private final Database db;
    private final Accounts accounts;
    private final Groups groups;
    private final Accept accept;

    public CsvDrop(Database db, Accounts accounts, Groups groups, Accept accept) {
        this.db = db;
        this.accounts = accounts;
        this.groups = groups;
        this.accept = accept;
    }

    /** A file's fate: done or failed, and why. */
    private static final class Refused extends Exception {
        Refused(String why) {
            super(why);
        }
    }

    /** Takes one dropped file: imports or sends it, writes its report, and says where it goes. */
    public void take(Exchange exchange) throws IOException {
        Path file = Path.of(exchange.getIn().getHeader("CamelFileAbsolutePath", String.class));
        String relative = exchange.getIn().getHeader(Exchange.FILE_NAME, String.class).replace('\\', '/');
        String stamp = exchange.getIn().getHeader(STAMP, String.class);
        String name = file.getFileName().toString();
        Path tmp = file.resolveSibling("." + stamp + "-" + name + ".report.tmp");
        boolean done;
        try (Report report = new Report(tmp)) {
            try {
                String[] parts = relative.split("/");
                if (parts.length != 3) {
                    throw new Refused("not in <account e-mail>/contacts/ or <account e-mail>/send/");
                }
                String email = parts[0];
                Optional<Accounts.View> account = accounts.show(email);
                if (account.isEmpty()) {
                    throw new Refused("no account " + email + ": files go into a folder named after an account's e-mail address");
                }
                if (!accounts.options(account.get().id()).allows(io.colibri.domain.Channel.DROP)) {
                    throw new Refused("this account may not send files: it is disabled, or its channels option leaves the drop folder out");
                }
                // A link (to a cfg file, a key) or a special file (a pipe would hold the reader for ever) is not read,
                // nor is a file reached through a linked folder: only what the customer dropped.
                if (Files.isSymbolicLink(file) || !Files.isRegularFile(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                        || Files.isSymbolicLink(file.getParent()) || Files.isSymbolicLink(file.getParent().getParent())) {
                    throw new Refused("links and special files are not read: drop the file itself");
                }
                if (!Files.isReadable(file)) {
                    throw new Refused("the file cannot be read (permissions)");
                }
                if (Files.size(file) == 0) {
                    throw new Refused("the file is empty");
                }
                if (parts[1].equalsIgnoreCase("contacts")) {
                    importContacts(file, account.get().id(), name.substring(0, name.length() - ".csv".length()), report);
                } else {
                    send(file, account.get().id(), report);
                }
                done = true;
            } catch (Refused e) {
                report.summary("file refused: " + e.getMessage());
                done = false;
            } catch (IOException | UncheckedIOException e) {
                report.summary("file refused: it could not be read: "
                        + (e instanceof UncheckedIOException u && u.getCause() != null ? u.getCause().getMessage() : e.getMessage()));
                done = false;
            } catch (RuntimeException e) {
                LOG.error("drop file {} failed", relative, e);
                report.summary("file refused: the gateway failed (" + e.getClass().getSimpleName() + "), nothing was recorded; "
                        + "drop it again later");
                done = false;
            }
        }
        String folder = done ? "done" : "failed";
        Path target = file.resolveSibling(folder);
        Files.createDirectories(target);
        Files.move(tmp, target.resolve(stamp + "-" + name + ".report.csv"));
        exchange.getIn().setHeader(MOVE_TO, target.resolve(stamp + "-" + name).toString());
        LOG.info("drop file {} {}", relative, done ? "done" : "failed");
    }

    // ---- contacts/<group>.csv

    /**
     * A contacts file uploaded through the API (POST /api/v1/groups/{name}/import): read, imported
     * and reported as a file dropped in contacts/ is, with the same reader and the same report.
     *
     * @return the report as the drop folder writes it, and whether the file was taken
     */
    public Uploaded importUploaded(long accountId, String group, byte[] body) throws IOException {
        Path dir = Files.createTempDirectory("colibri-upload");
        Path file = dir.resolve("contacts.csv");
        Path reportFile = dir.resolve("report.csv");
        try {
            Files.write(file, body);
            boolean taken;
            try (Report report = new Report(reportFile)) {
                try {
                    if (body.length == 0) {
                        throw new Refused("the file is empty");
                    }
                    importContacts(file, accountId, group, report);
                    taken = true;
                } catch (Refused e) {
                    report.summary("file refused: " + e.getMessage());
                    taken = false;
                }
            }
            return new Uploaded(taken, Files.readString(reportFile, java.nio.charset.StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(reportFile);
            Files.deleteIfExists(dir);
        }
    }

    /** An uploaded file's report, and whether it was taken at all. */
    public record Uploaded(boolean taken, String report) {
    }

    private void importContacts(Path file, long accountId, String group, Report report) throws IOException, Refused {
        try {
            Groups.validName(group);
        } catch (Groups.GroupException e) {
            throw new Refused(e.getMessage() + " (the file's name is the group's)");
        }
        Charset charset = charset(file, null);
        int[] counts = new int[3]; // added, updated, refused
        db.tx(em -> {
            try (ContactRowsReader rows = new ContactRowsReader(file, charset)) {
                List<ContactRows.Contact> batch = new ArrayList<>(BATCH);
                ContactRows.Row row;
                while ((row = rows.next()) != null) {
                    if (row.contact().isEmpty()) {
                        report.line(row.line(), row.refusal());
                        counts[2]++;
                        continue;
                    }
                    batch.add(row.contact().get());
                    if (batch.size() == BATCH) {
                        add(groups.importBatch(accountId, group, batch), counts);
                        batch.clear();
                    }
                }
                if (!batch.isEmpty()) {
                    add(groups.importBatch(accountId, group, batch), counts);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return null;
        });
        report.summary("contacts imported into " + group + ": taken " + (counts[0] + counts[1]) + " (new " + counts[0]
                + ", updated " + counts[1] + "), refused " + counts[2]);
    }

    private static void add(Groups.Imported imported, int[] counts) {
        counts[0] += imported.added();
        counts[1] += imported.updated();
    }

    // ---- send/<name>.csv

    /** A send file goes through the accept flow: checked and recorded there, reported here. */
    private void send(Path file, long accountId, Report report) throws IOException, Refused {
        String[] hash = new String[1];
        Charset charset = charset(file, hash);
        java.util.Map<String, String> directives;
        try (ContactRowsReader rows = new ContactRowsReader(file, charset)) {
            directives = rows.directives();
        }
        String text = directives.get("message");
        if (text == null || text.isBlank()) {
            throw new Refused("no text: the first line must be #message: <text>");
        }
        FileRequest request = new FileRequest(accountId, file.getFileName().toString(), hash[0], text, directives.get("diff"),
                each -> {
                    try (ContactRowsReader rows = new ContactRowsReader(file, charset)) {
                        ContactRows.Row row;
                        while ((row = rows.next()) != null) {
                            each.accept(row);
                        }
                    }
                }, report::line);
        FileAcceptance sent = accept.acceptFile(request);
        if (sent.duplicateOf() != null) {
            throw new Refused("duplicate of " + sent.duplicateOf() + ": nothing sent again");
        }
        if (!sent.sent()) {
            throw new Refused((sent.rowsRead() ? "nothing sent: " : "") + reason(sent.code())
                    + (sent.code() == Code.NOT_ENOUGH_CREDIT ? ", " + sent.credits() + " credits needed" : ""));
        }
        report.summary("sent: taken " + sent.ids().size() + ", refused " + sent.refused() + ", credits debited " + sent.credits()
                + (sent.sendAt() != null ? ", leaving " + sent.sendAt() : "") + ", message ids " + Report.ranges(sent.ids()));
    }

    private static String reason(Code code) {
        return switch (code) {
            case EMPTY_MESSAGE -> "no text (90)";
            case BAD_DEFERRED_DATE -> "#diff is not a date to come as hhmmddmmyyyy (85)";
            case TOO_LONG -> "a merged text is too long for the account (97): over one part without the long-sms option, or over 8";
            case NOT_ENOUGH_CREDIT -> "not enough credit (83)";
            case EMPTY_GROUP -> "no recipient (86)";
            default -> Accept.why(code);
        };
    }

    /** The file's charset from its bytes, and (when asked) the SHA-256 of its bytes. */
    private static Charset charset(Path file, String[] hash) throws IOException {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), sha)) {
            Charset charset = TextCharset.detect(in);
            in.transferTo(java.io.OutputStream.nullOutputStream()); // the rest, for the hash
            if (hash != null) {
                hash[0] = HexFormat.of().formatHex(sha.digest());
            }
            return charset;
        }
    }

    /** The rows of a file, decoded in its charset. */
    private static final class ContactRowsReader implements AutoCloseable {
        private final CsvReader csv;
        private ContactRows rows;

        ContactRowsReader(Path file, Charset charset) throws IOException {
            csv = new CsvReader(new BufferedReader(new InputStreamReader(Files.newInputStream(file), charset), 64 * 1024));
        }

        java.util.Map<String, String> directives() throws IOException {
            return csv.directives();
        }

        ContactRows.Row next() throws IOException {
            if (rows == null) {
                rows = ContactRows.of(csv);
            }
            return rows.next();
        }

        @Override
        public void close() throws IOException {
            csv.close();
        }
    }
}
