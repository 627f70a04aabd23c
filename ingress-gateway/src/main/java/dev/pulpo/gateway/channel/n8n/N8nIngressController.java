package dev.pulpo.gateway.channel.n8n;

import dev.pulpo.gateway.channel.ChannelAdapter;
import dev.pulpo.gateway.channel.InboundWorkspaces;
import dev.pulpo.gateway.turn.TurnGateway;
import dev.pulpo.gateway.web.BadRequestException;
import dev.pulpo.gateway.web.Futures;
import dev.pulpo.gateway.web.Phones;
import dev.pulpo.schemas.event.Channel;
import dev.pulpo.schemas.event.ConversationId;
import dev.pulpo.schemas.event.InboundSnapshot;
import dev.pulpo.schemas.event.Workspace;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The asynchronous JSON way in, for n8n flows and other systems: {@code POST /ingress/messages} answers 202
 * with the snapshot id once the snapshot is stored; the decision follows on {@code decisions} (which n8n's
 * Kafka trigger reads), and with {@code reply_via: twilio} the reply goes out through the outbound-sender.
 */
@RestController
public class N8nIngressController implements ChannelAdapter<IngressMessage> {
    private static final int MAX_TEXT = 4096;

    private final InboundWorkspaces workspaces;
    private final TurnGateway turns;
    private final Clock clock = Clock.systemUTC();

    public N8nIngressController(InboundWorkspaces workspaces, TurnGateway turns) {
        this.workspaces = workspaces;
        this.turns = turns;
    }

    @PostMapping("/ingress/messages")
    public CompletableFuture<ResponseEntity<IngressAccepted>> ingest(@RequestBody IngressMessage message) {
        InboundSnapshot snapshot = toSnapshot(message);
        return Futures.unwrapped(turns.submit(snapshot)
                .thenApply(stored -> ResponseEntity.status(HttpStatus.ACCEPTED)
                        .body(new IngressAccepted(stored.snapshotId(), stored.conversationId()))));
    }

    @Override
    public InboundSnapshot toSnapshot(IngressMessage message) {
        Workspace workspace = workspaces.byId(message.workspaceId(), "workspace_id");
        String phone = Phones.requireE164(message.userPhone(), "user_phone");
        String text = message.text();
        if (text == null) {
            throw BadRequestException.missing("text");
        }
        if (text.length() > MAX_TEXT) {
            throw new BadRequestException(HttpStatus.CONTENT_TOO_LARGE,
                    "'text' is longer than " + MAX_TEXT + " characters", "text");
        }
        String businessPhone = message.businessPhone() == null || message.businessPhone().isBlank() ? null
                : Phones.requireE164(message.businessPhone(), "business_phone");
        return new InboundSnapshot(InboundSnapshot.VERSION, UUID.randomUUID().toString(),
                ConversationId.of(workspace.workspaceId(), phone), workspace.workspaceId(), phone,
                channel(message.channel()), message.messageId(), text, List.of(), message.profileName(),
                businessPhone, replyVia(message.replyVia()), OffsetDateTime.now(clock));
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
