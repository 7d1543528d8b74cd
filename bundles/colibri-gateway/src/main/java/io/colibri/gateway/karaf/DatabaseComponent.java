package io.colibri.gateway.karaf;

import io.colibri.gateway.store.Database;
import io.colibri.gateway.store.Store;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Opens the database of {@code etc/io.colibri.database.cfg} and offers the {@link Store} as a service. */
@Component(immediate = true, service = {}, configurationPid = "io.colibri.database", configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = DatabaseComponent.Config.class)
public class DatabaseComponent {
    private static final Logger LOG = LoggerFactory.getLogger(DatabaseComponent.class);

    @ObjectClassDefinition(name = "Colibri database")
    public @interface Config {
        @AttributeDefinition(description = "JDBC URL; empty means the embedded H2 file under ${karaf.data}/colibri")
        String url() default "";

        String user() default "colibri";

        @AttributeDefinition(type = org.osgi.service.metatype.annotations.AttributeType.PASSWORD)
        String password() default "";

        int poolSize() default 10;
    }

    private Store store;
    private ServiceRegistration<Store> registration;

    @Activate
    void activate(Config config, BundleContext bundleContext) {
        String url = config.url().isBlank() ? embeddedUrl(System.getProperty("karaf.data", "data")) : config.url().trim();
        Database.Settings settings = new Database.Settings(url, config.user(), config.password(), config.poolSize());
        store = Store.open(settings);
        LOG.info("Colibri database ready: {}", settings);
        registration = bundleContext.registerService(Store.class, store, null);
    }

    /**
     * The embedded H2 file. {@code WRITE_DELAY=0}: each commit is written to the file before it
     * returns, so what a commit recorded survives a crash of the process (H2's default, 500 ms,
     * lost the last half second of commits to a kill -9: messages answered 80, and status changes
     * whose loss sent a message twice). It is not synced to the disk at each commit: a power loss
     * can still lose the last commits; see docs/architecture.md (durability).
     */
    static String embeddedUrl(String dataDir) {
        return "jdbc:h2:file:" + dataDir + "/colibri/colibri;QUERY_CACHE_SIZE=64;WRITE_DELAY=0";
    }

    @Deactivate
    void deactivate() {
        registration.unregister();
        store.close();
    }
}
