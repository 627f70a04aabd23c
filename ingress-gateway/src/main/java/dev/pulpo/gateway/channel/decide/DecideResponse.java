package dev.pulpo.gateway.channel.decide;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.pulpo.schemas.event.Decision;
import dev.pulpo.schemas.event.Timings;
import java.util.List;
import java.util.Map;

/**
 * The answer of the synchronous endpoints, as docs/ARCHITECTURE.md gives it, plus {@code fallback}: why a
 * {@code slm_pipeline} turn was answered by legacy (absent when it was not).
 */
public record DecideResponse(
        String decisionId,
        String conversationId,
        String route,
        String intent,
        double confidence,
        Map<String, String> slots,
        List<ActionSummary> actions,
        String assistant,
        String pipelineVersion,
        Timings debug,
        @JsonInclude(JsonInclude.Include.NON_NULL) String fallback) {

    /** A tool call of the turn and how it went. */
    public record ActionSummary(String tool, String status) {
    }

    public static DecideResponse of(Decision d) {
        return new DecideResponse(d.decisionId(), d.conversationId(), d.route(), d.intent(), d.confidence(), d.slots(),
                d.actions().stream().map(a -> new ActionSummary(a.tool(), a.status())).toList(), d.assistant(),
                d.pipelineVersion(), d.debug(), d.fallback());
    }
}
