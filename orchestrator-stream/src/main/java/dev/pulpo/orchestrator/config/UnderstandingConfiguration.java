package dev.pulpo.orchestrator.config;

import dev.pulpo.orchestrator.nlu.SpanishUnderstanding;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The nlu package stays free of Spring; this makes its entry point a bean. */
@Configuration(proxyBeanMethods = false)
class UnderstandingConfiguration {
    @Bean
    SpanishUnderstanding spanishUnderstanding() {
        return new SpanishUnderstanding();
    }
}
