package io.colibri.gateway.recovery;

import io.colibri.gateway.Flow;
import io.colibri.gateway.Wiring;
import org.osgi.service.component.annotations.Component;

/** At start, what a crash left between the claim and the SMSC's answer (routes/recovery/). */
@Component(service = Flow.class)
public final class RecoveryFlow implements Flow {
    @Override
    public String name() {
        return "recovery";
    }

    @Override
    public void wire(Wiring wiring) {
        wiring.bind("recovery", new Recovery(wiring.store().submissions(), wiring.clock()));
    }
}
