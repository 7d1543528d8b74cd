package io.colibri.gateway.api;

import io.colibri.domain.ReplyRule;
import io.colibri.gateway.account.Accounts;
import io.colibri.gateway.account.SharedDomains;
import io.colibri.gateway.callback.Callbacks;
import io.colibri.gateway.reply.Replies;
import io.colibri.gateway.reply.ReplyRules;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.apache.camel.Exchange;

/**
 * What comes back and where it goes: the replies inbox, the reply rules, the CONTACT answer
 * (proposed by the account, approved by an operator: {@code POST /admin/accounts/{id}/contact-text}),
 * the callback URL, and the domains whose addresses may send by mail on the account's credit.
 * The same services as the shell's commands. Bean {@code apiReplies} of routes/api/replies.yaml.
 */
public final class RepliesApi {
    public record ReplyView(long id, String from, String text, String kind, Long messageId, String receivedAt) {
    }

    public record ReplyList(List<ReplyView> replies) {
    }

    public record RuleRequest(String match, String pattern, String answer, String group) {
    }

    public record RuleView(long id, int position, String match, String pattern, String answer, String group) {
    }

    public record RuleList(List<RuleView> rules) {
    }

    public record TextRequest(String text) {
    }

    public record ContactTexts(String approved, String pending) {
    }

    public record CallbackRequest(String url) {
    }

    /** The callback and its signing secret, shown once when it is set. */
    public record CallbackView(String url, String secret) {
    }

    public record DomainRequest(String password) {
    }

    private final Accounts accounts;
    private final Replies replies;
    private final ReplyRules rules;
    private final Callbacks callbacks;
    private final SharedDomains domains;
    private final ApiAnswers answers;

    public RepliesApi(Accounts accounts, Replies replies, ReplyRules rules, Callbacks callbacks, SharedDomains domains, ApiAnswers answers) {
        this.accounts = accounts;
        this.replies = replies;
        this.rules = rules;
        this.callbacks = callbacks;
        this.domains = domains;
        this.answers = answers;
    }

    /** {@code GET /replies}: the latest, newest first ({@code limit}, 50 by default). */
    public ApiAnswer replies(Exchange exchange) {
        int limit = MessagesApi.limit(exchange.getIn().getHeader("limit", String.class));
        return ApiAnswer.ok(new ReplyList(replies.latest(ApiGuard.accountOf(exchange), limit).stream()
                .map(r -> new ReplyView(r.getId(), r.getSender(), r.getBody(), r.getKind(), r.getMessageId(),
                        DateTimeFormatter.ISO_INSTANT.format(r.getReceivedAt()))).toList()));
    }

    /** {@code GET /reply-rules}: in the order they are tried. */
    public ApiAnswer rules(Exchange exchange) {
        return ApiAnswer.ok(ruleList(ApiGuard.accountOf(exchange)));
    }

    /** {@code POST /reply-rules}: tried after the others. */
    public ApiAnswer addRule(Exchange exchange) {
        long account = ApiGuard.accountOf(exchange);
        RuleRequest r = ApiJson.read(answers.body(exchange), RuleRequest.class);
        try {
            rules.add(account, new ReplyRule(ReplyRule.Match.of(r.match()), r.pattern(), r.answer(), r.group()));
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badRequest(e.getMessage());
        }
        return ApiAnswer.created(ruleList(account));
    }

    /** {@code DELETE /reply-rules/{id}}. */
    public ApiAnswer removeRule(Exchange exchange) {
        long account = ApiGuard.accountOf(exchange);
        long id = ApiProblem.id(exchange.getIn(), "rule");
        if (!rules.remove(account, id)) {
            throw ApiProblem.notFound("no rule " + id);
        }
        return new ApiAnswer(204, null);
    }

    /** {@code GET /contact-text}: the approved CONTACT answer and the one waiting for approval. */
    public ApiAnswer contactText(Exchange exchange) {
        return ApiAnswer.ok(texts(ApiGuard.accountOf(exchange)));
    }

    /** {@code PUT /contact-text}: proposed; the approved one answers until an operator approves it. */
    public ApiAnswer proposeContactText(Exchange exchange) {
        long account = ApiGuard.accountOf(exchange);
        TextRequest r = ApiJson.read(answers.body(exchange), TextRequest.class);
        try {
            replies.proposeContactText(account, r.text());
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badRequest(e.getMessage());
        }
        return ApiAnswer.ok(texts(account));
    }

    public record PendingText(long accountId, String email, String pending, String approved, String proposedAt) {
    }

    public record PendingTexts(List<PendingText> texts) {
    }

    /** {@code GET /admin/contact-texts} (operator): the CONTACT answers waiting for approval, oldest first. */
    public ApiAnswer pendingContactTexts(Exchange exchange) {
        return ApiAnswer.ok(new PendingTexts(replies.pendingContactTexts(200).stream()
                .map(p -> new PendingText(p.accountId(), p.email(), p.pending(), p.approved(), ApiJson.time(p.proposedAt()))).toList()));
    }

    /** {@code POST /admin/accounts/{id}/contact-text} (operator): the pending CONTACT answer approved. */
    public ApiAnswer approveContactText(Exchange exchange) {
        long id = ApiProblem.id(exchange.getIn(), "account");
        long account = accounts.show(id).orElseThrow(() -> ApiProblem.notFound("no account " + id)).id();
        if (replies.approveContactText(account).isEmpty()) {
            throw ApiProblem.conflict(null, "account " + id + " has no CONTACT answer waiting for approval");
        }
        return ApiAnswer.ok(texts(account));
    }

    /** {@code GET /callback}. */
    public ApiAnswer callback(Exchange exchange) {
        String url = callbacks.url(ApiGuard.accountOf(exchange)).orElseThrow(() -> ApiProblem.notFound("no callback URL"));
        return ApiAnswer.ok(new CallbackView(url, null));
    }

    /** {@code PUT /callback}: status changes and replies POSTed there, signed with the secret answered here, once. */
    public ApiAnswer setCallback(Exchange exchange) {
        long account = ApiGuard.accountOf(exchange);
        CallbackRequest r = ApiJson.read(answers.body(exchange), CallbackRequest.class);
        if (r.url() == null || r.url().length() > 2000) {
            throw ApiProblem.badRequest("'url' is an http:// or https:// address of at most 2000 characters");
        }
        try {
            String secret = callbacks.set(account, r.url());
            return ApiAnswer.ok(new CallbackView(callbacks.url(account).orElse(r.url()), secret));
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badRequest(e.getMessage());
        }
    }

    /** {@code DELETE /callback}. */
    public ApiAnswer removeCallback(Exchange exchange) {
        if (!callbacks.remove(ApiGuard.accountOf(exchange))) {
            throw ApiProblem.notFound("no callback URL");
        }
        return new ApiAnswer(204, null);
    }

    /** {@code PUT /shared-domains/{domain}}: every address of the domain may send by mail with that password (ACC-5). */
    public ApiAnswer shareDomain(Exchange exchange) {
        long account = ApiGuard.accountOf(exchange);
        String domain = exchange.getIn().getHeader("domain", String.class);
        DomainRequest r = ApiJson.read(answers.body(exchange), DomainRequest.class);
        try {
            domains.share(accounts.email(account), domain, r.password());
        } catch (RuntimeException e) {
            throw ApiProblem.badRequest(e.getMessage());
        }
        return new ApiAnswer(204, null);
    }

    private ContactTexts texts(long account) {
        return new ContactTexts(replies.contactText(account).orElse(null), replies.pendingContactText(account).orElse(null));
    }

    private RuleList ruleList(long account) {
        return new RuleList(rules.list(account).stream().map(n -> new RuleView(n.id(), n.position(), n.rule().match().key,
                n.rule().pattern(), n.rule().answer().isEmpty() ? null : n.rule().answer(),
                n.rule().group().isEmpty() ? null : n.rule().group())).toList());
    }
}
