package io.colibri.gateway.karaf;

import io.colibri.gateway.Connector;
import java.util.Map;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;

/**
 * One instance per {@code etc/io.colibri.connector-<name>.cfg} (a factory configuration); each
 * offers its {@link Connector} to the gateway, which restarts its routes when the set changes.
 */
@Component(immediate = true, service = {}, configurationPid = "io.colibri.connector", configurationPolicy = ConfigurationPolicy.REQUIRE)
public class ConnectorComponent {
    private ServiceRegistration<Connector> registration;

    @Activate
    void activate(Map<String, Object> properties, BundleContext bundleContext) {
        Connector connector = Connector.from(name(properties), properties);
        registration = bundleContext.registerService(Connector.class, connector,
                new java.util.Hashtable<>(Map.of("name", connector.name())));
    }

    @Deactivate
    void deactivate() {
        registration.unregister();
    }

    /** The name is the part after "io.colibri.connector-" in the file name, unless a name key says otherwise. */
    static String name(Map<String, Object> properties) {
        Object explicit = properties.get("name");
        if (explicit != null && !explicit.toString().isBlank()) {
            return explicit.toString().trim();
        }
        Object file = properties.get("felix.fileinstall.filename");
        if (file != null) {
            String f = file.toString();
            int dash = f.lastIndexOf("io.colibri.connector-");
            if (dash >= 0 && f.endsWith(".cfg")) {
                return f.substring(dash + "io.colibri.connector-".length(), f.length() - 4);
            }
        }
        Object pid = properties.get("service.pid");
        return String.valueOf(pid).replaceFirst("^io\\.colibri\\.connector[.~-]", "");
    }
}
