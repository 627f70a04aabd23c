package dev.pulpo.schemas.event;

import java.time.OffsetDateTime;
import java.util.Map;

/** The outcome of one tool call: {@code ok}, {@code failed}, {@code denied} or {@code timeout}. */
public record ToolResult(
        int schemaVersion,
        String callId,
        String decisionId,
        String conversationId,
        String workspaceId,
        String tool,
        String status,
        Map<String, Object> result,
        String error,
        long durationMs,
        OffsetDateTime completedAt) {

    public static final int VERSION = 1;
    public static final String OK = "ok";
    public static final String FAILED = "failed";
    public static final String DENIED = "denied";
    public static final String TIMEOUT = "timeout";

    public ToolResult {
        Require.text(callId, "call_id");
        Require.text(decisionId, "decision_id");
        Require.text(conversationId, "conversation_id");
        Require.text(workspaceId, "workspace_id");
        Require.text(tool, "tool");
        Require.text(status, "status");
        result = result == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(result));
    }

    public boolean ok() {
        return OK.equals(status);
    }
}
