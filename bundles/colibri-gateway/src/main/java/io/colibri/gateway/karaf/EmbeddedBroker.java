package io.colibri.gateway.karaf;

import java.io.IOException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the embedded broker off when etc/io.colibri.broker.cfg says {@code embedded = false} (a
 * node sharing an external broker, docs/scale-out.md). Karaf's Artemis broker is a component that
 * runs while the configuration {@code org.apache.activemq.artemis} exists; its artemis feature
 * makes that configuration when it is first installed and Karaf keeps it across restarts, so
 * setting the file aside (bin/setenv does, as etc/org.apache.activemq.artemis.cfg.off) is not
 * enough: the configuration itself is deleted here. With {@code embedded = true} bin/setenv puts
 * the file back at the next start, and the broker runs again.
 */
@Component(immediate = true, service = {}, configurationPid = "io.colibri.broker", configurationPolicy = ConfigurationPolicy.OPTIONAL)
public class EmbeddedBroker {
    static final String PID = "org.apache.activemq.artemis";
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedBroker.class);

    @Reference
    ConfigurationAdmin configurationAdmin;

    @Activate
    void activate(GatewayComponent.Broker broker) throws IOException, org.osgi.framework.InvalidSyntaxException {
        if (broker.embedded()) {
            return;
        }
        // Set the file aside first (as bin/setenv does at a start), so that deleting the
        // configuration does not delete the shipped file with it.
        String etc = System.getProperty("karaf.etc");
        if (etc != null) {
            java.nio.file.Path file = java.nio.file.Path.of(etc, PID + ".cfg");
            if (java.nio.file.Files.exists(file)) {
                java.nio.file.Files.move(file, file.resolveSibling(PID + ".cfg.off"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Configuration[] found = configurationAdmin.listConfigurations("(service.pid=" + PID + ")");
        if (found != null) {
            for (Configuration c : found) {
                c.delete();
            }
            LOG.info("embedded broker stopped and removed (etc/io.colibri.broker.cfg: embedded = false); the gateway uses {}", broker.url());
        }
    }
}
