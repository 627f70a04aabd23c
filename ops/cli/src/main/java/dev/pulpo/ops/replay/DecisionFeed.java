package dev.pulpo.ops.replay;

import dev.pulpo.kafka.TopicFollower;
import dev.pulpo.kafka.TopicFollower.From;
import dev.pulpo.schemas.Topics;
import dev.pulpo.schemas.event.Decision;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;

/**
 * Follows {@code decisions} from the beginning (committed records only, no consumer group) and hands each turn
 * its final decision, found by snapshot id. Decisions with {@code final=false} are the planned calls of a turn
 * still waiting for its tools, and are passed over.
 */
final class DecisionFeed implements AutoCloseable {
    private static final Duration POSITION_TIMEOUT = Duration.ofSeconds(30);

    /** A final decision and when it was read, on {@link System#nanoTime()}. */
    record Arrival(Decision decision, long readAtNanos) {
    }

    private final Map<String, CompletableFuture<Arrival>> bySnapshot = new ConcurrentHashMap<>();
    private final TopicFollower<Decision> follower;

    DecisionFeed(String bootstrapServers) {
        this.follower = new TopicFollower<>(Topics.DECISIONS, Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.CLIENT_ID_CONFIG, "pulpo-replay-decisions"), From.BEGINNING, this::take);
    }

    /** Starts reading from the beginning of the topic; returns once positioned, so no decision is missed. */
    DecisionFeed start() {
        follower.startPositioned(POSITION_TIMEOUT);
        return this;
    }

    /** The final decision of this snapshot, whenever it comes. */
    CompletableFuture<Arrival> finalDecisionOf(String snapshotId) {
        return bySnapshot.computeIfAbsent(snapshotId, id -> new CompletableFuture<>());
    }

    private void take(String key, Decision decision, long readAtNanos) {
        if (decision != null && decision.isFinal()) {
            finalDecisionOf(decision.snapshotId()).complete(new Arrival(decision, readAtNanos));
        }
    }

    @Override
    public void close() {
        follower.close();
    }
}
