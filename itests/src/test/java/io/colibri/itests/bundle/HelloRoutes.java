package io.colibri.itests.bundle;

import org.apache.camel.builder.RouteBuilder;

/** Routes of a route bundle, as operations staff would drop one into deploy/. */
public class HelloRoutes extends RouteBuilder {
    @Override
    public void configure() {
        from("jetty:http://{{http.host}}:{{http.port}}/hello").routeId("hello-from-bundle")
                .removeHeaders("*")
                .setBody(constant("hello from a bundle"));
    }
}
