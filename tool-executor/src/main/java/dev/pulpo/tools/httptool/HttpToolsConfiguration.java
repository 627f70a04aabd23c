package dev.pulpo.tools.httptool;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** HTTP tools read their header secrets from the process's environment and time their circuits by the wall. */
@Configuration(proxyBeanMethods = false)
class HttpToolsConfiguration {

    @Bean
    HttpTools httpTools(HttpToolSettings settings, MeterRegistry meters) {
        return new HttpTools(settings, SecretLookup.environment(), meters, Clock.systemUTC());
    }
}
