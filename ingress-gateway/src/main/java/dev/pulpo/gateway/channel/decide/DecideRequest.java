package dev.pulpo.gateway.channel.decide;

/** The body of {@code POST /orchestrator/decide}, as the integration guide's callers send it. */
public record DecideRequest(String userPhone, String text, String messageId, String channel, String workspaceId) {

    /** The same request for another workspace: the one {@code X-Workspace-Id} names. */
    public DecideRequest withWorkspaceId(String workspace) {
        return new DecideRequest(userPhone, text, messageId, channel, workspace);
    }
}
