package dev.pulpo.gateway.api;

import dev.pulpo.gateway.GatewaySettings;
import dev.pulpo.gateway.turn.TurnGateway;
import dev.pulpo.gateway.web.BadRequestException;
import dev.pulpo.gateway.web.Futures;
import dev.pulpo.gateway.web.Phones;
import dev.pulpo.gateway.workspace.WorkspaceDirectory;
import dev.pulpo.schemas.event.Channel;
import dev.pulpo.schemas.event.ConversationId;
import dev.pulpo.schemas.event.InboundSnapshot;
import dev.pulpo.schemas.event.Workspace;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * The synchronous way in, for callers that want the answer in the response: the integration guide's
 * {@code /orchestrator/decide} and the simpler {@code /chat}. Both write a snapshot and wait for its
 * final decision, without holding a servlet thread.
 */
@RestController
public class ChatController {
    private static final int MAX_TEXT = 4096;

    private final TurnGateway turns;
    private final WorkspaceDirectory workspaces;
    private final GatewaySettings settings;
    private final Clock clock;

    public ChatController(TurnGateway turns, WorkspaceDirectory workspaces, GatewaySettings settings) {
        this.turns = turns;
        this.workspaces = workspaces;
        this.settings = settings;
        this.clock = Clock.systemUTC();
    }

    @PostMapping("/orchestrator/decide")
    public CompletableFuture<DecideResponse> decide(@RequestBody DecideRequest request,
            @RequestHeader(name = "X-Workspace-Id", required = false) String workspaceHeader) {
        Workspace workspace = workspace(workspaceHeader != null ? workspaceHeader : request.workspaceId());
        String phone = Phones.requireE164(request.userPhone(), "user_phone");
        Channel channel = channel(request.channel());
        return decide(snapshot(workspace, phone, text(request.text()), request.messageId(), channel));
    }

    @PostMapping("/chat")
    public CompletableFuture<DecideResponse> chat(@RequestBody ChatRequest request) {
        Workspace workspace = workspace(request.workspaceId());
        String phone = Phones.requireE164(request.user(), "user");
        return decide(snapshot(workspace, phone, text(request.text()), null, Channel.CHAT));
    }

    private CompletableFuture<DecideResponse> decide(InboundSnapshot snapshot) {
        return Futures.unwrapped(turns.decide(snapshot).thenApply(DecideResponse::of));
    }

    private Workspace workspace(String requested) {
        String id = requested != null && !requested.isBlank() ? requested : settings.defaultWorkspaceId();
        if (id == null) {
            throw new BadRequestException(HttpStatus.BAD_REQUEST,
                    "no workspace: send X-Workspace-Id or workspace_id, or set DEFAULT_WORKSPACE_ID", "workspace_id");
        }
        return workspaces.find(id).orElseThrow(() -> new BadRequestException(HttpStatus.NOT_FOUND,
                "unknown workspace " + id, "workspace_id"));
    }

    private static String text(String text) {
        if (text == null) {
            throw BadRequestException.missing("text");
        }
        if (text.length() > MAX_TEXT) {
            throw new BadRequestException(HttpStatus.CONTENT_TOO_LARGE,
                    "'text' is longer than " + MAX_TEXT + " characters", "text");
        }
        return text;
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

    private InboundSnapshot snapshot(Workspace workspace, String phone, String text, String messageId, Channel channel) {
        String snapshotId = UUID.randomUUID().toString();
        return new InboundSnapshot(InboundSnapshot.VERSION, snapshotId,
                ConversationId.of(workspace.workspaceId(), phone), workspace.workspaceId(), phone, channel, messageId,
                text, List.of(), null, null, InboundSnapshot.REPLY_VIA_NONE, OffsetDateTime.now(clock));
    }
}
