package dev.pulpo.web;

import org.apache.catalina.core.StandardHost;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;

/**
 * Makes {@link JsonErrorReportValve} the error report of Tomcat's host, so the answers Tomcat gives by itself
 * are JSON like every other error of the service. (Spring Boot also puts a plain {@code ErrorReportValve} in
 * front of it; that one finds the error already reported and writes nothing.)
 */
public class TomcatJsonErrors implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        factory.addContextCustomizers(context -> {
            if (context.getParent() instanceof StandardHost host) {
                host.setErrorReportValveClass(JsonErrorReportValve.class.getName());
            }
        });
    }
}
