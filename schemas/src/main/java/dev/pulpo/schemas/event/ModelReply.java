package dev.pulpo.schemas.event;

import java.time.OffsetDateTime;

/**
 * A language model's answer to one stage of an SLM turn (extract, plan, nlg), or why there is none. The
 * orchestrator's model worker calls the model off the stream thread and writes this back, keyed by the
 * conversation id, so the turn goes on in the task that owns the conversation.
 *
 * @param requestId unique per model call; a reply the turn no longer waits for is ignored
 * @param outcome   {@code ok}, {@code timeout} or {@code error}; whether an ok content is usable is the
 *                  orchestrator's call
 * @param content   the model's text (JSON for extract and plan), when ok
 */
public record ModelReply(
        int schemaVersion,
        String requestId,
        String decisionId,
        String conversationId,
        String workspaceId,
        String stage,
        String model,
        String outcome,
        String content,
        String error,
        long durationMs,
        OffsetDateTime completedAt) {

    public static final int VERSION = 1;
    public static final String OK = "ok";
    public static final String TIMEOUT = "timeout";
    public static final String ERROR = "error";

    public ModelReply {
        Require.text(requestId, "request_id");
        Require.text(decisionId, "decision_id");
        Require.text(conversationId, "conversation_id");
        Require.text(workspaceId, "workspace_id");
        Require.text(stage, "stage");
        Require.text(outcome, "outcome");
    }

    public boolean ok() {
        return OK.equals(outcome);
    }
}
