package dev.pulpo.orchestrator.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The orchestrator's settings, bound from {@code pulpo.orchestrator.*} (environment: ENABLE_SLM_PIPELINE,
 * SLM_CANARY_PERCENT, SLM_BROKER_TIMEOUT_MS, PULPO_CONVERSATION_TTL).
 *
 * @param brokerTimeout    how long a turn waits for its tool results
 * @param conversationTtl  silence after which a conversation's slots are forgotten, on the turn's clock
 * @param conversationRetention silence (wall clock) after which a conversation's whole state is deleted
 */
@ConfigurationProperties("pulpo.orchestrator")
public record OrchestratorSettings(
        boolean enableSlmPipeline,
        int slmCanaryPercent,
        Duration brokerTimeout,
        Duration conversationTtl,
        Duration conversationRetention,
        String pipelineVersion) {

    public OrchestratorSettings {
        brokerTimeout = brokerTimeout == null ? Duration.ofSeconds(5) : brokerTimeout;
        conversationTtl = conversationTtl == null ? Duration.ofMinutes(30) : conversationTtl;
        conversationRetention = conversationRetention == null ? Duration.ofDays(90) : conversationRetention;
        pipelineVersion = pipelineVersion == null ? "legacy-1" : pipelineVersion;
    }

    public static OrchestratorSettings defaults() {
        return new OrchestratorSettings(false, 0, null, null, null, null);
    }
}
