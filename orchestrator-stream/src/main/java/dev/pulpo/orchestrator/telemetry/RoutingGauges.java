package dev.pulpo.orchestrator.telemetry;

import dev.pulpo.orchestrator.config.OrchestratorSettings;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/**
 * The routing flags as gauges, so a dashboard shows the canary split operators set next to the split the
 * requests show: {@code orchestrator_canary_percent{scope}} (the raw SLM_CANARY_PERCENT: 0 = all SLM,
 * 100 = all legacy, as in the integration guide) and {@code orchestrator_slm_enabled{scope}}.
 */
@Component
public class RoutingGauges {
    public RoutingGauges(OrchestratorSettings settings, MeterRegistry meters) {
        Gauge.builder("orchestrator.canary.percent", settings, s -> s.slmCanaryPercent()).tag("scope", "global")
                .description("SLM_CANARY_PERCENT in force").register(meters);
        Gauge.builder("orchestrator.slm.enabled", settings, s -> s.enableSlmPipeline() ? 1 : 0).tag("scope", "global")
                .description("ENABLE_SLM_PIPELINE in force").register(meters);
    }
}
