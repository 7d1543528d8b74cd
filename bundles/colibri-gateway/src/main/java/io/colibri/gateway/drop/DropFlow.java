package io.colibri.gateway.drop;

import io.colibri.gateway.Flow;
import io.colibri.gateway.Wiring;
import io.colibri.gateway.accept.Accept;
import io.colibri.gateway.store.Store;
import java.nio.file.Path;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** CSV files dropped into a folder per account (routes/drop/), configured by etc/io.colibri.drop.cfg. */
@Component(service = Flow.class, configurationPid = "io.colibri.drop")
@Designate(ocd = DropFlow.Config.class)
public final class DropFlow implements Flow {
    @ObjectClassDefinition(name = "Colibri drop folder", description = "etc/io.colibri.drop.cfg: the folder CSV files are dropped into")
    public @interface Config {
        @AttributeDefinition(description = "the drop folder; empty means <karaf>/drop")
        String root() default "";

        @AttributeDefinition(description = "how long a file must stay unchanged before it is taken")
        long quietMillis() default 2000;

        @AttributeDefinition(description = "how often the folder is looked at")
        long pollMillis() default 1000;
    }

    private final Config config;

    @Activate
    public DropFlow(Config config) {
        this.config = config;
    }

    @Override
    public String name() {
        return "drop";
    }

    /** The folder files are dropped into. */
    public Path root() {
        return config.root().isBlank() ? Path.of(System.getProperty("karaf.base", "."), "drop") : Path.of(config.root());
    }

    @Override
    public void wire(Wiring wiring) {
        wiring.placeholders(name(), config);
        wiring.placeholder("drop.root", root().toAbsolutePath());
        wiring.placeholder("drop.lockTimeoutMillis", Math.max(10_000, 5 * config.quietMillis()));
        Store store = wiring.store();
        // A send file goes through the accept flow's bean, wired before this flow (Flows.NAMES).
        wiring.bind("csvDrop", new CsvDrop(store.database(), store.accounts(), store.groups(), wiring.bean("accept", Accept.class)));
    }
}
