package dev.pulpo.ops.replay;

import dev.pulpo.schemas.Topics;
import dev.pulpo.schemas.event.Decision;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows every partition of {@code decisions} (committed records only, no consumer group) and hands each
 * turn its final decision, found by snapshot id. Decisions with {@code final=false} are the planned calls
 * of a turn still waiting for its tools, and are passed over.
 */
final class DecisionFeed implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DecisionFeed.class);

    /** A final decision and when it was read, on {@link System#nanoTime()}. */
    record Arrival(Decision decision, long readAtNanos) {
    }

    private final KafkaConsumer<String, byte[]> consumer;
    private final Map<String, CompletableFuture<Arrival>> bySnapshot = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean running = true;

    DecisionFeed(String bootstrapServers) {
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.CLIENT_ID_CONFIG, "pulpo-replay-decisions"),
                new StringDeserializer(), new ByteArrayDeserializer());
        this.thread = Thread.ofPlatform().daemon().name("replay-decisions").unstarted(this::follow);
    }

    /** Starts reading from the beginning of the topic; returns once positioned, so no decision is missed. */
    DecisionFeed start() {
        List<TopicPartition> partitions = consumer.partitionsFor(Topics.DECISIONS.name(), Duration.ofSeconds(30))
                .stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        partitions.forEach(consumer::position);
        thread.start();
        return this;
    }

    /** The final decision of this snapshot, whenever it comes. */
    CompletableFuture<Arrival> finalDecisionOf(String snapshotId) {
        return bySnapshot.computeIfAbsent(snapshotId, id -> new CompletableFuture<>());
    }

    private void follow() {
        try {
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    take(record);
                }
            }
        } catch (WakeupException e) {
            // close() stops us.
        } finally {
            consumer.close();
        }
    }

    private void take(ConsumerRecord<String, byte[]> record) {
        Decision decision;
        try {
            decision = Topics.DECISIONS.valueSerde().deserialize(record.topic(), record.value());
        } catch (SerializationException e) {
            log.warn("skipped an unreadable decision at {}-{}@{}: {}", record.topic(), record.partition(),
                    record.offset(), e.getMessage());
            return;
        }
        if (decision != null && decision.isFinal()) {
            finalDecisionOf(decision.snapshotId()).complete(new Arrival(decision, System.nanoTime()));
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
