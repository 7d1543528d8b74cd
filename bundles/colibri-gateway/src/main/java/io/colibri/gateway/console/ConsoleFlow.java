package io.colibri.gateway.console;

import io.colibri.gateway.Flow;
import io.colibri.gateway.Wiring;
import org.osgi.service.component.annotations.Component;

/**
 * The web console at /console (routes/console/), on the HTTP server of /http.php: pages written
 * by hand, French and English, that call the JSON API /api/v1 as any integrator does, logged in
 * by a session cookie (POST /api/v1/session). This flow serves its files only.
 */
@Component(service = Flow.class)
public final class ConsoleFlow implements Flow {
    @Override
    public String name() {
        return "console";
    }

    @Override
    public void wire(Wiring wiring) {
        wiring.bind("consoleAssets", new ConsoleAssets());
    }
}
