package io.colibri.gateway.api;

import io.colibri.domain.PhoneNumber;
import io.colibri.gateway.account.Accounts;
import io.colibri.gateway.blacklist.Blacklist;
import io.colibri.gateway.contact.Groups;
import io.colibri.gateway.drop.CsvDrop;
import io.colibri.gateway.store.LedgerEntry;
import java.io.IOException;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * Groups and their contacts (read, added or changed, removed, imported from a CSV upload with the
 * drop folder's reader and report), the blacklist, and the account's ledger. Bean
 * {@code apiContacts} of routes/api/contacts.yaml and routes/api/account.yaml.
 */
public final class ContactsApi {
    public record GroupView(String name, long contacts) {
    }

    public record GroupList(List<GroupView> groups) {
    }

    public record ContactView(String number, String name, String v1, String v2, String v3) {
    }

    public record ContactList(String group, List<ContactView> contacts) {
    }

    public record ContactRequest(String name, String v1, String v2, String v3) {
    }

    public record Blocked(String number, String reason, String since) {
    }

    public record BlockedList(List<Blocked> blacklist) {
    }

    public record BlockRequest(String reason) {
    }

    public record Entry(long id, int credits, String kind, String reference, String at) {
    }

    public record Ledger(long balance, List<Entry> entries, String next) {
    }

    private final Accounts accounts;
    private final Groups groups;
    private final Blacklist blacklist;
    private final CsvDrop csv;
    private final ApiAnswers answers;
    private final int maxUploadBytes;

    public ContactsApi(Accounts accounts, Groups groups, Blacklist blacklist, CsvDrop csv, ApiAnswers answers, int maxUploadBytes) {
        this.accounts = accounts;
        this.groups = groups;
        this.blacklist = blacklist;
        this.csv = csv;
        this.answers = answers;
        this.maxUploadBytes = maxUploadBytes;
    }

    /** {@code GET /groups}. */
    public ApiAnswer groups(Exchange exchange) {
        return ApiAnswer.ok(new GroupList(groups.list(ApiGuard.accountOf(exchange)).stream()
                .map(g -> new GroupView(g.name(), g.contacts())).toList()));
    }

    /** {@code GET /groups/{name}/contacts}: by number. */
    public ApiAnswer contacts(Exchange exchange) {
        long account = ApiGuard.accountOf(exchange);
        String group = group(exchange.getIn());
        List<Groups.Member> members = groups.members(account, group).orElseThrow(() -> ApiProblem.notFound("no group " + group));
        return ApiAnswer.ok(new ContactList(groups.name(account, group).orElse(group), members.stream()
                .map(m -> new ContactView(m.number(), m.name(), m.v1(), m.v2(), m.v3())).toList()));
    }

    /** {@code DELETE /groups/{name}}: the group and its contacts; 204. */
    public ApiAnswer deleteGroup(Exchange exchange) {
        String group = group(exchange.getIn());
        if (groups.delete(ApiGuard.accountOf(exchange), group).isEmpty()) {
            throw ApiProblem.notFound("no group " + group);
        }
        return new ApiAnswer(204, null);
    }

    /** {@code PUT /groups/{name}/contacts/{number}}: added (201), or its details replaced (200); the group is made with its first contact. */
    public ApiAnswer putContact(Exchange exchange) {
        long account = ApiGuard.accountOf(exchange);
        String group = group(exchange.getIn());
        PhoneNumber number = number(exchange.getIn());
        ContactRequest r = ApiJson.read(answers.body(exchange), ContactRequest.class);
        for (String v : new String[] {r.name(), r.v1(), r.v2(), r.v3()}) {
            if (v != null && v.length() > io.colibri.domain.ContactRows.MAX_VARIABLE) {
                throw ApiProblem.badRequest("a contact's name and fields are at most " + io.colibri.domain.ContactRows.MAX_VARIABLE + " characters");
            }
        }
        boolean added;
        try {
            added = groups.add(account, group, number, r.name(), r.v1(), r.v2(), r.v3());
        } catch (Groups.GroupException e) {
            throw ApiProblem.badRequest(e.getMessage());
        }
        ContactView view = new ContactView(number.e164(), r.name(), r.v1(), r.v2(), r.v3());
        return added ? ApiAnswer.created(view) : ApiAnswer.ok(view);
    }

    /** {@code DELETE /groups/{name}/contacts/{number}}: 204. */
    public ApiAnswer deleteContact(Exchange exchange) {
        long account = ApiGuard.accountOf(exchange);
        String group = group(exchange.getIn());
        PhoneNumber number = number(exchange.getIn());
        if (!groups.remove(account, group, number)) {
            throw ApiProblem.notFound("no contact " + number.e164() + " in group " + group);
        }
        return new ApiAnswer(204, null);
    }

    /**
     * {@code POST /groups/{name}/import}: a CSV body (text/csv) read as a file dropped in
     * contacts/ is; the answer is its report (text/csv), 200 when the file was taken, 422 when refused whole.
     */
    public void importCsv(Exchange exchange) throws IOException {
        long account = ApiGuard.accountOf(exchange);
        String group = group(exchange.getIn());
        byte[] body = answers.upload(exchange, "text/csv", maxUploadBytes);
        CsvDrop.Uploaded done = csv.importUploaded(account, group, body);
        ApiAnswers.text(exchange.getMessage(), done.taken() ? 200 : 422, "text/csv; charset=UTF-8", done.report());
    }

    /** {@code GET /blacklist}: by number. */
    public ApiAnswer blacklist(Exchange exchange) {
        return ApiAnswer.ok(new BlockedList(blacklist.list(ApiGuard.accountOf(exchange)).stream()
                .map(b -> new Blocked(b.getNumber(), b.getReason(), java.time.format.DateTimeFormatter.ISO_INSTANT.format(b.getCreatedAt())))
                .toList()));
    }

    /** {@code PUT /blacklist/{number}}: nothing goes to it from now (201; 200 when it was there). */
    public ApiAnswer block(Exchange exchange) {
        long account = ApiGuard.accountOf(exchange);
        PhoneNumber number = number(exchange.getIn());
        // The body is optional: {"reason": "…"}.
        String reason = exchange.getIn().getHeader(Exchange.CONTENT_TYPE) == null ? null
                : ApiJson.read(answers.body(exchange), BlockRequest.class).reason();
        boolean added = blacklist.add(account, number, reason == null || reason.isBlank() ? "added through the API" : reason.strip());
        Blocked view = new Blocked(number.e164(), reason, null);
        return added ? ApiAnswer.created(view) : ApiAnswer.ok(view);
    }

    /** {@code DELETE /blacklist/{number}}: 204. */
    public ApiAnswer unblock(Exchange exchange) {
        PhoneNumber number = number(exchange.getIn());
        if (!blacklist.remove(ApiGuard.accountOf(exchange), number)) {
            throw ApiProblem.notFound(number.e164() + " is not on the blacklist");
        }
        return new ApiAnswer(204, null);
    }

    /** {@code GET /account/ledger}: newest first, a page at a time. */
    public ApiAnswer ledger(Exchange exchange) {
        long account = ApiGuard.accountOf(exchange);
        Message in = exchange.getIn();
        int limit = MessagesApi.limit(in.getHeader("limit", String.class));
        String cursor = in.getHeader("cursor", String.class);
        Long before = cursor == null ? null : MessagesApi.cursor(cursor);
        List<LedgerEntry> page = accounts.ledger(account, before, limit + 1);
        boolean more = page.size() > limit;
        List<Entry> entries = page.stream().limit(limit).map(l -> new Entry(l.getId(), l.getCredits(), l.getKind().name(), l.getReference(),
                java.time.format.DateTimeFormatter.ISO_INSTANT.format(l.getCreatedAt()))).toList();
        return ApiAnswer.ok(new Ledger(accounts.balance(account), entries,
                more ? MessagesApi.cursorOf(entries.get(entries.size() - 1).id()) : null));
    }

    private static String group(Message in) {
        String name = in.getHeader("name", String.class);
        if (name == null || name.isBlank()) {
            throw ApiProblem.notFound("no group");
        }
        return name.strip();
    }

    private static PhoneNumber number(Message in) {
        String raw = in.getHeader("number", String.class);
        return PhoneNumber.parse(raw == null ? "" : raw).orElseThrow(() -> ApiProblem.badRequest("not a phone number: " + raw));
    }
}
