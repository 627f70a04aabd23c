package dev.pulpo.orchestrator.policy;

import dev.pulpo.orchestrator.dialogue.PlannedCall;

/**
 * The policy's answer for one planned call.
 *
 * @param reasonCode for metrics: {@code unknown_tool}, {@code invalid_args}, {@code too_many_actions}; null when allowed
 * @param reason     for people: what exactly was wrong
 */
public record Verdict(PlannedCall call, boolean allowed, String reasonCode, String reason) {
    public static final String UNKNOWN_TOOL = "unknown_tool";
    public static final String INVALID_ARGS = "invalid_args";
    public static final String TOO_MANY_ACTIONS = "too_many_actions";

    public static Verdict allow(PlannedCall call) {
        return new Verdict(call, true, null, null);
    }

    public static Verdict deny(PlannedCall call, String code, String reason) {
        return new Verdict(call, false, code, reason);
    }
}
