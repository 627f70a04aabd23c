package dev.pulpo.tools.stream;

import dev.pulpo.kafka.streams.errors.Punctuations;
import dev.pulpo.schemas.event.ToolCall;
import dev.pulpo.schemas.event.ToolResult;
import dev.pulpo.tools.ToolExecutorSettings;
import dev.pulpo.tools.executor.ToolRunner;
import dev.pulpo.tools.stream.ToolExecutorTopology.CallInWorkspace;
import java.time.Instant;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * Runs a call that needs no calendar on the conversation's partition: a built-in read-only tool, or an HTTP tool.
 *
 * <p>An HTTP tool blocks this stream thread while it waits. That is bounded, not avoided: one attempt waits at
 * most the tool's {@code timeout_ms}, a whole call at most the HTTP tools' call budget, and once a tool keeps
 * failing its circuit opens and its calls fail at once without a request. So a dead business API costs the other
 * conversations a few timeouts, not a stall. Running calls on a thread pool instead would need their results
 * written by a producer of our own, outside this task's exactly-once transaction: a crash between the request and
 * the commit could then lose a result or run a call twice. Here the request, the stored result and the written
 * result commit together or not at all (the transaction timeout leaves room for a whole call budget).
 */
final class RunToolProcessor implements FixedKeyProcessor<String, CallInWorkspace, ToolResult> {
    private final ToolRunner runner;
    private final ToolExecutorSettings settings;
    private FixedKeyProcessorContext<String, ToolResult> context;
    private ResultsByCall resultsByCall;

    RunToolProcessor(ToolRunner runner, ToolExecutorSettings settings) {
        this.runner = runner;
        this.settings = settings;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, ToolResult> context) {
        this.context = context;
        this.resultsByCall = new ResultsByCall(context.getStateStore(ToolExecutorTopology.RUN_TOOL_RESULTS_BY_CALL_STORE),
                runner);
        // A sweep that fails is logged and counted, and runs again at its next time (kafka-support's Punctuations).
        context.schedule(settings.retentionSweep(), PunctuationType.WALL_CLOCK_TIME, Punctuations.guarded(context,
                "drop-old-tool-results", now -> resultsByCall.dropOlderThan(Instant.ofEpochMilli(now).minus(settings.resultRetention()))));
    }

    @Override
    public void process(FixedKeyRecord<String, CallInWorkspace> record) {
        ToolCall call = record.value().call();
        long now = context.currentSystemTimeMs();
        ToolResult result = resultsByCall.answered(call, now).orElseGet(() -> {
            // A call that is not idempotent must never reach its API twice, so every call's result is kept.
            ToolResult once = runner.run(call, record.value().workspace(), now);
            resultsByCall.remember(once);
            return once;
        });
        context.forward(record.withValue(result));
    }
}
