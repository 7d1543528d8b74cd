package io.colibri.gateway.api;

import io.colibri.gateway.broker.DeadLetters;
import jakarta.jms.JMSException;
import java.util.List;
import java.util.function.Supplier;
import org.apache.camel.Exchange;

/**
 * The dead-letter queue for the operator (/api/v1/admin/dead-letters): what waits there, per queue
 * and one by one; one or all sent back to their queue, one discarded for good. The shell's
 * {@code colibri:dead-letters} does the same. Bean {@code apiDeadLetters} of routes/api/admin.yaml.
 */
public final class DeadLettersApi {
    public record QueueCount(String queue, int count, String oldest) {
    }

    public record Letter(String id, String queue, String sentAt, String preview) {
    }

    public record DeadLetterList(List<QueueCount> queues, List<Letter> letters) {
    }

    public record RetryRequest(String queue) {
    }

    public record Moved(int moved) {
    }

    private final Supplier<DeadLetters> deadLetters;
    private final ApiAnswers answers;

    /** @param deadLetters the alerts flow's, looked up when first needed (that flow is wired after this one) */
    public DeadLettersApi(Supplier<DeadLetters> deadLetters, ApiAnswers answers) {
        this.deadLetters = deadLetters;
        this.answers = answers;
    }

    /** {@code GET /admin/dead-letters}: the counts per queue and the first 200 letters, oldest first. */
    public ApiAnswer list(Exchange exchange) throws JMSException {
        DeadLetters d = deadLetters.get();
        return ApiAnswer.ok(new DeadLetterList(
                d.counts().stream().map(c -> new QueueCount(c.queue(), c.count(), ApiJson.time(c.oldest()))).toList(),
                d.list(200).stream().map(l -> new Letter(l.id(), l.queue(), ApiJson.time(l.sentAt()), l.preview())).toList()));
    }

    /** {@code POST /admin/dead-letters/retry}: every letter (or those of {@code queue}) back to its queue. */
    public ApiAnswer retryAll(Exchange exchange) throws JMSException {
        byte[] body = exchange.getIn().getHeader(Exchange.CONTENT_TYPE) == null ? new byte[0] : answers.body(exchange);
        String queue = body.length == 0 ? null : ApiJson.read(body, RetryRequest.class).queue();
        if (queue != null && !queue.matches("colibri\\.[A-Za-z0-9._-]{1,200}")) {
            throw ApiProblem.badRequest("'queue' is one of the gateway's queues (colibri.…)");
        }
        return ApiAnswer.ok(new Moved(deadLetters.get().retry(queue)));
    }

    /** {@code POST /admin/dead-letters/{id}/retry}. */
    public ApiAnswer retryOne(Exchange exchange) throws JMSException {
        if (!deadLetters.get().retryOne(id(exchange))) {
            throw ApiProblem.notFound("no such dead letter");
        }
        return ApiAnswer.ok(new Moved(1));
    }

    /** {@code DELETE /admin/dead-letters/{id}}: gone for good. */
    public ApiAnswer discard(Exchange exchange) throws JMSException {
        if (!deadLetters.get().discard(id(exchange))) {
            throw ApiProblem.notFound("no such dead letter");
        }
        return new ApiAnswer(204, null);
    }

    private static String id(Exchange exchange) {
        String id = exchange.getIn().getHeader("id", String.class);
        return id == null ? "" : id.strip();
    }
}
