package io.colibri.domain;

import java.util.List;

/**
 * Which connector a number leaves through (SMPP-1, OPT-10): the connector whose {@code prefixes}
 * has the longest prefix of the number; otherwise {@code landline} for a landline when such a
 * connector exists; otherwise {@code mobile} (or the first connector when there is no mobile one).
 */
public final class ConnectorChoice {

    /** A connector as the choice sees it: its name and its prefixes (E.164, with or without '+'). */
    public record Candidate(String name, List<String> prefixes) {
        public Candidate {
            prefixes = prefixes.stream().map(String::trim).filter(p -> !p.isEmpty())
                    .map(p -> p.startsWith("+") ? p : "+" + p).toList();
        }
    }

    public static final String MOBILE = "mobile";
    public static final String LANDLINE = "landline";

    private ConnectorChoice() {
    }

    public static String choose(PhoneNumber number, List<Candidate> connectors) {
        if (connectors.isEmpty()) {
            throw new IllegalStateException("no connector is configured");
        }
        String best = null;
        int bestLength = 0;
        for (Candidate c : connectors) {
            for (String p : c.prefixes()) {
                if (number.e164().startsWith(p) && p.length() > bestLength) {
                    best = c.name();
                    bestLength = p.length();
                }
            }
        }
        if (best != null) {
            return best;
        }
        if (number.landline() && connectors.stream().anyMatch(c -> c.name().equals(LANDLINE))) {
            return LANDLINE;
        }
        return connectors.stream().anyMatch(c -> c.name().equals(MOBILE)) ? MOBILE : connectors.get(0).name();
    }
}
