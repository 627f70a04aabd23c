package dev.pulpo.schemas.event;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * A conversation handed to a person ({@code kind=handoff}), or given back to the assistant
 * ({@code kind=release}).
 *
 * @param lastTurns the latest messages, oldest first, so whoever takes over has the context
 */
public record Handoff(
        int schemaVersion,
        String conversationId,
        String workspaceId,
        String kind,
        String reason,
        List<Turn> lastTurns,
        OffsetDateTime at) {

    public static final int VERSION = 1;
    public static final String HANDOFF = "handoff";
    public static final String RELEASE = "release";

    public Handoff {
        Require.text(conversationId, "conversation_id");
        Require.text(workspaceId, "workspace_id");
        Require.text(kind, "kind");
        Require.present(at, "at");
        lastTurns = lastTurns == null ? List.of() : List.copyOf(lastTurns);
    }

    /** One message of the conversation: who wrote it ({@code customer} or {@code assistant}) and what. */
    public record Turn(String role, String text, OffsetDateTime at) {
    }
}
