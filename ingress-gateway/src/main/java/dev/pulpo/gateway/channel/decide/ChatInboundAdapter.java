package dev.pulpo.gateway.channel.decide;

import dev.pulpo.gateway.channel.ChannelAdapter;
import dev.pulpo.gateway.channel.InboundWorkspaces;
import dev.pulpo.gateway.channel.MessageText;
import dev.pulpo.gateway.web.Phones;
import dev.pulpo.schemas.event.Channel;
import dev.pulpo.schemas.event.ConversationId;
import dev.pulpo.schemas.event.InboundSnapshot;
import dev.pulpo.schemas.event.Workspace;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * A {@code POST /chat} body → a {@code chat} snapshot whose reply is only the HTTP answer
 * ({@code reply_via: none}). A chat sends no message id: each post is a new message, never a repeat.
 */
@Component
public class ChatInboundAdapter implements ChannelAdapter<ChatRequest> {
    private final InboundWorkspaces workspaces;
    private final Clock clock;

    public ChatInboundAdapter(InboundWorkspaces workspaces) {
        this.workspaces = workspaces;
        this.clock = Clock.systemUTC();
    }

    @Override
    public InboundSnapshot toSnapshot(ChatRequest request) {
        Workspace workspace = workspaces.byId(request.workspaceId(), "workspace_id", DecideInboundAdapter.NO_WORKSPACE);
        String phone = Phones.requireE164(request.user(), "user");
        String text = MessageText.required(request.text(), "text");
        return new InboundSnapshot(InboundSnapshot.VERSION, UUID.randomUUID().toString(),
                ConversationId.of(workspace.workspaceId(), phone), workspace.workspaceId(), phone, Channel.CHAT, null,
                text, List.of(), null, null, InboundSnapshot.REPLY_VIA_NONE, OffsetDateTime.now(clock));
    }
}
