package dev.pulpo.gateway.channel.n8n;

import dev.pulpo.gateway.auth.Caller;
import dev.pulpo.gateway.limit.InboundRateLimiter;
import dev.pulpo.gateway.turn.TurnGateway;
import dev.pulpo.schemas.event.InboundSnapshot;
import dev.pulpo.gateway.web.Futures;
import java.util.concurrent.CompletableFuture;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The asynchronous JSON way in, for n8n flows and other systems: {@code POST /ingress/messages} answers 202
 * with the snapshot id once the snapshot is stored; the decision follows on {@code decisions} (which n8n's
 * Kafka trigger reads), and with {@code reply_via: twilio} the reply goes out through the outbound-sender.
 */
@RestController
public class N8nIngressController {
    private final N8nInboundAdapter inbound;
    private final TurnGateway turns;
    private final InboundRateLimiter limiter;

    public N8nIngressController(N8nInboundAdapter inbound, TurnGateway turns, InboundRateLimiter limiter) {
        this.inbound = inbound;
        this.turns = turns;
        this.limiter = limiter;
    }

    @PostMapping("/ingress/messages")
    public CompletableFuture<ResponseEntity<IngressAccepted>> ingest(@RequestBody IngressMessage message,
            @RequestAttribute(Caller.ATTRIBUTE) Caller caller) {
        IngressMessage named = message.withWorkspaceId(caller.workspaceFor(message.workspaceId(), "workspace_id"));
        InboundSnapshot snapshot = inbound.toSnapshot(named);
        limiter.require(snapshot);
        return Futures.unwrapped(turns.submit(snapshot)
                .thenApply(stored -> ResponseEntity.status(HttpStatus.ACCEPTED)
                        .body(new IngressAccepted(stored.snapshotId(), stored.conversationId()))));
    }
}
