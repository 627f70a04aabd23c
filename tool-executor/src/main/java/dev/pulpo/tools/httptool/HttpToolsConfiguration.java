package dev.pulpo.tools.httptool;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * HTTP tools read each workspace's secrets and allowed internal hosts from the process's environment, resolve host
 * names with the system's resolver and time their circuits by the wall.
 */
@Configuration(proxyBeanMethods = false)
class HttpToolsConfiguration {
    private static final Logger log = LoggerFactory.getLogger(HttpToolsConfiguration.class);
    /** Read before issue 11; a header's ${NAME} now only ever names the workspace's own secret. */
    private static final String RETIRED_SECRET_PREFIX = "PULPO_HTTP_TOOL_SECRET_PREFIX";

    @Bean
    HttpTools httpTools(HttpToolSettings settings, MeterRegistry meters) {
        SecretLookup environment = SecretLookup.environment();
        if (environment.value(RETIRED_SECRET_PREFIX).isPresent()) {
            log.warn("{} is no longer read: a header's ${NAME} is environment variable PULPO_SECRET_<WORKSPACE>__<NAME>"
                    + " (tool-executor/README.md, HTTP tools); rename the variables it allowed", RETIRED_SECRET_PREFIX);
        }
        return new HttpTools(settings, environment, meters, Clock.systemUTC());
    }
}
