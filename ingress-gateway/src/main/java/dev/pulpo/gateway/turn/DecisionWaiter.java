package dev.pulpo.gateway.turn;

import dev.pulpo.gateway.kafka.TopicFollower;
import dev.pulpo.schemas.Topics;
import dev.pulpo.schemas.event.Decision;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Hands each final decision to the request waiting for it, matched by snapshot id. Every instance reads
 * every decision, so the instance that took the request answers it whatever partition the decision is on.
 */
@Component
public class DecisionWaiter implements SmartLifecycle {
    private static final Duration CATCH_UP = Duration.ofSeconds(60);

    private final Map<String, CompletableFuture<Decision>> waiting = new ConcurrentHashMap<>();
    private final TopicFollower<Decision> follower;
    private volatile boolean running;

    public DecisionWaiter(KafkaProperties kafka) {
        this.follower = new TopicFollower<>(Topics.DECISIONS, kafka.buildConsumerProperties(), false, this::apply);
    }

    /** Register before the snapshot is written, so a fast decision is never missed. */
    public CompletableFuture<Decision> expect(String snapshotId) {
        CompletableFuture<Decision> future = new CompletableFuture<>();
        waiting.put(snapshotId, future);
        future.whenComplete((d, e) -> waiting.remove(snapshotId));
        return future;
    }

    private void apply(String conversationId, Decision decision) {
        if (decision == null || !decision.isFinal()) {
            return;
        }
        CompletableFuture<Decision> future = waiting.get(decision.snapshotId());
        if (future != null) {
            future.complete(decision);
        }
    }

    @Override
    public void start() {
        follower.startAndCatchUp(CATCH_UP);
        running = true;
    }

    @Override
    public void stop() {
        follower.close();
        waiting.values().forEach(f -> f.cancel(false));
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return 0;
    }
}
