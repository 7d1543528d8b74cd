package io.colibri.gateway.recovery;

import io.colibri.gateway.Flow;
import io.colibri.gateway.Wiring;
import io.colibri.gateway.node.Node;
import org.osgi.service.component.annotations.Component;

/**
 * What a crash left between the claim and the SMSC's answer (routes/recovery/): this node's own at
 * its start, a dead node's whenever one is found dead.
 */
@Component(service = Flow.class)
public final class RecoveryFlow implements Flow {
    @Override
    public String name() {
        return "recovery";
    }

    @Override
    public void wire(Wiring wiring) {
        wiring.bind("recovery", new Recovery(wiring.store().submissions(), wiring.bean("node", Node.class), wiring.clock()));
    }
}
