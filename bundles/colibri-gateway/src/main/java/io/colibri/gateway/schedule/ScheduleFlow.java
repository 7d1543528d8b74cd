package io.colibri.gateway.schedule;

import io.colibri.gateway.Flow;
import io.colibri.gateway.Wiring;
import org.osgi.service.component.annotations.Component;

/**
 * From the database to the connectors' queues (routes/schedule/): messages recorded and messages
 * whose time has come are queued, after each commit that records some and every second.
 */
@Component(service = Flow.class)
public final class ScheduleFlow implements Flow {
    @Override
    public String name() {
        return "schedule";
    }

    @Override
    public void wire(Wiring wiring) {
        wiring.bind("dispatch", new Dispatch(wiring.store().database(), wiring.clock(), wiring.groupSender()));
        wiring.store().recorder().afterCommit(wiring.wake("seda:dispatch?size=1&discardWhenFull=true"));
        wiring.bind("schedules", new Schedules(wiring.store().database(), wiring.bean("accept", io.colibri.gateway.accept.Accept.class),
                wiring.store().accounts(), wiring.store().groups(), wiring.clock()));
    }
}
