package dev.pulpo.orchestrator.config;

import dev.pulpo.orchestrator.slm.KafkaModelReplies;
import dev.pulpo.orchestrator.slm.ModelWorker;
import dev.pulpo.orchestrator.slm.OllamaModels;
import dev.pulpo.orchestrator.slm.OllamaReadiness;
import dev.pulpo.orchestrator.slm.SlmSettings;
import dev.pulpo.orchestrator.slm.SlmSteps;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The slm package stays free of Spring; this wires the SLM route's stages, models and worker. */
@Configuration(proxyBeanMethods = false)
class SlmConfiguration {
    @Bean
    SlmSteps slmSteps(SlmSettings settings) {
        return new SlmSteps(settings);
    }

    @Bean(destroyMethod = "close")
    KafkaModelReplies modelReplies(KafkaProperties kafka) {
        return new KafkaModelReplies(kafka.buildProducerProperties());
    }

    /** When the environment turns the SLM route on, say at start whether its models are there. */
    @Bean
    ApplicationRunner reportOllamaReadiness(OrchestratorSettings orchestrator, SlmSettings settings) {
        return args -> {
            if (orchestrator.enableSlmPipeline() && orchestrator.slmCanaryPercent() < 100) {
                Thread.ofVirtual().name("ollama-readiness").start(new OllamaReadiness(settings)::report);
            }
        };
    }

    /** Closed before the producer it writes through (Spring destroys in reverse order of creation). */
    @Bean(destroyMethod = "close")
    ModelWorker modelWorker(SlmSettings settings, KafkaModelReplies replies) {
        return new ModelWorker(new OllamaModels(settings.baseUrl()), replies, settings.maxConcurrentCalls());
    }
}
