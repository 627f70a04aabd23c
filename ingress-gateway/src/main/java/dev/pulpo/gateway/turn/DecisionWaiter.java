package dev.pulpo.gateway.turn;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.pulpo.gateway.kafka.TopicView;
import dev.pulpo.schemas.Topics;
import dev.pulpo.schemas.event.Decision;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.stereotype.Component;

/**
 * Hands each final decision to the requests waiting for it, matched by snapshot id. Every instance reads
 * every decision, so the instance that took the request answers it whatever partition the decision is on.
 *
 * <p>A message with an id has a snapshot id derived from it, so a retry of it waits for the same decision: while
 * the first is in flight both get it, and afterwards the retry gets it from the decisions remembered here, for
 * {@link RetrySettings#window()}. (The orchestrator drops the repeated message, so no second decision comes.)
 */
@Component
public class DecisionWaiter extends TopicView<Decision> {
    private final Map<String, Waiting> waiting = new ConcurrentHashMap<>();
    private final Cache<String, Decision> recent;

    public DecisionWaiter(KafkaProperties kafka, RetrySettings settings) {
        super(Topics.DECISIONS, kafka.buildConsumerProperties(), false);
        this.recent = Caffeine.newBuilder().maximumSize(settings.size()).expireAfterWrite(settings.window()).build();
    }

    /**
     * Register before the snapshot is written, so a fast decision is never missed. Requests for the same snapshot
     * share one answer; one already decided is answered at once.
     */
    public CompletableFuture<Decision> expect(String snapshotId) {
        Decision known = recent.getIfPresent(snapshotId);
        if (known != null) {
            return CompletableFuture.completedFuture(known);
        }
        Waiting shared = waiting.compute(snapshotId, (id, current) -> {
            Waiting entry = current != null ? current : new Waiting(new CompletableFuture<>(), new AtomicInteger());
            entry.callers().incrementAndGet();
            return entry;
        });
        // The decision may have arrived between the look-up and the registration.
        Decision arrived = recent.getIfPresent(snapshotId);
        if (arrived != null) {
            shared.decision().complete(arrived);
        }
        // Each caller gets its own copy: its timeout must not fail the others' wait.
        CompletableFuture<Decision> mine = shared.decision().copy();
        mine.whenComplete((d, e) -> waiting.computeIfPresent(snapshotId,
                (id, entry) -> entry.callers().decrementAndGet() == 0 ? null : entry));
        return mine;
    }

    /** One snapshot's decision, and how many requests still wait for it. */
    private record Waiting(CompletableFuture<Decision> decision, AtomicInteger callers) {
    }

    @Override
    protected void apply(String conversationId, Decision decision) {
        if (decision == null || !decision.isFinal()) {
            return;
        }
        recent.put(decision.snapshotId(), decision);
        Waiting entry = waiting.get(decision.snapshotId());
        if (entry != null) {
            entry.decision().complete(decision);
        }
    }

    @Override
    public void stop() {
        super.stop();
        waiting.values().forEach(entry -> entry.decision().cancel(false));
    }
}
