package dev.pulpo.ops.launcher;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import java.net.URL;
import org.slf4j.LoggerFactory;

/**
 * Logging of the whole JVM, set once. Four Spring applications in one JVM would each reset logback as
 * they start, racing each other; the launcher configures it itself and tells Spring to leave it alone.
 */
public final class LogSetup {
    private LogSetup() {
    }

    /** Spring applications started after this keep the JVM's logging as it is. */
    public static void leaveLoggingToTheLauncher() {
        System.setProperty("org.springframework.boot.logging.LoggingSystem", "none");
        // Tomcat logs through java.util.logging, which Spring would otherwise have bridged.
        if (!org.slf4j.bridge.SLF4JBridgeHandler.isInstalled()) {
            org.slf4j.bridge.SLF4JBridgeHandler.removeHandlersForRootLogger();
            org.slf4j.bridge.SLF4JBridgeHandler.install();
        }
    }

    /** Replaces the logging configuration with the given class path resource. */
    public static void configure(String resource) {
        URL config = LogSetup.class.getClassLoader().getResource(resource);
        if (config == null) {
            throw new IllegalStateException("no logging configuration " + resource + " on the class path");
        }
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        try {
            configurator.doConfigure(config);
        } catch (JoranException e) {
            throw new IllegalStateException("bad logging configuration " + resource, e);
        }
    }
}
