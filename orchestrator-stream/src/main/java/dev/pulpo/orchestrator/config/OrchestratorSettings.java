package dev.pulpo.orchestrator.config;

import dev.pulpo.orchestrator.dialogue.StateLimits;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The orchestrator's settings, bound from {@code pulpo.orchestrator.*} (environment: ENABLE_SLM_PIPELINE,
 * SLM_CANARY_PERCENT, SLM_BROKER_TIMEOUT_MS, PULPO_CONVERSATION_TTL, and the PULPO_* bounds of
 * {@code pulpo.orchestrator.limits}).
 *
 * @param brokerTimeout    how long a turn waits for its tool results
 * @param conversationTtl  silence after which a conversation's slots are forgotten, on the turn's clock
 * @param conversationRetention silence (wall clock) after which a conversation's whole state is deleted
 * @param limits           how much of what comes in a conversation's state keeps
 */
@ConfigurationProperties("pulpo.orchestrator")
public record OrchestratorSettings(
        boolean enableSlmPipeline,
        int slmCanaryPercent,
        Duration brokerTimeout,
        Duration conversationTtl,
        Duration conversationRetention,
        String pipelineVersion,
        StateLimits limits) {

    public OrchestratorSettings {
        brokerTimeout = brokerTimeout == null ? Duration.ofSeconds(5) : brokerTimeout;
        conversationTtl = conversationTtl == null ? Duration.ofMinutes(30) : conversationTtl;
        conversationRetention = conversationRetention == null ? Duration.ofDays(90) : conversationRetention;
        pipelineVersion = pipelineVersion == null ? "legacy-1" : pipelineVersion;
        limits = limits == null ? StateLimits.defaults() : limits;
    }

    public static OrchestratorSettings defaults() {
        return new OrchestratorSettings(false, 0, null, null, null, null, null);
    }

    /** The same settings with other {@code limits}. */
    public OrchestratorSettings withLimits(StateLimits newLimits) {
        return new OrchestratorSettings(enableSlmPipeline, slmCanaryPercent, brokerTimeout, conversationTtl,
                conversationRetention, pipelineVersion, newLimits);
    }
}
