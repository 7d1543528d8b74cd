package io.colibri.gateway;

import io.colibri.domain.ConnectorChoice;
import io.colibri.domain.PriceTable;
import io.colibri.domain.SmscCharset;
import io.colibri.domain.SubmitChecks;
import io.colibri.gateway.broker.GroupSender;
import io.colibri.gateway.store.Store;
import jakarta.jms.ConnectionFactory;
import java.lang.annotation.Annotation;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.camel.CamelContext;

/**
 * What a flow is wired with: the CamelContext's registry and placeholders, the store, the clock,
 * the connectors and the prices, and what the gateway shares between flows (the broker).
 */
public final class Wiring {
    private final CamelContext context;
    private final Gateway.Core core;
    private final Store store;
    private final ConnectionFactory connectionFactory;
    private final GroupSender groupSender;
    private final Properties placeholders;

    Wiring(CamelContext context, Gateway.Core core, Store store, ConnectionFactory connectionFactory, GroupSender groupSender,
           Properties placeholders) {
        this.context = context;
        this.core = core;
        this.store = store;
        this.connectionFactory = connectionFactory;
        this.groupSender = groupSender;
        this.placeholders = placeholders;
    }

    /** Binds a bean the routes call by this name, and returns it. */
    public <T> T bind(String name, T bean) {
        context.getRegistry().bind(name, bean);
        return bean;
    }

    /** A bean an earlier flow bound. */
    public <T> T bean(String name, Class<T> type) {
        T bean = context.getRegistry().lookupByNameAndType(name, type);
        if (bean == null) {
            throw new IllegalStateException("no bean " + name + " (" + type.getSimpleName() + "): is its flow wired before this one?");
        }
        return bean;
    }

    /** Every key of the configuration as the placeholder {@code {{<flow>.<key>}}}. */
    public void placeholders(String flow, Annotation config) {
        Configs.asMap(config).forEach((k, v) -> placeholder(flow + "." + k, v instanceof String[] a ? String.join(",", a) : v));
    }

    /** One placeholder the routes read, made from the configuration. */
    public void placeholder(String key, Object value) {
        placeholders.setProperty(key, String.valueOf(value));
    }

    /** A placeholder an earlier flow set ({@code http.port}: the server the API shares). */
    public String placeholderValue(String key) {
        String value = placeholders.getProperty(key);
        if (value == null) {
            throw new IllegalStateException("no placeholder " + key + ": is its flow wired before this one?");
        }
        return value;
    }

    /** Wakes a route through a SEDA queue of one ({@code seda:x?size=1&discardWhenFull=true}): never waits. */
    public Runnable wake(String sedaUri) {
        return new Gateway.Wake(context, sedaUri);
    }

    public CamelContext context() {
        return context;
    }

    public Store store() {
        return store;
    }

    public Clock clock() {
        return core.clock();
    }

    public List<Connector> connectors() {
        return core.connectors();
    }

    public PriceTable prices() {
        return core.prices();
    }

    /** The broker, through Spring's caching factory (the jms: component's). */
    public ConnectionFactory connectionFactory() {
        return connectionFactory;
    }

    /** The queue sender by group commit (the batchjms: component's). */
    public GroupSender groupSender() {
        return groupSender;
    }

    /** Each connector's character set, by connector name. */
    public Map<String, SmscCharset> charsets() {
        return core.connectors().stream().collect(Collectors.toMap(Connector::name, Connector::charset));
    }

    /** The connectors a number may leave by. */
    public List<ConnectorChoice.Candidate> candidates() {
        return core.connectors().stream().map(Connector::candidate).toList();
    }

    /** The rules a request is checked by (prices, the clock, the charset of the connector a number leaves by). */
    public SubmitChecks.Rules rules() {
        Map<String, SmscCharset> charsets = charsets();
        List<ConnectorChoice.Candidate> candidates = candidates();
        return new SubmitChecks.Rules(core.prices(), core.clock(),
                number -> charsets.getOrDefault(ConnectorChoice.choose(number, candidates), SmscCharset.GSM));
    }
}
