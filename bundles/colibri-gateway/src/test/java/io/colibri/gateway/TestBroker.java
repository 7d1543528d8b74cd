package io.colibri.gateway;

import java.nio.file.Path;
import org.apache.activemq.artemis.core.config.FileDeploymentManager;
import org.apache.activemq.artemis.core.config.impl.FileConfiguration;
import org.apache.activemq.artemis.core.postoffice.Binding;
import org.apache.activemq.artemis.core.postoffice.impl.LocalQueueBinding;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;

/**
 * A real Artemis broker for tests, configured by the distribution's own etc/artemis.xml (its
 * address settings: redelivery, dead letters), with the journal in a temporary folder, the
 * acceptor moved to a free port and security off.
 */
public final class TestBroker implements AutoCloseable {
    public static final Path ARTEMIS_XML = Path.of("../../etc/artemis.xml").toAbsolutePath().normalize();

    private final EmbeddedActiveMQ server;
    public final String url;

    public TestBroker(Path dataDir, int port) throws Exception {
        // artemis.xml places its directories under ${karaf.data}.
        System.setProperty("karaf.data", dataDir.toString());
        FileConfiguration config = new FileConfiguration();
        FileDeploymentManager files = new FileDeploymentManager(ARTEMIS_XML.toUri().toString());
        files.addDeployable(config);
        files.readConfiguration();
        url = "tcp://127.0.0.1:" + port;
        config.getAcceptorConfigurations().clear();
        config.addAcceptorConfiguration("test", url);
        config.setSecurityEnabled(false);
        server = new EmbeddedActiveMQ().setConfiguration(config);
        server.start();
    }

    /** Empties every queue, so that what one test left unsent is not sent during the next one. */
    public void purge() throws Exception {
        for (Binding binding : server.getActiveMQServer().getPostOffice().getAllBindings().toList()) {
            if (binding instanceof LocalQueueBinding queue) {
                queue.getQueue().deleteAllReferences();
            }
        }
    }

    /**
     * Artemis's watch over the journal's disk: {@code setMaxUsage(0)} then {@code tick()} makes the
     * broker find its disk full (it blocks every producer, as it does at max-disk-usage in
     * production), the value it had and a tick make room again.
     */
    public org.apache.activemq.artemis.core.server.files.FileStoreMonitor diskMonitor() {
        return ((org.apache.activemq.artemis.core.server.impl.ActiveMQServerImpl) server.getActiveMQServer()).getMonitor();
    }

    /** Whether the broker blocks producers because its disk is full. */
    public boolean diskFull() {
        return server.getActiveMQServer().getPagingManager().isDiskFull();
    }

    /** The address settings artemis.xml gives this address. */
    public org.apache.activemq.artemis.core.settings.impl.AddressSettings settingsOf(String address) {
        return server.getActiveMQServer().getAddressSettingsRepository().getMatch(address);
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
