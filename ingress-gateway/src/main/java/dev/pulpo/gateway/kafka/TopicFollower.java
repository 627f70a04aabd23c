package dev.pulpo.gateway.kafka;

import dev.pulpo.schemas.Topic;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
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
 * Follows every partition of one topic on its own thread, without a consumer group: every gateway
 * instance sees every record, which is what a local view or a reply correlation needs. Reads committed
 * records only, so it never sees a decision of an aborted transaction.
 */
public final class TopicFollower<V> implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TopicFollower.class);

    private final Topic<String, V> topic;
    private final KafkaConsumer<String, byte[]> consumer;
    private final BiConsumer<String, V> onRecord;
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private final Thread thread;
    private volatile boolean running = true;

    /**
     * @param fromBeginning read the whole topic (a compacted view) rather than only what comes next
     */
    public TopicFollower(Topic<String, V> topic, Map<String, Object> consumerConfig, boolean fromBeginning,
            BiConsumer<String, V> onRecord) {
        this.topic = topic;
        this.onRecord = onRecord;
        Map<String, Object> config = new java.util.HashMap<>(consumerConfig);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        this.consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
        this.thread = Thread.ofPlatform().daemon().name("follow-" + topic.name()).unstarted(() -> run(fromBeginning));
    }

    public void start() {
        thread.start();
    }

    /**
     * Starts and waits until the records present at start have been read: a view that takes requests
     * before that would answer from a partial topic, and a reply waiter would miss records.
     */
    public void startAndCatchUp(Duration timeout) {
        start();
        try {
            if (!awaitCaughtUp(timeout)) {
                throw new IllegalStateException("could not catch up with " + topic.name() + " within " + timeout
                        + "; is Kafka reachable?");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while catching up with " + topic.name(), e);
        }
    }

    /** Waits until the records present at start have been read. */
    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        return caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void run(boolean fromBeginning) {
        try {
            List<TopicPartition> partitions = awaitPartitions();
            consumer.assign(partitions);
            if (fromBeginning) {
                consumer.seekToBeginning(partitions);
            } else {
                consumer.seekToEnd(partitions);
            }
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    handle(record);
                }
                if (caughtUp.getCount() > 0 && end.entrySet().stream()
                        .allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
                    caughtUp.countDown();
                }
            }
        } catch (WakeupException e) {
            // close() woke us up to stop.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.error("stopped following {}", topic.name(), e);
        } finally {
            consumer.close();
        }
    }

    private List<TopicPartition> awaitPartitions() throws InterruptedException {
        while (running) {
            var infos = consumer.partitionsFor(topic.name(), Duration.ofSeconds(5));
            if (infos != null && !infos.isEmpty()) {
                return infos.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            }
            log.info("waiting for topic {} to exist", topic.name());
            Thread.sleep(500);
        }
        return List.of();
    }

    private void handle(ConsumerRecord<String, byte[]> record) {
        V value = null;
        if (record.value() != null) {
            try {
                value = topic.valueSerde().deserialize(topic.name(), record.value());
            } catch (SerializationException e) {
                log.warn("skipped unreadable record at {}-{}@{}: {}", record.topic(), record.partition(),
                        record.offset(), e.getMessage());
                return;
            }
        }
        onRecord.accept(record.key(), value);
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
