package io.colibri.gateway.karaf;

import java.io.IOException;
import java.net.URL;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The gateway bundle's classes first, then the platform's: Camel finds its components through
 * resources (META-INF/services/org/apache/camel/...) that only the platform bundle holds.
 */
final class BundlesClassLoader extends ClassLoader {
    private final ClassLoader gateway;
    private final ClassLoader platform;

    BundlesClassLoader(ClassLoader gateway, ClassLoader platform) {
        super(null);
        this.gateway = gateway;
        this.platform = platform;
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        try {
            return gateway.loadClass(name);
        } catch (ClassNotFoundException e) {
            return platform.loadClass(name);
        }
    }

    @Override
    protected URL findResource(String name) {
        URL url = gateway.getResource(name);
        return url != null ? url : platform.getResource(name);
    }

    @Override
    protected Enumeration<URL> findResources(String name) throws IOException {
        Set<URL> all = new LinkedHashSet<>(Collections.list(gateway.getResources(name)));
        all.addAll(Collections.list(platform.getResources(name)));
        return Collections.enumeration(all);
    }
}
