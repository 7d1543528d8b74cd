package io.colibri.gateway;

import io.colibri.gateway.accept.AcceptFlow;
import io.colibri.gateway.alert.AlertsFlow;
import io.colibri.gateway.api.ApiFlow;
import io.colibri.gateway.callback.CallbacksFlow;
import io.colibri.gateway.drop.DropFlow;
import io.colibri.gateway.http.HttpFlow;
import io.colibri.gateway.mail.MailFlow;
import io.colibri.gateway.metrics.MetricsFlow;
import io.colibri.gateway.recovery.RecoveryFlow;
import io.colibri.gateway.reply.RepliesFlow;
import io.colibri.gateway.retention.RetentionFlow;
import io.colibri.gateway.schedule.ScheduleFlow;
import io.colibri.gateway.smpp.SmppFlow;
import java.lang.annotation.Annotation;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The gateway's flows, by name, in the order they are wired. */
public final class Flows {
    /**
     * Every flow; a flow may use the beans of those before it (every flow this node's name, the
     * node flow's; replies the accept flow's; every flow that counts, the metrics flow's meters).
     */
    public static final List<String> NAMES = List.of("node", "metrics", "http", "accept", "smpp", "schedule", "drop", "api", "console", "smpp-server",
            "mail", "replies", "callbacks", "bus", "alerts", "recovery", "retention");

    /** How many ({@code NAMES.size()}, as a constant for the gateway component's reference). */
    public static final int COUNT = 17;

    private Flows() {
    }

    /** These flows in wiring order; each of {@link #NAMES} must be there once. */
    public static List<Flow> inOrder(Collection<Flow> flows) {
        Map<String, Flow> byName = new HashMap<>();
        for (Flow f : flows) {
            if (!NAMES.contains(f.name())) {
                throw new IllegalArgumentException("unknown flow " + f.name() + ": the flows are " + NAMES);
            }
            if (byName.put(f.name(), f) != null) {
                throw new IllegalArgumentException("flow " + f.name() + " twice");
            }
        }
        if (byName.size() != NAMES.size()) {
            throw new IllegalArgumentException("flows missing: " + NAMES.stream().filter(n -> !byName.containsKey(n)).toList());
        }
        return flows.stream().sorted(Comparator.comparingInt(f -> NAMES.indexOf(f.name()))).toList();
    }

    /**
     * Every flow, with these configurations (typed, see {@link Configs}) and the defaults for the
     * others: what Karaf's components make from etc/, for tests and tools.
     */
    public static List<Flow> all(Annotation... configs) {
        Map<Class<? extends Annotation>, Annotation> given = new HashMap<>();
        for (Annotation c : configs) {
            given.put(c.annotationType(), c);
        }
        List<Flow> flows = List.of(new io.colibri.gateway.node.NodeFlow(config(given, io.colibri.gateway.node.NodeFlow.Config.class)),
                new MetricsFlow(config(given, MetricsFlow.Config.class)), new HttpFlow(config(given, HttpFlow.Config.class)), new AcceptFlow(),
                new SmppFlow(config(given, SmppFlow.Config.class)), new ScheduleFlow(), new DropFlow(config(given, DropFlow.Config.class)),
                new ApiFlow(config(given, ApiFlow.Config.class)), new io.colibri.gateway.console.ConsoleFlow(),
                new io.colibri.gateway.smppserver.SmppServerFlow(config(given, io.colibri.gateway.smppserver.SmppServerFlow.Config.class)),
                new MailFlow(config(given, MailFlow.Config.class)), new RepliesFlow(config(given, RepliesFlow.Config.class)),
                new CallbacksFlow(config(given, CallbacksFlow.Config.class)),
                new io.colibri.gateway.bus.BusFlow(config(given, io.colibri.gateway.bus.BusFlow.Config.class)), new AlertsFlow(config(given, AlertsFlow.Config.class)),
                new RecoveryFlow(), new RetentionFlow(config(given, RetentionFlow.Config.class)));
        return inOrder(flows);
    }

    private static <T extends Annotation> T config(Map<Class<? extends Annotation>, Annotation> given, Class<T> type) {
        Annotation c = given.get(type);
        return c == null ? Configs.defaults(type) : type.cast(c);
    }
}
