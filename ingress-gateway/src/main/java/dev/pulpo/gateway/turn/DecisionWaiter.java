package dev.pulpo.gateway.turn;

import dev.pulpo.gateway.kafka.TopicView;
import dev.pulpo.schemas.Topics;
import dev.pulpo.schemas.event.Decision;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.stereotype.Component;

/**
 * Hands each final decision to the request waiting for it, matched by snapshot id. Every instance reads
 * every decision, so the instance that took the request answers it whatever partition the decision is on.
 */
@Component
public class DecisionWaiter extends TopicView<Decision> {
    private final Map<String, CompletableFuture<Decision>> waiting = new ConcurrentHashMap<>();

    public DecisionWaiter(KafkaProperties kafka) {
        super(Topics.DECISIONS, kafka.buildConsumerProperties(), false);
    }

    /** Register before the snapshot is written, so a fast decision is never missed. */
    public CompletableFuture<Decision> expect(String snapshotId) {
        CompletableFuture<Decision> future = new CompletableFuture<>();
        waiting.put(snapshotId, future);
        future.whenComplete((d, e) -> waiting.remove(snapshotId));
        return future;
    }

    @Override
    protected void apply(String conversationId, Decision decision) {
        if (decision == null || !decision.isFinal()) {
            return;
        }
        CompletableFuture<Decision> future = waiting.get(decision.snapshotId());
        if (future != null) {
            future.complete(decision);
        }
    }

    @Override
    public void stop() {
        super.stop();
        waiting.values().forEach(f -> f.cancel(false));
    }
}
