package dev.pulpo.tools;

import dev.pulpo.schemas.DemoWorkspace;
import dev.pulpo.schemas.event.ConversationId;
import dev.pulpo.schemas.event.ToolCall;
import dev.pulpo.schemas.event.ToolNames;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;

/** Tool calls as the orchestrator sends them, to the demo salon, on a fixed turn clock. */
public final class TestCalls {
    /** Wednesday 2025-01-15, 10:00 in Buenos Aires: Thursday is bookable from 09:00. */
    public static final OffsetDateTime TURN_TIME = OffsetDateTime.parse("2025-01-15T10:00:00-03:00");
    /** A deadline no test's wall clock reaches: the turn's clock is in 2025, the test drivers' in 2026. */
    public static final OffsetDateTime NOT_SOON = OffsetDateTime.parse("2099-01-01T00:00:00Z");
    public static final String THURSDAY = "2025-01-16";
    public static final String SUNDAY = "2025-01-19";

    private TestCalls() {
    }

    /** The demo salon's customer whose phone ends in {@code n}: {@code +54911555} followed by five digits. */
    public static String customer(int n) {
        return ConversationId.of(DemoWorkspace.ID, "+54911555%05d".formatted(n));
    }

    public static ToolCall call(String callId, String conversationId, String tool, Map<String, Object> args) {
        return new ToolCall(ToolCall.VERSION, callId, "decision-" + callId, conversationId,
                ConversationId.workspaceOf(conversationId), tool, args, TURN_TIME, NOT_SOON);
    }

    public static ToolCall book(String callId, String conversationId, String service, String date, String time) {
        return call(callId, conversationId, ToolNames.BOOK_APPOINTMENT, args("service", service, "date", date, "time", time));
    }

    /** A map of the given name, value pairs, in order. */
    public static Map<String, Object> args(Object... pairs) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put((String) pairs[i], pairs[i + 1]);
        }
        return m;
    }
}
