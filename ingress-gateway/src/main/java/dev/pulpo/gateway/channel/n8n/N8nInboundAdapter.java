package dev.pulpo.gateway.channel.n8n;

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
import java.util.Locale;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * A message an n8n flow (or any system) hands in → a snapshot. The caller names the workspace (else
 * DEFAULT_WORKSPACE_ID), may name the channel the message came through ({@code n8n} unless given), and may
 * have the reply sent through Twilio.
 */
@Component
public class N8nInboundAdapter implements ChannelAdapter<IngressMessage> {
    private final InboundWorkspaces workspaces;
    private final ReplySettings replies;
    private final Clock clock;

    public N8nInboundAdapter(InboundWorkspaces workspaces, ReplySettings replies) {
        this.workspaces = workspaces;
        this.replies = replies;
        this.clock = Clock.systemUTC();
    }

    @Override
    public InboundSnapshot toSnapshot(IngressMessage message) {
        Workspace workspace = workspaces.byId(message.workspaceId(), "workspace_id");
        String phone = Phones.requireE164(message.userPhone(), "user_phone");
        String text = MessageText.required(message.text(), "text");
        String messageId = FieldLimits.messageId(message.messageId(), "message_id");
        String profileName = FieldLimits.profileName(message.profileName(), "profile_name");
        String businessPhone = message.businessPhone() == null || message.businessPhone().isBlank() ? null
                : Phones.requireE164(message.businessPhone(), "business_phone");
        if (businessPhone != null && !workspace.phoneNumbers().contains(businessPhone)) {
            // Else anyone could send a WhatsApp message from another business's number.
            throw new BadRequestException(HttpStatus.FORBIDDEN, "business_phone " + businessPhone
                    + " is not one of workspace " + workspace.workspaceId() + "'s numbers", "business_phone");
        }
        String replyVia = replyVia(message.replyVia());
        if (InboundSnapshot.REPLY_VIA_TWILIO.equals(replyVia) && !replies.twilioReplies()) {
            throw new BadRequestException(HttpStatus.UNPROCESSABLE_CONTENT, "reply_via twilio needs Twilio "
                    + "credentials (TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN), which this deployment does not have; "
                    + "send reply_via none and reply from your flow", "reply_via");
        }
        String conversationId = ConversationId.of(workspace.workspaceId(), phone);
        return new InboundSnapshot(InboundSnapshot.VERSION, TurnIds.snapshotId(conversationId, messageId),
                conversationId, workspace.workspaceId(), phone,
                channel(message.channel()), messageId, text, List.of(), profileName,
                businessPhone, replyVia, OffsetDateTime.now(clock));
    }

    private static Channel channel(String raw) {
        if (raw == null || raw.isBlank()) {
            return Channel.N8N;
        }
        for (Channel c : Channel.values()) {
            if (c.wire().equals(raw.strip().toLowerCase(Locale.ROOT))) {
                return c;
            }
        }
        throw new BadRequestException(HttpStatus.BAD_REQUEST,
                "'channel' must be one of n8n, twilio, api, chat", "channel");
    }

    private static String replyVia(String raw) {
        if (raw == null || raw.isBlank()) {
            return InboundSnapshot.REPLY_VIA_NONE;
        }
        String value = raw.strip().toLowerCase(Locale.ROOT);
        if (!value.equals(InboundSnapshot.REPLY_VIA_TWILIO) && !value.equals(InboundSnapshot.REPLY_VIA_NONE)) {
            throw new BadRequestException(HttpStatus.BAD_REQUEST, "'reply_via' must be twilio or none", "reply_via");
        }
        return value;
    }
}
