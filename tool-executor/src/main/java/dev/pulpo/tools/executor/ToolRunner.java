package dev.pulpo.tools.executor;

import dev.pulpo.schemas.event.ConversationId;
import dev.pulpo.schemas.event.ToolCall;
import dev.pulpo.schemas.event.ToolResult;
import dev.pulpo.schemas.event.Workspace;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Runs one call and says how it went. It refuses a tool the workspace does not allow even though the
 * orchestrator's policy already checked it: a call may come from anywhere that can write the topic.
 */
@Component
public class ToolRunner {
    private static final Logger log = LoggerFactory.getLogger(ToolRunner.class);

    private final BuiltinTools builtins;
    private final MeterRegistry meters;

    public ToolRunner(BuiltinTools builtins, MeterRegistry meters) {
        this.builtins = builtins;
        this.meters = meters;
    }

    public ToolResult run(ToolCall call, Workspace workspace, long wallClockMs) {
        long started = System.nanoTime();
        String status;
        Map<String, Object> result = Map.of();
        String error = null;
        if (workspace == null) {
            status = ToolResult.FAILED;
            error = "unknown workspace " + call.workspaceId();
        } else if (!workspace.policy().tools().contains(call.tool())) {
            status = ToolResult.DENIED;
            error = "tool " + call.tool() + " is not in the workspace's manifest";
        } else {
            Optional<Map<String, Object>> output = builtins.run(call, workspace);
            if (output.isPresent()) {
                status = ToolResult.OK;
                result = output.get();
            } else {
                status = ToolResult.FAILED;
                error = "tool " + call.tool() + " is not available on this tool-executor";
            }
        }
        long durationMs = (System.nanoTime() - started) / 1_000_000;
        meters.counter("tool.calls", "tool", call.tool(), "status", status).increment();
        log.info("tool_status={} tool={} call_id={} conversation={} duration_ms={}{}", status, call.tool(),
                call.callId(), ConversationId.masked(call.conversationId()), durationMs,
                error == null ? "" : " error=\"" + error + "\"");
        return new ToolResult(ToolResult.VERSION, call.callId(), call.decisionId(), call.conversationId(),
                call.workspaceId(), call.tool(), status, result, error, durationMs,
                OffsetDateTime.ofInstant(Instant.ofEpochMilli(wallClockMs), ZoneOffset.UTC));
    }
}
