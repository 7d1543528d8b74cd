package io.colibri.gateway.karaf;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.RoutesBuilder;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.util.tracker.ServiceTrackerCustomizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whiteboard for route bundles: a {@link RoutesBuilder} registered as a service has its routes
 * added to the gateway, and removed again when the service (its bundle) goes.
 */
final class RouteBundles implements ServiceTrackerCustomizer<RoutesBuilder, RouteBundles.Added> {
    private static final Logger LOG = LoggerFactory.getLogger(RouteBundles.class);

    /** The routes one service added. */
    record Added(RoutesBuilder builder, List<String> routeIds) {
    }

    private final BundleContext bundleContext;
    private final CamelContext camel;

    RouteBundles(BundleContext bundleContext, CamelContext camel) {
        this.bundleContext = bundleContext;
        this.camel = camel;
    }

    @Override
    public Added addingService(ServiceReference<RoutesBuilder> reference) {
        RoutesBuilder builder = bundleContext.getService(reference);
        Set<String> before = ids();
        try {
            camel.addRoutes(builder);
        } catch (Exception e) {
            LOG.error("routes of bundle {} could not be added", reference.getBundle().getSymbolicName(), e);
            bundleContext.ungetService(reference);
            return null;
        }
        List<String> added = new ArrayList<>(ids());
        added.removeAll(before);
        // The supervising route controller starts routes at context start only: start these now.
        for (String id : added) {
            try {
                camel.getRouteController().startRoute(id);
            } catch (Exception e) {
                LOG.error("route {} of bundle {} could not start", id, reference.getBundle().getSymbolicName(), e);
            }
        }
        LOG.info("routes {} added from bundle {}", added, reference.getBundle().getSymbolicName());
        return new Added(builder, added);
    }

    @Override
    public void modifiedService(ServiceReference<RoutesBuilder> reference, Added added) {
        // Service properties do not change which routes a builder makes.
    }

    @Override
    public void removedService(ServiceReference<RoutesBuilder> reference, Added added) {
        for (String id : added.routeIds()) {
            try {
                camel.getRouteController().stopRoute(id);
                camel.removeRoute(id);
            } catch (Exception e) {
                LOG.warn("route {} could not be removed: {}", id, e.toString());
            }
        }
        LOG.info("routes {} removed with bundle {}", added.routeIds(), reference.getBundle() == null ? "?" : reference.getBundle().getSymbolicName());
        bundleContext.ungetService(reference);
    }

    private Set<String> ids() {
        Set<String> ids = new HashSet<>();
        for (Route r : camel.getRoutes()) {
            ids.add(r.getRouteId());
        }
        return ids;
    }
}
