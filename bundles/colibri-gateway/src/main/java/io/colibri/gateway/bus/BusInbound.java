package io.colibri.gateway.bus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.colibri.domain.Callback;
import io.colibri.domain.Channel;
import io.colibri.domain.Code;
import io.colibri.gateway.account.Accounts;
import io.colibri.gateway.account.ApiKeys;
import io.colibri.gateway.api.ApiAnswer;
import io.colibri.gateway.api.ApiJson;
import io.colibri.gateway.api.ApiProblem;
import io.colibri.gateway.api.MessagesApi;
import io.colibri.gateway.broker.DeadLetters;
import io.colibri.gateway.callback.Callbacks;
import jakarta.jms.BytesMessage;
import jakarta.jms.Destination;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.apache.camel.component.jms.JmsMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bean {@code busInbound} of routes/bus/bus-inbound.yaml: a JSON request of colibri.inbound
 * (docs/bus/inbound-v1.schema.json) read, its API key checked, sent by the JSON API's rules
 * ({@link MessagesApi#send(long, MessagesApi.SendRequest, byte[], String)}: the accept flow, one
 * transaction, the idempotency key) and answered on its JMSReplyTo. Every broker step is done on
 * the session the request was received on, inside its transaction: the answer, the accepted
 * events and, for a refused request, its copy on colibri.dead leave only if the request is taken.
 */
public final class BusInbound {
    private static final Logger LOG = LoggerFactory.getLogger(BusInbound.class);
    /** The version of the request and answer JSON this gateway speaks. */
    public static final int VERSION = 1;
    /** The queue the requests come from, as dead letters say where they came from. */
    public static final String QUEUE = "colibri.inbound";
    /** On a refused request's copy in colibri.dead: why it was refused. */
    public static final String REJECTED = "colibriRejected";
    private static final Pattern KEY = Pattern.compile("[\\x21-\\x7e]{1,200}");

    /** The JSON of a request: the fields of POST /api/v1/messages and what the broker needs more. */
    public record Envelope(Integer version, String apiKey, String idempotencyKey, List<String> to, String text, String sendAt,
                           Boolean test, String format, String validity) {
    }

    /** A request read and its key checked: the send for that account. */
    public record Request(long accountId, MessagesApi.SendRequest send, byte[] body, String idempotencyKey) {
    }

    private final MessagesApi messages;
    private final ApiKeys keys;
    private final Accounts accounts;
    private final Callbacks callbacks;
    private final Clock clock;
    private final int maxBodyBytes;

    public BusInbound(MessagesApi messages, ApiKeys keys, Accounts accounts, Callbacks callbacks, Clock clock, int maxBodyBytes) {
        this.messages = messages;
        this.keys = keys;
        this.accounts = accounts;
        this.callbacks = callbacks;
        this.clock = clock;
        this.maxBodyBytes = maxBodyBytes;
    }

    /**
     * The request: its body (text or bytes, UTF-8, at most maxBodyBytes), its JSON, its version and
     * its key (an account's, whose channels allow the API). Throws the {@link ApiProblem} that says
     * why not, as the API would answer it.
     */
    public Request read(Exchange exchange) throws JMSException {
        Message m = jms(exchange);
        byte[] body = body(m);
        Envelope e = ApiJson.read(body, Envelope.class);
        if (e.version() == null || e.version() != VERSION) {
            throw ApiProblem.badRequest("'version' must be " + VERSION + " (docs/bus/inbound-v1.schema.json)");
        }
        if (e.apiKey() == null) {
            throw ApiProblem.unauthorized("'apiKey' is missing: the account's API key (colibri:apikey-create)");
        }
        ApiKeys.Holder holder = keys.holder(e.apiKey()).orElseThrow(() -> ApiProblem.unauthorized("this API key is unknown or revoked"));
        if (holder.isOperator()) {
            throw ApiProblem.forbidden(null, "an operator's key sends nothing; use an account's key");
        }
        if (!accounts.options(holder.accountId()).allows(Channel.API)) {
            throw ApiProblem.forbidden(null, "this account may not use the API (the broker entry is the API's send): it is disabled,"
                    + " or its channels option leaves the API out");
        }
        if (e.idempotencyKey() != null && !KEY.matcher(e.idempotencyKey()).matches()) {
            throw ApiProblem.badRequest("'idempotencyKey' is 1 to 200 visible ASCII characters");
        }
        return new Request(holder.accountId(), new MessagesApi.SendRequest(e.to(), e.text(), e.sendAt(), e.test(), e.format(), e.validity()),
                body, idempotencyKey(e, m));
    }

    /**
     * The key a request counts once by: its own {@code idempotencyKey}, else its broker message id
     * (a redelivered request has the same; one an operator sent back from colibri.dead keeps its
     * first in colibriOriginalId), hashed so that any id fits. Kept 24 hours, as the API's.
     */
    private static String idempotencyKey(Envelope e, Message m) throws JMSException {
        if (e.idempotencyKey() != null) {
            return "bus:key:" + e.idempotencyKey();
        }
        String id = m.getStringProperty(DeadLetters.ORIGINAL_ID);
        id = id != null ? id : requestId(m);
        return id == null ? null : "bus:id:" + sha256(id);
    }

    /** Sends the request by the API's rules: the answer as JSON for the reply-to; the accepted events put on the session. */
    public String send(Request r, Exchange exchange) throws JMSException, java.io.IOException {
        ApiAnswer answer = messages.send(r.accountId(), r.send(), r.body(), r.idempotencyKey());
        JsonNode sent = ApiJson.MAPPER.readTree(answer.json()).path("messages");
        ObjectNode reply = ApiJson.MAPPER.createObjectNode().put("version", VERSION).put("status", answer.status());
        ArrayNode ids = ApiJson.MAPPER.createArrayNode();
        Integer code = null;
        for (JsonNode each : sent) {
            int c = each.path("code").asInt();
            if (code == null || !accepted(c) && accepted(code)) {
                code = c;
            }
            if (each.hasNonNull("id") && recorded(each)) {
                ids.add(each.get("id").asLong());
            }
        }
        if (code != null) {
            reply.put("code", code);
        }
        reply.set("messageIds", ids);
        reply.set("messages", sent);
        accepted(exchange, r.accountId(), sent);
        return ApiJson.write(reply);
    }

    private static boolean accepted(int code) {
        return code == Code.ACCEPTED.value() || code == Code.DEFERRED.value() || code == Code.TEST_OK.value();
    }

    private static boolean recorded(JsonNode sent) {
        String status = sent.path("status").asText();
        return status.equals("ACCEPTED") || status.equals("SCHEDULED");
    }

    /**
     * The events "accepted" (or "scheduled") of the messages just recorded, for an account whose
     * events go to the broker: put on the request's session, so that they leave with its answer.
     * Only the broker entry's own messages have them (the other channels' are told from
     * "submitted" on, as HTTP callbacks are).
     */
    private void accepted(Exchange exchange, long accountId, JsonNode sent) throws JMSException {
        Optional<Callbacks.Target> target = callbacks.target(accountId);
        String address = target.map(Callbacks.Target::busAddress).orElse(null);
        if (address == null) {
            return;
        }
        Session session = session(exchange);
        MessageProducer producer = session.createProducer(session.createTopic(address));
        for (JsonNode each : sent) {
            if (each.hasNonNull("id") && recorded(each)) {
                long id = each.get("id").asLong();
                String json = Callback.status(id, each.path("to").asText(), each.path("status").asText(), clock.instant(), null);
                producer.send(BusEvents.event(session, accountId, "accepted-" + id, json, Callback.signature(target.get().secret(), json)));
            }
        }
        producer.close();
    }

    /**
     * A refused request (the {@link ApiProblem} caught by the route): its copy goes to colibri.dead
     * with the reason (reported there and kept for an operator, as every dead letter), and the
     * refusal as JSON is the answer.
     */
    public String refused(Exchange exchange) throws JMSException {
        ApiProblem problem = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, ApiProblem.class);
        ObjectNode reply = ApiJson.MAPPER.createObjectNode().put("version", VERSION).put("status", problem.status());
        if (problem.code() != null) {
            reply.put("code", problem.code().value());
        }
        reply.put("error", problem.getMessage());
        Session session = session(exchange);
        Message m = jms(exchange);
        Message copy;
        if (m instanceof TextMessage t) {
            copy = session.createTextMessage(t.getText());
        } else if (m instanceof BytesMessage b) {
            BytesMessage c = session.createBytesMessage();
            b.reset();
            byte[] bytes = new byte[(int) b.getBodyLength()];
            b.readBytes(bytes);
            c.writeBytes(bytes);
            copy = c;
        } else {
            // A kind that carries no JSON (a map, an object): what is kept is what it was.
            copy = session.createTextMessage("(" + m.getClass().getSimpleName() + " not kept)");
        }
        copy.setStringProperty("_AMQ_ORIG_ADDRESS", QUEUE);
        copy.setStringProperty(REJECTED, shorten(problem.status() + " " + problem.getMessage()));
        copy.setStringProperty(DeadLetters.ORIGINAL_ID, requestId(m));
        if (m.getJMSCorrelationID() != null) {
            copy.setJMSCorrelationID(m.getJMSCorrelationID());
        }
        MessageProducer producer = session.createProducer(session.createQueue(DeadLetters.QUEUE));
        producer.send(copy);
        producer.close();
        LOG.warn("request {} of {} refused ({} {}): answered and kept in {}", m.getJMSMessageID(), QUEUE, problem.status(),
                shorten(problem.getMessage()), DeadLetters.QUEUE);
        return ApiJson.write(reply);
    }

    /**
     * The answer (the body) on the request's JMSReplyTo, correlated by the request's
     * JMSCorrelationID, else its message id ({@link #requestId}). A request with no reply-to gets none.
     */
    public void answer(Exchange exchange) throws JMSException {
        Message m = jms(exchange);
        Destination replyTo = m.getJMSReplyTo();
        if (replyTo == null) {
            return;
        }
        Session session = session(exchange);
        TextMessage reply = session.createTextMessage(exchange.getMessage().getBody(String.class));
        reply.setJMSCorrelationID(m.getJMSCorrelationID() != null ? m.getJMSCorrelationID() : requestId(m));
        MessageProducer producer = session.createProducer(replyTo);
        producer.send(reply);
        producer.close();
    }

    /**
     * The request's message id as its sender knows it: an AMQP 1.0 client's own message-id (which
     * the broker keeps in {@value #AMQP_MESSAGE_ID} when it makes a Core message of it), else the
     * JMSMessageID.
     */
    static String requestId(Message m) throws JMSException {
        String amqp = m.getStringProperty(AMQP_MESSAGE_ID);
        return amqp != null ? amqp : m.getJMSMessageID();
    }

    /** Where Artemis keeps an AMQP message's own message-id on its Core side. */
    static final String AMQP_MESSAGE_ID = "NATIVE_MESSAGE_ID";

    private byte[] body(Message m) throws JMSException {
        if (m instanceof TextMessage t) {
            String text = t.getText();
            byte[] body = text == null ? new byte[0] : text.getBytes(StandardCharsets.UTF_8);
            if (body.length > maxBodyBytes) {
                throw ApiProblem.tooLarge("the request is " + body.length + " bytes; at most " + maxBodyBytes);
            }
            return body;
        }
        if (m instanceof BytesMessage b) {
            if (b.getBodyLength() > maxBodyBytes) {
                throw ApiProblem.tooLarge("the request is " + b.getBodyLength() + " bytes; at most " + maxBodyBytes);
            }
            // Read from its start: camel-jms has read it once already, to make the exchange's body.
            b.reset();
            byte[] body = new byte[(int) b.getBodyLength()];
            b.readBytes(body);
            return body;
        }
        throw ApiProblem.unsupportedType("a request is a text (or bytes) message of JSON in UTF-8, not a " + m.getClass().getSimpleName());
    }

    /** The JMS message the route took: kept aside at the first step, whatever the steps set as body. */
    private static Message jms(Exchange exchange) {
        Message m = exchange.getProperty(JMS, Message.class);
        if (m == null && exchange.getIn() instanceof JmsMessage jm) {
            m = jm.getJmsMessage();
            exchange.setProperty(JMS, m);
            exchange.setProperty(SESSION, jm.getJmsSession());
        }
        if (m == null) {
            throw new IllegalStateException("busInbound is for a route from jms:queue:" + QUEUE);
        }
        return m;
    }

    private static Session session(Exchange exchange) {
        jms(exchange);
        Session s = exchange.getProperty(SESSION, Session.class);
        if (s == null) {
            throw new IllegalStateException("no JMS session: the route from " + QUEUE + " must be transacted");
        }
        return s;
    }

    private static final String JMS = "colibriBusRequest";
    private static final String SESSION = "colibriBusSession";

    private static String shorten(String s) {
        return s == null ? null : s.length() > 200 ? s.substring(0, 200) : s;
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
