package io.colibri.gateway;

import io.colibri.domain.ConnectorChoice;
import io.colibri.domain.SmscCharset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * One SMPP connection to an SMSC, from {@code etc/io.colibri.connector-<name>.cfg}. Its routes
 * are made from the templates of {@code routes/smpp/smpp-outbound.yaml} and {@code routes/smpp/receipts.yaml}.
 *
 * @param window   at most this many submit_sm awaiting their response at once
 * @param rate     at most this many submit_sm a second
 * @param charset  how the SMSC reads data_coding 0
 * @param prefixes E.164 prefixes this connector takes before the class rules (empty: none)
 * @param fallback the connector its messages leave by when this one cannot take them for now
 *                 (unbound, or a temporary refusal: issue 17); empty: none
 * @param binds    how many gateway nodes may bind to this SMSC at once (the operator's allowed
 *                 count, each node binding a transmitter and a receiver); 0: every node (issue 18)
 */
public record Connector(String name, String host, int port, String systemId, String password, int window, int rate,
                        SmscCharset charset, List<String> prefixes, String fallback, int binds) {

    /** A connector every node binds to. */
    public Connector(String name, String host, int port, String systemId, String password, int window, int rate,
                     SmscCharset charset, List<String> prefixes, String fallback) {
        this(name, host, port, systemId, password, window, rate, charset, prefixes, fallback, 0);
    }

    /** A connector without fallback. */
    public Connector(String name, String host, int port, String systemId, String password, int window, int rate,
                     SmscCharset charset, List<String> prefixes) {
        this(name, host, port, systemId, password, window, rate, charset, prefixes, "");
    }

    public Connector {
        prefixes = List.copyOf(prefixes);
        fallback = fallback == null ? "" : fallback.strip();
        if (!name.matches("[a-z0-9][a-z0-9_-]*")) {
            throw new IllegalArgumentException("connector name must be lower-case letters, digits, - or _: '" + name + "'");
        }
        if (binds < 0) {
            throw new IllegalArgumentException("connector " + name + ": binds must be 0 (every node) or more");
        }
        if (systemId.length() > 15) {
            throw new IllegalArgumentException("connector " + name + ": SMPP allows at most 15 characters in systemId");
        }
    }

    public static Connector from(String name, Map<String, ?> cfg) {
        return new Connector(name,
                string(cfg, "host", "127.0.0.1"),
                Integer.parseInt(string(cfg, "port", "2775")),
                string(cfg, "systemId", "colibri"),
                string(cfg, "password", ""),
                Integer.parseInt(string(cfg, "window", "1")),
                Integer.parseInt(string(cfg, "rate", "50")),
                SmscCharset.of(string(cfg, "charset", "gsm")),
                Arrays.stream(string(cfg, "prefixes", "").split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList(),
                string(cfg, "fallback", ""),
                Integer.parseInt(string(cfg, "binds", "0")));
    }

    /**
     * Each connector's fallback, by name, checked as a whole: a fallback must name another
     * connector of the set, read data coding 0 the same way (a message is priced and cut with its
     * own connector's charset: the parts billed are the parts sent), and no chain may come back to
     * where it started. A mistake stops the gateway's start with a sentence that says which.
     */
    public static Map<String, String> fallbacks(List<Connector> connectors) {
        Map<String, Connector> byName = new java.util.HashMap<>();
        connectors.forEach(c -> byName.put(c.name(), c));
        Map<String, String> next = new java.util.TreeMap<>();
        for (Connector c : connectors) {
            if (c.fallback().isEmpty()) {
                continue;
            }
            Connector f = byName.get(c.fallback());
            if (f == null) {
                throw new IllegalArgumentException("connector " + c.name() + ": fallback '" + c.fallback() + "' is no connector (known: "
                        + new java.util.TreeSet<>(byName.keySet()) + ")");
            }
            if (f.charset() != c.charset()) {
                throw new IllegalArgumentException("connector " + c.name() + ": fallback " + f.name() + " has charset " + f.charset()
                        + ", not " + c.charset() + ": its messages are priced and cut with " + c.charset());
            }
            next.put(c.name(), f.name());
        }
        for (String start : next.keySet()) {
            List<String> chain = new java.util.ArrayList<>(List.of(start));
            for (String n = next.get(start); n != null; n = next.get(n)) {
                boolean seen = chain.contains(n);
                chain.add(n);
                if (seen) {
                    throw new IllegalArgumentException("connector fallbacks make a cycle: " + String.join(" -> ", chain));
                }
            }
        }
        return java.util.Collections.unmodifiableMap(next);
    }

    /**
     * The values its route templates take. A connector bound by only some nodes ({@code binds} above
     * 0) has its routes made stopped: they run on a node while it holds one of its bind slots
     * ({@code smpp/BindSlots}).
     */
    public Map<String, Object> templateParameters() {
        return Map.of("name", name, "host", host, "port", Integer.toString(port), "systemId", systemId,
                "password", password, "window", Integer.toString(window), "rate", Integer.toString(rate),
                "autoStartup", Boolean.toString(binds == 0));
    }

    public ConnectorChoice.Candidate candidate() {
        return new ConnectorChoice.Candidate(name, prefixes);
    }

    private static String string(Map<String, ?> cfg, String key, String fallback) {
        Object v = cfg.get(key);
        return v == null || v.toString().isBlank() ? fallback : v.toString().trim();
    }

    @Override
    public String toString() {
        return "Connector[" + name + " " + systemId + "@" + host + ":" + port + " window=" + window + " rate=" + rate
                + " charset=" + charset + (prefixes.isEmpty() ? "" : " prefixes=" + prefixes) + (fallback.isEmpty() ? "" : " fallback=" + fallback) + (binds == 0 ? "" : " binds=" + binds) + "]";
    }
}
