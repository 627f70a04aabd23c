package dev.pulpo.schemas.event;

import java.time.OffsetDateTime;
import java.util.Map;

/**
 * One call of a workspace's tool, after the policy allowed it.
 *
 * @param callId   unique per call; the tool executor never acts twice on the same id
 * @param turnTime the turn's clock, so a calendar answers for the customer's "now", not the wall's
 * @param deadline when the caller stops waiting for the result
 */
public record ToolCall(
        int schemaVersion,
        String callId,
        String decisionId,
        String conversationId,
        String workspaceId,
        String tool,
        Map<String, Object> args,
        OffsetDateTime turnTime,
        OffsetDateTime deadline) {

    public static final int VERSION = 1;

    public ToolCall {
        Require.text(callId, "call_id");
        Require.text(decisionId, "decision_id");
        Require.text(conversationId, "conversation_id");
        Require.text(workspaceId, "workspace_id");
        Require.text(tool, "tool");
        Require.present(turnTime, "turn_time");
        args = args == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(args));
    }
}
