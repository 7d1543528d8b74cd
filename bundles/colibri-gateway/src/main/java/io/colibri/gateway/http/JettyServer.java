package io.colibri.gateway.http;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.camel.component.jetty.JettyHttpEndpoint;
import org.apache.camel.component.jetty12.JettyHttpComponent12;
import org.apache.camel.http.common.CamelServlet;
import org.apache.camel.http.common.HttpConsumer;
import org.apache.camel.http.common.HttpRestServletResolveConsumerStrategy;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;

/**
 * Camel's Jetty component as the gateway's HTTP server runs it (the {@code jetty} component of the
 * context): one connector for /http.php and /api/v1. Camel resolves every request to its route by
 * matching the path against each consumer's path template (its REST strategy), which costs each
 * /http.php request a walk over the API's fifty operations: measured, 534 requests a second
 * without the API's routes and 388 with them. A path that is exactly a consumer's, without
 * template and allowed for the method (/http.php), is therefore found by one map lookup first;
 * anything else is matched as Camel does.
 */
public final class JettyServer extends JettyHttpComponent12 {

    @Override
    protected CamelServlet createServletForConnector(Server server, Connector connector, List<Handler> handlers,
                                                     JettyHttpEndpoint endpoint) throws Exception {
        CamelServlet servlet = super.createServletForConnector(server, connector, handlers, endpoint);
        servlet.setServletResolveConsumerStrategy(new ExactPathFirst());
        return servlet;
    }

    /** An exact, template-free path by one lookup; the REST matching for the others. */
    static final class ExactPathFirst extends HttpRestServletResolveConsumerStrategy {
        @Override
        protected HttpConsumer doResolve(HttpServletRequest request, String method, Map<String, HttpConsumer> consumers) {
            String path = request.getPathInfo();
            HttpConsumer exact = path == null ? null : consumers.get(path);
            if (exact != null && exact.getPath().indexOf('{') < 0 && !exact.getEndpoint().isMatchOnUriPrefix()
                    && allows(exact.getEndpoint().getHttpMethodRestrict(), method)) {
                return exact;
            }
            return super.doResolve(request, method, consumers);
        }

        private static boolean allows(String restrict, String method) {
            return restrict == null || restrict.toLowerCase(Locale.ROOT).contains(method.toLowerCase(Locale.ROOT));
        }
    }
}
