package io.colibri.itests.bundle;

import org.apache.camel.RoutesBuilder;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

/** Registers {@link HelloRoutes} as an OSGi service: the gateway's whiteboard picks it up. */
public class HelloActivator implements BundleActivator {
    @Override
    public void start(BundleContext context) {
        context.registerService(RoutesBuilder.class, new HelloRoutes(), null);
    }

    @Override
    public void stop(BundleContext context) {
        // The framework unregisters the service with the bundle.
    }
}
