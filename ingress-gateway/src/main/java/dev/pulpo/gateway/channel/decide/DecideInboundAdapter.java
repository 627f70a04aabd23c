package dev.pulpo.gateway.channel.decide;

import dev.pulpo.gateway.channel.ChannelAdapter;
import dev.pulpo.gateway.channel.FieldLimits;
import dev.pulpo.gateway.channel.InboundWorkspaces;
import dev.pulpo.gateway.channel.MessageText;
import dev.pulpo.gateway.web.BadRequestException;
import dev.pulpo.gateway.web.Phones;
import dev.pulpo.schemas.event.Channel;
import dev.pulpo.schemas.event.ConversationId;
import dev.pulpo.schemas.event.InboundSnapshot;
import dev.pulpo.schemas.event.TurnIds;
import dev.pulpo.schemas.event.Workspace;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * A {@code POST /orchestrator/decide} body → a snapshot whose reply is only the HTTP answer
 * ({@code reply_via: none}). The channel is the caller's, {@code api} when it names none or names
 * {@code twilio}: a twilio snapshot is what Twilio's own webhook writes.
 */
@Component
public class DecideInboundAdapter implements ChannelAdapter<DecideRequest> {
    /** Both synchronous endpoints say so: /orchestrator/decide names the workspace in a header or the body. */
    static final String NO_WORKSPACE = "no workspace: send X-Workspace-Id or workspace_id, or set DEFAULT_WORKSPACE_ID";

    private final InboundWorkspaces workspaces;
    private final Clock clock;

    public DecideInboundAdapter(InboundWorkspaces workspaces) {
        this.workspaces = workspaces;
        this.clock = Clock.systemUTC();
    }

    @Override
    public InboundSnapshot toSnapshot(DecideRequest request) {
        Workspace workspace = workspaces.byId(request.workspaceId(), "workspace_id", NO_WORKSPACE);
        String phone = Phones.requireE164(request.userPhone(), "user_phone");
        Channel channel = channel(request.channel());
        String text = MessageText.required(request.text(), "text");
        String messageId = FieldLimits.messageId(request.messageId(), "message_id");
        String conversationId = ConversationId.of(workspace.workspaceId(), phone);
        return new InboundSnapshot(InboundSnapshot.VERSION, TurnIds.snapshotId(conversationId, messageId),
                conversationId, workspace.workspaceId(), phone, channel,
                messageId, text, List.of(), null, null, InboundSnapshot.REPLY_VIA_NONE,
                OffsetDateTime.now(clock));
    }

    private static Channel channel(String raw) {
        if (raw == null || raw.isBlank()) {
            return Channel.API;
        }
        for (Channel c : Channel.values()) {
            if (c.wire().equals(raw)) {
                return c == Channel.TWILIO ? Channel.API : c;
            }
        }
        throw new BadRequestException(HttpStatus.BAD_REQUEST, "unknown channel '" + raw + "'", "channel");
    }
}
