package io.colibri.gateway.drop;

import io.colibri.domain.AccountOptions;
import io.colibri.domain.BulkChecks;
import io.colibri.domain.Code;
import io.colibri.domain.ConnectorChoice;
import io.colibri.domain.ContactRows;
import io.colibri.domain.CsvReader;
import io.colibri.domain.PhoneNumber;
import io.colibri.domain.SubmitChecks;
import io.colibri.domain.TextCharset;
import io.colibri.gateway.account.Accounts;
import io.colibri.gateway.blacklist.Blacklist;
import io.colibri.gateway.contact.Groups;
import io.colibri.gateway.message.Queries;
import io.colibri.gateway.message.RecentTexts;
import io.colibri.gateway.message.Recorder;
import io.colibri.gateway.message.RecentSends;
import io.colibri.gateway.accept.Accept;
import io.colibri.gateway.store.Database;
import io.colibri.gateway.store.DropFile;
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
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
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
    private final Recorder recorder;
    private final RecentTexts recentTexts;
    private final Queries queries;
    private final Blacklist blacklist;
    private final SubmitChecks.Rules rules;
    private final List<ConnectorChoice.Candidate> connectors;

    public CsvDrop(Database db, Accounts accounts, Groups groups, Recorder recorder, RecentTexts recentTexts, Queries queries,
                   Blacklist blacklist, SubmitChecks.Rules rules, List<ConnectorChoice.Candidate> connectors) {
        this.db = db;
        this.accounts = accounts;
        this.groups = groups;
        this.recorder = recorder;
        this.recentTexts = recentTexts;
        this.queries = queries;
        this.blacklist = blacklist;
        this.rules = rules;
        this.connectors = List.copyOf(connectors);
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
        String diff = directives.get("diff");
        String name = file.getFileName().toString();
        Refused outcome = db.tx(em -> {
            Optional<DropFile> same = em.createQuery("select d from DropFile d where d.accountId = :a and d.contentHash = :h",
                            DropFile.class).setParameter("a", accountId).setParameter("h", hash[0]).getResultStream().findFirst();
            if (same.isPresent()) {
                return new Refused("duplicate of " + same.get().getFileName() + ", taken " + same.get().getTakenAt().withNano(0)
                        + ": nothing sent again");
            }
            FileFacts facts = new FileFacts(accountId);
            BulkChecks.Started started = BulkChecks.start(text, diff, false, facts, rules, facts.options);
            if (started.refusal() != null) {
                return new Refused(reason(started.refusal()));
            }
            // First pass: every row planned, refused ones reported; nothing recorded yet.
            BulkChecks.Bulk bulk = started.bulk();
            int[] refused = {0};
            forEachRecipient(file, charset, facts, report, refused, planned -> {
                if (!planned.sendable()) {
                    report.line(planned.line, "not sent: " + Accept.why(planned.planned.refusal()));
                }
            }, bulk);
            Code code = bulk.code();
            if (code != Code.ACCEPTED && code != Code.DEFERRED) {
                return new Refused("nothing sent: " + reason(code)
                        + (code == Code.NOT_ENOUGH_CREDIT ? ", " + bulk.credits() + " credits needed" : ""));
            }
            // Second pass, same rows, same answers (the account is locked): recorded in batches.
            facts.planned.clear();
            BulkChecks.Bulk again = BulkChecks.start(text, diff, false, facts, rules, facts.options).bulk();
            List<Recorder.BulkDraft> batch = new ArrayList<>(BATCH);
            List<Long> ids = new ArrayList<>();
            forEachRecipient(file, charset, facts, Report.NONE, new int[1], planned -> {
                SubmitChecks.Planned p = planned.planned;
                batch.add(new Recorder.BulkDraft(p.number(), p.text(), p.parts(), p.credits(),
                        ConnectorChoice.choose(p.number(), connectors), p.sendAt(),
                        p.sendable() ? null : "not sent: " + Accept.why(p.refusal())));
                if (batch.size() == BATCH) {
                    ids.addAll(record(accountId, batch, facts.options));
                    batch.clear();
                }
            }, again);
            if (!batch.isEmpty()) {
                ids.addAll(record(accountId, batch, facts.options));
            }
            em.persist(new DropFile(accountId, hash[0], name, OffsetDateTime.now()));
            report.summary("sent: taken " + ids.size() + ", refused " + refused[0] + ", credits debited " + bulk.credits()
                    + (code == Code.DEFERRED ? ", leaving " + bulk.sendAt() : "") + ", message ids " + Report.ranges(ids));
            return null;
        });
        if (outcome != null) {
            throw outcome;
        }
    }

    private List<Long> record(long accountId, List<Recorder.BulkDraft> batch, AccountOptions options) {
        return recorder.recordBulk(accountId, List.copyOf(batch), options.format().name(), (int) options.validity().toMinutes())
                .orElseThrow(() -> new IllegalStateException("the balance moved under the account's lock"));
    }

    private record PlannedRow(long line, SubmitChecks.Planned planned) {
        boolean sendable() {
            return planned.sendable();
        }
    }

    /** Every row of a send file: invalid and blacklisted ones reported (and counted), the others planned. */
    private void forEachRecipient(Path file, Charset charset, FileFacts facts, Report report, int[] refused,
                                  java.util.function.Consumer<PlannedRow> each, BulkChecks.Bulk bulk) {
        try (ContactRowsReader rows = new ContactRowsReader(file, charset)) {
            ContactRows.Row row;
            while ((row = rows.next()) != null) {
                if (row.contact().isEmpty()) {
                    report.line(row.line(), row.refusal());
                    refused[0]++;
                    continue;
                }
                ContactRows.Contact c = row.contact().get();
                if (facts.blacklisted(c.number())) {
                    report.line(row.line(), "not sent: the number is on the account's blacklist (84)");
                    refused[0]++;
                    continue;
                }
                SubmitChecks.Planned p = bulk.plan(new SubmitChecks.Recipient(c.number(), c.v1(), c.v2(), c.v3()));
                if (!p.sendable()) {
                    refused[0]++;
                }
                each.accept(new PlannedRow(row.line(), p));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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

    /** What a bulk from a file needs to know of its account: read once, the account locked. */
    private final class FileFacts implements SubmitChecks.Facts {
        final AccountOptions options;
        private final RecentSends recent;
        /** This file's own messages so far in the current pass: the same text twice to a number is a duplicate too. */
        final Set<String> planned = new java.util.HashSet<>();
        private final long balance;

        FileFacts(long accountId) {
            this.balance = accounts.lockedBalance(accountId);
            this.options = accounts.options(accountId);
            this.recent = new RecentSends(accountId, blacklist, recentTexts, queries, rules.clock().instant());
        }

        @Override
        public boolean loginValid() {
            return true; // the folder is the account's
        }

        @Override
        public AccountOptions options() {
            return options;
        }

        @Override
        public boolean blacklisted(PhoneNumber number) {
            return recent.blacklisted(number);
        }

        @Override
        public boolean sentWithin24h(PhoneNumber number, String text) {
            return !planned.add(RecentSends.key(number, text)) || recent.sentWithin24h(number, text);
        }

        @Override
        public boolean creditCovers(int credits) {
            return balance >= credits;
        }

        @Override
        public Optional<List<SubmitChecks.Recipient>> group(String name) {
            return Optional.empty();
        }
    }
}
