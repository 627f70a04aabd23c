package dev.pulpo.orchestrator.telemetry;

import dev.pulpo.orchestrator.config.OrchestratorSettings;
import dev.pulpo.orchestrator.routing.RouteFlags;
import dev.pulpo.schemas.event.FlagUpdate;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * The routing flags in force as gauges, so a dashboard shows the canary split operators set next to the split
 * the requests show: {@code orchestrator_canary_percent{scope}} (SLM_CANARY_PERCENT: 0 = all SLM, 100 = all
 * legacy, as in the integration guide) and {@code orchestrator_slm_enabled{scope}}. Scope {@code global} is
 * the environment's flags overridden by the global run-time ones; a workspace with its own flags has its own
 * series.
 */
@Component
public class RoutingGauges {
    private final OrchestratorSettings settings;
    private final MeterRegistry meters;
    private final Map<String, FlagUpdate> scopes = new ConcurrentHashMap<>();

    public RoutingGauges(OrchestratorSettings settings, MeterRegistry meters) {
        this.settings = settings;
        this.meters = meters;
        register(FlagUpdate.GLOBAL);
    }

    /** A scope's latest flags, as {@code orchestrator-control} has them. */
    public void show(FlagUpdate update) {
        scopes.put(update.scope(), update);
        register(update.scope());
    }

    public void forget(String scope) {
        scopes.remove(scope);
    }

    private void register(String scope) {
        Gauge.builder("orchestrator.canary.percent", () -> inForce(scope).slmCanaryPercent()).tag("scope", scope)
                .description("SLM_CANARY_PERCENT in force").register(meters);
        Gauge.builder("orchestrator.slm.enabled", () -> inForce(scope).enableSlmPipeline() ? 1 : 0)
                .tag("scope", scope).description("ENABLE_SLM_PIPELINE in force").register(meters);
    }

    private RouteFlags inForce(String scope) {
        FlagUpdate global = scopes.get(FlagUpdate.GLOBAL);
        return RouteFlags.resolve(settings.enableSlmPipeline(), settings.slmCanaryPercent(), global,
                FlagUpdate.GLOBAL.equals(scope) ? null : scopes.get(scope));
    }
}
