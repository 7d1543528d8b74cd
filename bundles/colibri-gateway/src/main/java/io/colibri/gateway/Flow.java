package io.colibri.gateway;

/**
 * One flow of the gateway: a Java package, the route files of {@code routes/<name>/} and, for most,
 * one {@code etc/io.colibri.*.cfg} read as a typed configuration (an annotation, see {@link Configs}).
 * In Karaf each flow is a Declarative Services component bound to its configuration; the gateway
 * starts once every flow of {@link Flows#NAMES} is there, and starts again when one changes.
 */
public interface Flow {
    /** Its name: one of {@link Flows#NAMES}, the folder of its route files under routes/. */
    String name();

    /**
     * Binds the beans its routes call and the placeholders they read ({@code {{<name>.<key>}}}).
     * Flows are wired in the order of {@link Flows#NAMES}: a flow may look up the beans of the
     * flows before it.
     */
    void wire(Wiring wiring);
}
