package io.colibri.gateway.accept;

import io.colibri.gateway.Flow;
import io.colibri.gateway.Wiring;
import io.colibri.gateway.store.Store;
import org.osgi.service.component.annotations.Component;

/** Where every channel's requests are checked, priced, debited and recorded (routes/accept/). */
@Component(service = Flow.class)
public final class AcceptFlow implements Flow {
    @Override
    public String name() {
        return "accept";
    }

    @Override
    public void wire(Wiring wiring) {
        Store store = wiring.store();
        wiring.bind("accept", new Accept(store.database(), store.accounts(), store.recorder(), store.cancellations(), store.queries(),
                store.recentTexts(), store.blacklist(), store.groups(), wiring.rules(), wiring.candidates(), io.colibri.gateway.metrics.MetricsFlow.meters(wiring)));
    }
}
