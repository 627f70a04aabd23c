package dev.pulpo.ops.replay;

import dev.pulpo.schemas.event.Decision;
import dev.pulpo.schemas.event.ToolResult;
import java.util.List;
import java.util.Map;

/**
 * What the system did with one turn of a replayed conversation, as its final decision says.
 *
 * @param decision   the turn's final decision, or null when none came
 * @param latencyMs  from sending the snapshot to reading its final decision
 * @param noDecision why there is no decision, when there is none
 */
public record PlayedTurn(Decision decision, long latencyMs, String noDecision) {

    public static PlayedTurn decided(Decision decision, long latencyMs) {
        return new PlayedTurn(decision, latencyMs, null);
    }

    public static PlayedTurn unanswered(String why) {
        return new PlayedTurn(null, 0, why);
    }

    public boolean answered() {
        return decision != null;
    }

    public String intent() {
        return decision == null ? null : decision.intent();
    }

    public Map<String, String> slots() {
        return decision == null ? Map.of() : decision.slots();
    }

    /** The tools executed in the turn, in order: every action the policy did not deny. */
    public List<String> executedTools() {
        return executedTools(decision);
    }

    public String reply() {
        return decision == null ? null : decision.assistant();
    }

    public String route() {
        return decision == null ? null : decision.route();
    }

    /** The tools a decision executed, in order: every action whose status is not {@code denied}. */
    public static List<String> executedTools(Decision decision) {
        if (decision == null) {
            return List.of();
        }
        return decision.actions().stream()
                .filter(a -> !ToolResult.DENIED.equals(a.status()))
                .map(a -> a.tool())
                .toList();
    }
}
