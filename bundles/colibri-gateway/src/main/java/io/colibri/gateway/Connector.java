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
 */
public record Connector(String name, String host, int port, String systemId, String password, int window, int rate,
                        SmscCharset charset, List<String> prefixes) {

    public Connector {
        prefixes = List.copyOf(prefixes);
        if (!name.matches("[a-z0-9][a-z0-9_-]*")) {
            throw new IllegalArgumentException("connector name must be lower-case letters, digits, - or _: '" + name + "'");
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
                Arrays.stream(string(cfg, "prefixes", "").split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList());
    }

    /** The values its route templates take. */
    public Map<String, Object> templateParameters() {
        return Map.of("name", name, "host", host, "port", Integer.toString(port), "systemId", systemId,
                "password", password, "window", Integer.toString(window), "rate", Integer.toString(rate));
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
                + " charset=" + charset + (prefixes.isEmpty() ? "" : " prefixes=" + prefixes) + "]";
    }
}
