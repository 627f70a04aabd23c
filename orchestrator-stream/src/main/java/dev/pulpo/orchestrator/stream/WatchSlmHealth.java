package dev.pulpo.orchestrator.stream;

import dev.pulpo.orchestrator.routing.RouteFlags;
import dev.pulpo.orchestrator.routing.SlmHealth;
import dev.pulpo.orchestrator.slm.SlmSettings;
import dev.pulpo.orchestrator.telemetry.TurnTelemetry;
import dev.pulpo.orchestrator.turn.Emission;
import dev.pulpo.schemas.event.Decision;
import dev.pulpo.schemas.event.FlagUpdate;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The automatic rollback: counts, per scope, how many of the latest SLM turns fell back to legacy, and when too
 * many did, switches the SLM pipeline off for the scope that switched it on, on {@code orchestrator-control}.
 * The guide's rollback option 1, taken by the orchestrator itself; an operator rolls forward by setting the flag
 * again. The window is per task: each task watches the conversations it owns.
 */
final class WatchSlmHealth implements Processor<String, Emission, String, FlagUpdate> {
    private static final Logger log = LoggerFactory.getLogger(WatchSlmHealth.class);
    static final String UPDATED_BY = "auto-rollback";

    private final SlmSettings settings;
    private final TurnTelemetry telemetry;
    private final FlagsLookup.Factory flagsLookup;
    private ProcessorContext<String, FlagUpdate> context;
    private KeyValueStore<String, SlmHealth> health;
    private FlagsLookup flags;

    WatchSlmHealth(SlmSettings settings, TurnTelemetry telemetry, FlagsLookup.Factory flagsLookup) {
        this.settings = settings;
        this.telemetry = telemetry;
        this.flagsLookup = flagsLookup;
    }

    @Override
    public void init(ProcessorContext<String, FlagUpdate> context) {
        this.context = context;
        this.health = context.getStateStore(OrchestratorTopology.SLM_HEALTH_STORE);
        this.flags = flagsLookup.open(context);
    }

    @Override
    public void process(Record<String, Emission> record) {
        if (!(record.value() instanceof Emission.DecisionMade made)) {
            return;
        }
        Decision decision = made.decision();
        if (!decision.isFinal() || !Decision.ROUTE_SLM.equals(decision.route())) {
            return;
        }
        RouteFlags inForce = flags.forWorkspace(decision.workspaceId());
        String scope = inForce.enabledBy();
        SlmHealth before = health.get(scope);
        SlmHealth now = (before == null ? SlmHealth.empty() : before)
                .record(decision.fallback() != null, settings.rollbackWindow());
        if (!inForce.enableSlmPipeline() || !now.unhealthy(settings.rollbackMinTurns(), settings.rollbackFallbackRate())) {
            health.put(scope, now);
            return;
        }
        health.delete(scope);
        FlagUpdate current = flags.scope(scope);
        long nowMs = context.currentSystemTimeMs();
        FlagUpdate off = new FlagUpdate(FlagUpdate.VERSION, scope, false,
                current == null ? null : current.slmCanaryPercent(), UPDATED_BY,
                OffsetDateTime.ofInstant(Instant.ofEpochMilli(nowMs), ZoneOffset.UTC));
        telemetry.rolledBack(TurnTelemetry.ROLLBACK_FALLBACK_RATE);
        log.error("automatic rollback to legacy scope={} fallback_rate={} turns={} threshold={}", scope,
                String.format(java.util.Locale.ROOT, "%.2f", now.fallbackRate()), now.fellBack().size(),
                settings.rollbackFallbackRate());
        context.forward(new Record<>(scope, off, nowMs));
    }
}
