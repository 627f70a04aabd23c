package dev.pulpo.orchestrator.dialogue;

import java.util.List;
import java.util.Map;

/**
 * What the dialogue decided for a step of a turn: either tool calls to make first, or the reply.
 *
 * @param slots the conversation's slots after this step, as the decision reports them
 * @param flow  the dialogue in progress after the turn ({@code book}, {@code reschedule}), or null
 * @param keep  the slots the conversation keeps for its next turn (a finished booking keeps none)
 */
public record Plan(
        String intent,
        double confidence,
        Map<String, String> slots,
        String flow,
        Map<String, String> keep,
        List<PlannedCall> calls,
        String reply) {

    public Plan {
        slots = slots == null ? Map.of() : Map.copyOf(slots);
        keep = keep == null ? slots : Map.copyOf(keep);
        calls = calls == null ? List.of() : List.copyOf(calls);
    }

    public static Plan reply(String intent, double confidence, Map<String, String> slots, String flow, String reply) {
        return new Plan(intent, confidence, slots, flow, slots, List.of(), reply);
    }

    public static Plan call(String intent, double confidence, Map<String, String> slots, String flow,
            PlannedCall... calls) {
        return new Plan(intent, confidence, slots, flow, slots, List.of(calls), null);
    }

    public Plan keeping(Map<String, String> kept) {
        return new Plan(intent, confidence, slots, flow, kept, calls, reply);
    }

    public boolean callsTools() {
        return !calls.isEmpty();
    }
}
