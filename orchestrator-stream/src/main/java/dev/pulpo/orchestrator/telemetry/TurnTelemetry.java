package dev.pulpo.orchestrator.telemetry;

import dev.pulpo.orchestrator.policy.Verdict;
import dev.pulpo.orchestrator.slm.ModelStage;
import dev.pulpo.schemas.event.ConversationId;
import dev.pulpo.schemas.event.Decision;
import dev.pulpo.schemas.event.Timings;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The numbers operators roll the SLM route out by: the TELEMETRY line of the integration guide (fields
 * in its order, so its grep/sort recipes work) and the Prometheus metrics its queries use.
 */
@Component
public class TurnTelemetry {
    private static final Logger log = LoggerFactory.getLogger(TurnTelemetry.class);
    private static final double[] LATENCY_BUCKETS_MS = {25, 50, 100, 250, 500, 800, 1000, 1200, 1500, 2000, 3000, 5000,
            10000};
    private static final double[] CONFIDENCE_BUCKETS = {0.5, 0.6, 0.7, 0.8, 0.9, 1.0};
    private static final double[] ACTION_BUCKETS = {1, 2, 3, 4, 5};

    public static final String ROLLBACK_FALLBACK_RATE = "fallback_rate";
    /** A customer's message dropped because too many of theirs already wait behind a turn in flight. */
    public static final String DROPPED_QUEUE_FULL = "queue_full";
    private static final List<String> FALLBACK_REASONS = List.of(Decision.FALLBACK_TIMEOUT,
            Decision.FALLBACK_MODEL_ERROR, Decision.FALLBACK_INVALID_OUTPUT, Decision.FALLBACK_LOW_CONFIDENCE);

    private final MeterRegistry meters;

    public TurnTelemetry(MeterRegistry meters) {
        this.meters = meters;
        // Counters exist at 0 from the start: rate() and increase() cannot see a series whose first sample is 1.
        for (String route : List.of(Decision.ROUTE_LEGACY, Decision.ROUTE_SLM)) {
            Counter.builder("orchestrator.requests").tag("route", route).register(meters);
            Counter.builder("orchestrator.errors").tag("route", route).register(meters);
            Counter.builder("orchestrator.policy.checks").tag("route", route).register(meters);
            for (String reason : List.of(Verdict.UNKNOWN_TOOL, Verdict.INVALID_ARGS, Verdict.TOO_MANY_ACTIONS)) {
                Counter.builder("orchestrator.policy.denials").tag("route", route).tag("reason", reason)
                        .register(meters);
            }
        }
        for (String reason : FALLBACK_REASONS) {
            Counter.builder("orchestrator.fallbacks").tag("reason", reason)
                    .description("slm_pipeline turns answered by the legacy pipeline, by why").register(meters);
        }
        for (String agree : List.of("true", "false")) {
            Counter.builder("orchestrator.shadow.agreement").tag("agree", agree)
                    .description("slm_pipeline turns whose extracted intent the legacy rules, run in shadow, agree with")
                    .register(meters);
        }
        Counter.builder("orchestrator.rollbacks").tag("reason", ROLLBACK_FALLBACK_RATE)
                .description("automatic rollbacks of the SLM pipeline to legacy").register(meters);
        messagesDropped(DROPPED_QUEUE_FULL);
    }

    /** A customer's message the orchestrator dropped without a turn, by why ({@value #DROPPED_QUEUE_FULL}). */
    public void messageDropped(String reason) {
        messagesDropped(reason).increment();
    }

    private Counter messagesDropped(String reason) {
        return Counter.builder("orchestrator.messages.dropped").tag("reason", reason)
                .description("customer messages dropped without a turn, by why").register(meters);
    }

    /** One model call's outcome ({@code ok}, {@code timeout}, {@code error}, {@code invalid}) and latency. */
    public void modelAnswered(ModelStage stage, String outcome, long durationMs) {
        Counter.builder("orchestrator.model.calls").tag("stage", stage.wire()).tag("outcome", outcome)
                .register(meters).increment();
        DistributionSummary.builder("orchestrator.model.latency.ms").tag("stage", stage.wire())
                .description("A model call's latency as the turn waited for it, in ms")
                .serviceLevelObjectives(LATENCY_BUCKETS_MS).register(meters).record(durationMs);
    }

    public void fellBack(String reason) {
        Counter.builder("orchestrator.fallbacks").tag("reason", reason).register(meters).increment();
    }

    public void shadowCompared(boolean agree) {
        Counter.builder("orchestrator.shadow.agreement").tag("agree", Boolean.toString(agree)).register(meters)
                .increment();
    }

    public void rolledBack(String reason) {
        Counter.builder("orchestrator.rollbacks").tag("reason", reason).register(meters).increment();
    }

    /** One line and the metrics for a turn that ended with a final decision. */
    public void turnDecided(Decision decision, boolean failed) {
        Timings t = decision.debug();
        log.info(line(decision));
        log.info("turn decided decision_id={} snapshot_id={} conversation={} route={} intent={} actions={}{}",
                decision.decisionId(), decision.snapshotId(), ConversationId.masked(decision.conversationId()),
                decision.route(), decision.intent(), decision.actions().size(),
                decision.fallback() == null ? "" : " fallback=" + decision.fallback());
        String route = decision.route();
        Counter.builder("orchestrator.requests").tag("route", route).register(meters).increment();
        if (failed) {
            Counter.builder("orchestrator.errors").tag("route", route).register(meters).increment();
        }
        DistributionSummary.builder("orchestrator.latency.ms").tag("route", route)
                .description("A turn's total latency, from the snapshot written to the final decision, in ms")
                .serviceLevelObjectives(LATENCY_BUCKETS_MS).register(meters).record(t.tTotalMs());
        DistributionSummary.builder("orchestrator.confidence").tag("route", route)
                .serviceLevelObjectives(CONFIDENCE_BUCKETS).register(meters).record(decision.confidence());
        DistributionSummary.builder("orchestrator.actions.per.turn").tag("route", route)
                .serviceLevelObjectives(ACTION_BUCKETS).register(meters).record(decision.actions().size());
    }

    /** Counts every call the policy looked at, and logs each denial with {@code policy_denied}. */
    public void policyChecked(String route, String conversationId, Verdict verdict) {
        Counter.builder("orchestrator.policy.checks").tag("route", route).register(meters).increment();
        if (!verdict.allowed()) {
            Counter.builder("orchestrator.policy.denials").tag("route", route).tag("reason", verdict.reasonCode())
                    .register(meters).increment();
            log.warn("policy_denied route={} conversation={} tool={} reason={} detail=\"{}\"", route,
                    ConversationId.masked(conversationId), verdict.call().tool(), verdict.reasonCode(),
                    verdict.reason());
        }
    }

    /** The integration guide's TELEMETRY line; nothing before the word TELEMETRY holds a '='. */
    public static String line(Decision d) {
        Timings t = d.debug();
        return String.format(Locale.ROOT,
                "TELEMETRY route=%s workspace=%s intent=%s confidence=%.2f actions=%d t_extract_ms=%d t_plan_ms=%d "
                        + "t_policy_ms=%d t_broker_ms=%d t_reduce_ms=%d t_nlg_ms=%d t_total_ms=%d",
                d.route(), d.workspaceId(), d.intent(), d.confidence(), d.actions().size(), t.tExtractMs(),
                t.tPlanMs(), t.tPolicyMs(), t.tBrokerMs(), t.tReduceMs(), t.tNlgMs(), t.tTotalMs());
    }
}
