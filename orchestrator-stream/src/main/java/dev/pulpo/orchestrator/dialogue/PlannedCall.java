package dev.pulpo.orchestrator.dialogue;

import java.util.Map;

/** A tool call the dialogue wants made, before the policy has looked at it. */
public record PlannedCall(String tool, Map<String, Object> args) {
    public PlannedCall {
        args = args == null ? Map.of() : Map.copyOf(args);
    }
}
