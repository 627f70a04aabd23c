package dev.pulpo.gateway.channel.n8n;

/**
 * The body of {@code POST /ingress/messages}, as an n8n flow (or any system) hands a message in.
 *
 * @param channel       {@code n8n} unless given ({@code twilio}, {@code api}, {@code chat} also accepted)
 * @param replyVia      {@code twilio} to have the reply sent through Twilio, {@code none} (default) otherwise
 * @param businessPhone the business number to reply from when {@code reply_via} is twilio (optional)
 */
public record IngressMessage(String workspaceId, String userPhone, String text, String messageId, String channel,
        String replyVia, String profileName, String businessPhone) {
    public IngressMessage withWorkspaceId(String workspace) {
        return new IngressMessage(workspace, userPhone, text, messageId, channel, replyVia, profileName, businessPhone);
    }
}
