package io.colibri.gateway;

import java.util.Map;
import java.util.Properties;

/**
 * One SMPP connection to an SMSC, from {@code etc/io.colibri.connector-<name>.cfg}. Routes see its
 * settings as {@code {{connector.<name>.<key>}}} placeholders.
 *
 * @param window at most this many submit_sm awaiting their response at once
 * @param rate   at most this many submit_sm a second
 */
public record Connector(String name, String host, int port, String systemId, String password, int window, int rate) {

    public static Connector from(String name, Map<String, ?> cfg) {
        return new Connector(name,
                string(cfg, "host", "127.0.0.1"),
                Integer.parseInt(string(cfg, "port", "2775")),
                string(cfg, "systemId", "colibri"),
                string(cfg, "password", ""),
                Integer.parseInt(string(cfg, "window", "1")),
                Integer.parseInt(string(cfg, "rate", "50")));
    }

    void addTo(Properties p) {
        String prefix = "connector." + name + ".";
        p.setProperty(prefix + "host", host);
        p.setProperty(prefix + "port", Integer.toString(port));
        p.setProperty(prefix + "systemId", systemId);
        p.setProperty(prefix + "password", password);
        p.setProperty(prefix + "window", Integer.toString(window));
        p.setProperty(prefix + "rate", Integer.toString(rate));
    }

    private static String string(Map<String, ?> cfg, String key, String fallback) {
        Object v = cfg.get(key);
        return v == null || v.toString().isBlank() ? fallback : v.toString().trim();
    }

    @Override
    public String toString() {
        return "Connector[" + name + " " + systemId + "@" + host + ":" + port + " window=" + window + " rate=" + rate + "]";
    }
}
