package dev.pulpo.bench;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads every partition of an output topic from its end as of {@link #start()}, committed records only (no
 * consumer group), and hands each record and the moment it was read to a callback, on a thread of its own.
 */
final class OutputFollower<V> implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(OutputFollower.class);

    interface OnRecord<V> {
        void accept(String key, V value, long readAtNanos);
    }

    private final KafkaConsumer<String, byte[]> consumer;
    private final String topic;
    private final Deserializer<V> values;
    private final OnRecord<V> onRecord;
    private final Thread thread;
    private volatile boolean running = true;

    OutputFollower(String bootstrap, String topic, Deserializer<V> values, OnRecord<V> onRecord) {
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                // An answer is read as soon as it is committed, not when a batch fills.
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100,
                ConsumerConfig.CLIENT_ID_CONFIG, "bench-follower-" + topic),
                new StringDeserializer(), new ByteArrayDeserializer());
        this.topic = topic;
        this.values = values;
        this.onRecord = onRecord;
        this.thread = Thread.ofPlatform().daemon().name("bench-follow-" + topic).unstarted(this::follow);
    }

    static OutputFollower<String> strings(String bootstrap, String topic, OnRecord<String> onRecord) {
        return new OutputFollower<>(bootstrap, topic, new StringDeserializer(), onRecord);
    }

    /** Positions at the topic's end, then follows it; returns once positioned, so nothing sent after is missed. */
    OutputFollower<V> start() {
        List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        thread.start();
        return this;
    }

    private void follow() {
        try {
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    long readAt = System.nanoTime();
                    V value;
                    try {
                        value = values.deserialize(record.topic(), record.value());
                    } catch (RuntimeException e) {
                        log.warn("skipped an unreadable record at {}-{}@{}: {}", record.topic(), record.partition(),
                                record.offset(), e.getMessage());
                        continue;
                    }
                    onRecord.accept(record.key(), value, readAt);
                }
            }
        } catch (WakeupException e) {
            // close() stops us.
        } finally {
            consumer.close();
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
