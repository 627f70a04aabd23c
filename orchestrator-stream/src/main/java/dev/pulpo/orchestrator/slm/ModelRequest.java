package dev.pulpo.orchestrator.slm;

import java.time.Duration;

/**
 * One model call a turn waits for: which model, what to ask, how long it may take. Kept in the pending turn,
 * so the ids tie the answer on {@code model-replies} back to it.
 *
 * @param requestId {@code <decision id>:<stage>:<attempt>}, unique per call
 * @param json      whether the answer must be a JSON object (extract and plan) or free text (nlg)
 */
public record ModelRequest(
        String requestId,
        String decisionId,
        String conversationId,
        String workspaceId,
        ModelStage stage,
        int attempt,
        String model,
        String system,
        String user,
        boolean json,
        Duration timeout) {

    public static String id(String decisionId, ModelStage stage, int attempt) {
        return decisionId + ":" + stage.wire() + ":" + attempt;
    }
}
