package dev.pulpo.schemas.event;

import java.util.Map;

/**
 * A tool call as a decision records it.
 *
 * @param status {@code planned} until its result arrives, then the result's status
 *               ({@code ok}, {@code failed}, {@code denied}, {@code timeout})
 * @param reason why a call was denied or failed, when it was
 */
public record Action(String callId, String tool, Map<String, Object> args, String status, String reason) {
    public static final String PLANNED = "planned";

    public Action {
        Require.text(tool, "tool");
        Require.text(status, "status");
        args = args == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(args));
    }

    public Action withOutcome(String newStatus, String newReason) {
        return new Action(callId, tool, args, newStatus, newReason);
    }
}
