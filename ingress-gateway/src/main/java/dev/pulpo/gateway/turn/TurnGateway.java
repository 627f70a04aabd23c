package dev.pulpo.gateway.turn;

import dev.pulpo.gateway.GatewaySettings;
import dev.pulpo.gateway.kafka.EventPublisher;
import dev.pulpo.gateway.web.Futures;
import dev.pulpo.schemas.Topics;
import dev.pulpo.schemas.event.ConversationId;
import dev.pulpo.schemas.event.Decision;
import dev.pulpo.schemas.event.InboundSnapshot;
import dev.pulpo.schemas.event.TurnIds;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Writes a snapshot and, for the synchronous endpoints, waits for its final decision. Never blocks a thread. */
@Component
public class TurnGateway {
    private static final Logger log = LoggerFactory.getLogger(TurnGateway.class);

    private final EventPublisher publisher;
    private final DecisionWaiter waiter;
    private final GatewaySettings settings;

    public TurnGateway(EventPublisher publisher, DecisionWaiter waiter, GatewaySettings settings) {
        this.publisher = publisher;
        this.waiter = waiter;
        this.settings = settings;
    }

    /** Completes once the snapshot is safely stored (acks=all). */
    public CompletableFuture<InboundSnapshot> submit(InboundSnapshot snapshot) {
        return publisher.publish(Topics.INBOUND_SNAPSHOTS, snapshot.conversationId(), snapshot)
                .thenApply(metadata -> {
                    log.info("snapshot accepted snapshot_id={} conversation={} channel={} partition={} offset={}",
                            snapshot.snapshotId(), ConversationId.masked(snapshot.conversationId()),
                            snapshot.channel().wire(), metadata.partition(), metadata.offset());
                    return snapshot;
                });
    }

    /** Completes with the final decision, or fails with {@link DecisionTimeoutException} after SLM_TOTAL_TIMEOUT_MS. */
    public CompletableFuture<Decision> decide(InboundSnapshot snapshot) {
        CompletableFuture<Decision> decision = waiter.expect(snapshot.snapshotId());
        long timeoutMs = settings.totalTimeout().toMillis();
        if (decision.isDone()) {
            // A retry of a message already decided: its first decision, and nothing written again.
            log.info("retry answered with its first decision snapshot_id={} conversation={}", snapshot.snapshotId(),
                    ConversationId.masked(snapshot.conversationId()));
            return decision;
        }
        submit(snapshot).whenComplete((ok, error) -> {
            if (error != null) {
                decision.completeExceptionally(Futures.cause(error));
            }
        });
        return decision.orTimeout(timeoutMs, TimeUnit.MILLISECONDS).exceptionallyCompose(error -> {
            if (error instanceof TimeoutException) {
                String decisionId = TurnIds.decisionId(snapshot.snapshotId());
                log.warn("decision timed out decision_id={} snapshot_id={} conversation={} waited_ms={}", decisionId,
                        snapshot.snapshotId(), ConversationId.masked(snapshot.conversationId()), timeoutMs);
                return CompletableFuture.failedFuture(new DecisionTimeoutException(decisionId, timeoutMs));
            }
            return CompletableFuture.failedFuture(error);
        });
    }
}
