package dev.pulpo.gateway.channel.decide;

/** The body of {@code POST /chat}: {@code {"workspace_id": "optional", "user": "+549...", "text": "hola"}}. */
public record ChatRequest(String workspaceId, String user, String text) {
    public ChatRequest withWorkspaceId(String workspace) {
        return new ChatRequest(workspace, user, text);
    }
}
