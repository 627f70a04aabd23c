package dev.pulpo.schemas.event;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/**
 * What the orchestrator decided for one turn. A turn that calls tools gives two decisions with the same
 * id: one with {@code final=false} and the planned calls, then the final one with the results and the
 * reply. A turn without tools gives only the final one.
 *
 * @param slots    the conversation's slots after this turn ({@code service}, {@code date}, {@code time})
 * @param route    the route the canary chose for the turn
 * @param fallback why a {@code slm_pipeline} turn was answered by the legacy pipeline ({@code timeout},
 *                 {@code model_error}, {@code invalid_output}, {@code low_confidence}); null when it was not
 */
public record Decision(
        int schemaVersion,
        String decisionId,
        String snapshotId,
        String conversationId,
        String workspaceId,
        Channel channel,
        String route,
        String intent,
        double confidence,
        Map<String, String> slots,
        List<Action> actions,
        String assistant,
        @com.fasterxml.jackson.annotation.JsonProperty("final") boolean isFinal,
        String pipelineVersion,
        Timings debug,
        OffsetDateTime decidedAt,
        String fallback) {

    public static final int VERSION = 1;
    public static final String ROUTE_LEGACY = "legacy";
    public static final String ROUTE_SLM = "slm_pipeline";
    public static final String FALLBACK_TIMEOUT = "timeout";
    public static final String FALLBACK_MODEL_ERROR = "model_error";
    public static final String FALLBACK_INVALID_OUTPUT = "invalid_output";
    public static final String FALLBACK_LOW_CONFIDENCE = "low_confidence";

    public Decision {
        Require.text(decisionId, "decision_id");
        Require.text(snapshotId, "snapshot_id");
        Require.text(conversationId, "conversation_id");
        Require.text(workspaceId, "workspace_id");
        Require.text(route, "route");
        Require.text(intent, "intent");
        if (confidence < 0 || confidence > 1) {
            throw new IllegalArgumentException("confidence must be within [0,1], was " + confidence);
        }
        slots = slots == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(slots));
        actions = actions == null ? List.of() : List.copyOf(actions);
        debug = debug == null ? Timings.ZERO : debug;
    }
}
