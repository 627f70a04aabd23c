package dev.pulpo.tools.executor;

import dev.pulpo.schemas.event.ConversationId;
import dev.pulpo.schemas.event.ToolCall;
import dev.pulpo.schemas.event.ToolResult;
import dev.pulpo.schemas.event.ToolSpec;
import dev.pulpo.schemas.event.Workspace;
import dev.pulpo.tools.httptool.HttpTools;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Runs one call and says how it went: the checks every tool shares, then one result, one metric and one log line
 * per call. It refuses a tool the workspace does not allow even though the orchestrator's policy already checked it:
 * a call may come from anywhere that can write the topic.
 */
@Component
public class ToolRunner {
    private static final Logger log = LoggerFactory.getLogger(ToolRunner.class);
    private static final double[] DURATION_SLO_MS = {5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000};

    private final BuiltinTools builtins;
    private final HttpTools httpTools;
    private final MeterRegistry meters;

    public ToolRunner(BuiltinTools builtins, HttpTools httpTools, MeterRegistry meters) {
        this.builtins = builtins;
        this.httpTools = httpTools;
        this.meters = meters;
    }

    /**
     * Runs a tool that needs no calendar: one whose manifest entry is {@code http} ({@link HttpTools}, which may
     * block up to its call budget), else one answered from the workspace alone ({@link BuiltinTools}); any other
     * tool fails.
     */
    public ToolResult run(ToolCall call, Workspace workspace, long wallClockMs) {
        long started = System.nanoTime();
        ToolAnswer answer = refusal(call, workspace, wallClockMs).orElseGet(() -> workspace.tool(call.tool())
                .filter(spec -> ToolSpec.HTTP.equals(spec.kind()))
                .map(spec -> httpTools.run(call, spec, timeLeft(call, wallClockMs)))
                .orElseGet(() -> builtins.run(call, workspace)
                        .map(ToolAnswer::ok)
                        .orElseGet(() -> ToolAnswer.failed("tool " + call.tool() + " is not available on this tool-executor"))));
        return finish(call, answer, started, wallClockMs);
    }

    /**
     * Why the call must not run at all: its caller stopped waiting (past its deadline, the customer was already
     * told it could not be done, so it must not happen now), its workspace is unknown, or the workspace does not
     * allow the tool.
     */
    public Optional<ToolAnswer> refusal(ToolCall call, Workspace workspace, long wallClockMs) {
        Duration left = timeLeft(call, wallClockMs);
        if (!left.isPositive()) {
            return Optional.of(new ToolAnswer(ToolResult.TIMEOUT, Map.of(), "not run: its deadline passed "
                    + left.negated().toMillis() + " ms before it could run"));
        }
        if (workspace == null) {
            return Optional.of(ToolAnswer.failed("unknown workspace " + call.workspaceId()));
        }
        if (!workspace.policy().tools().contains(call.tool())) {
            return Optional.of(ToolAnswer.denied("tool " + call.tool() + " is not in the workspace's manifest"));
        }
        return Optional.empty();
    }

    /** Until the call's deadline; a call without one has the longest a tool may take. */
    static Duration timeLeft(ToolCall call, long wallClockMs) {
        if (call.deadline() == null) {
            return ChronoUnit.FOREVER.getDuration();
        }
        return Duration.ofMillis(call.deadline().toInstant().toEpochMilli() - wallClockMs);
    }

    /** The result of a call that ran (or was refused), counted, timed and logged. */
    public ToolResult finish(ToolCall call, ToolAnswer answer, long startedNanos, long wallClockMs) {
        double elapsedMs = (System.nanoTime() - startedNanos) / 1_000_000.0;
        long durationMs = (long) elapsedMs;
        meters.counter("tool.calls", "tool", call.tool(), "status", answer.status()).increment();
        DistributionSummary.builder("tool.call.duration.ms")
                .description("Time to run one tool call, in milliseconds")
                .tag("tool", call.tool())
                .serviceLevelObjectives(DURATION_SLO_MS)
                .register(meters)
                .record(elapsedMs);
        log.info("tool_status={} tool={} call_id={} conversation={} duration_ms={}{}", answer.status(), call.tool(),
                call.callId(), ConversationId.masked(call.conversationId()), durationMs,
                answer.error() == null ? "" : " error=\"" + answer.error() + "\"");
        return new ToolResult(ToolResult.VERSION, call.callId(), call.decisionId(), call.conversationId(),
                call.workspaceId(), call.tool(), answer.status(), answer.result(), answer.error(), durationMs,
                OffsetDateTime.ofInstant(Instant.ofEpochMilli(wallClockMs), ZoneOffset.UTC));
    }

    /** A call seen again: its stored result goes out once more, and nothing runs. */
    public void replayed(ToolCall call, ToolResult stored) {
        Counter.builder("tool.calls.replayed")
                .description("Tool calls answered from the stored result of the same call id")
                .tag("tool", call.tool())
                .register(meters)
                .increment();
        log.info("tool_status={} tool={} call_id={} conversation={} replayed=true", stored.status(), call.tool(),
                call.callId(), ConversationId.masked(call.conversationId()));
    }
}
