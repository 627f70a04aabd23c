package dev.pulpo.gateway.channel.decide;

import dev.pulpo.gateway.auth.Caller;
import dev.pulpo.gateway.limit.InboundRateLimiter;
import dev.pulpo.gateway.turn.TurnGateway;
import dev.pulpo.gateway.web.Futures;
import dev.pulpo.schemas.event.InboundSnapshot;
import java.util.concurrent.CompletableFuture;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * The synchronous way in, for callers that want the answer in the response: the integration guide's
 * {@code /orchestrator/decide} and the simpler {@code /chat}. Both write a snapshot and wait for its
 * final decision, without holding a servlet thread.
 */
@RestController
public class ChatController {
    private final DecideInboundAdapter decideInbound;
    private final ChatInboundAdapter chatInbound;
    private final TurnGateway turns;
    private final InboundRateLimiter limiter;

    public ChatController(DecideInboundAdapter decideInbound, ChatInboundAdapter chatInbound, TurnGateway turns,
            InboundRateLimiter limiter) {
        this.decideInbound = decideInbound;
        this.chatInbound = chatInbound;
        this.turns = turns;
        this.limiter = limiter;
    }

    /** {@code X-Workspace-Id}, when sent, names the workspace instead of the body's {@code workspace_id}. */
    @PostMapping("/orchestrator/decide")
    public CompletableFuture<DecideResponse> decide(@RequestBody DecideRequest request,
            @RequestHeader(name = "X-Workspace-Id", required = false) String workspaceHeader,
            @RequestAttribute(Caller.ATTRIBUTE) Caller caller) {
        // A key opens its own workspace only, wherever the request names another.
        String fromBody = caller.workspaceFor(request.workspaceId(), "workspace_id");
        String named = workspaceHeader == null ? fromBody : caller.workspaceFor(workspaceHeader, "X-Workspace-Id");
        return decide(decideInbound.toSnapshot(request.withWorkspaceId(named)));
    }

    @PostMapping("/chat")
    public CompletableFuture<DecideResponse> chat(@RequestBody ChatRequest request,
            @RequestAttribute(Caller.ATTRIBUTE) Caller caller) {
        return decide(chatInbound.toSnapshot(request.withWorkspaceId(
                caller.workspaceFor(request.workspaceId(), "workspace_id"))));
    }

    private CompletableFuture<DecideResponse> decide(InboundSnapshot snapshot) {
        limiter.require(snapshot);
        return Futures.unwrapped(turns.decide(snapshot).thenApply(DecideResponse::of));
    }
}
