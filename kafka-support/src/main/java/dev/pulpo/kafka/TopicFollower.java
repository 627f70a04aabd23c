package dev.pulpo.kafka;

import dev.pulpo.schemas.Topic;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows every partition of one topic on its own thread, without a consumer group: every instance sees every
 * record, which is what a local view, a reply waiter or a benchmark's clock needs. Reads committed records only, so
 * it never sees a record of an aborted transaction. A value it cannot read is logged and skipped; a tombstone is
 * handed over with a null value.
 */
public final class TopicFollower<V> implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TopicFollower.class);

    /** Where the follower starts reading. */
    public enum From {
        /** The whole topic: a compacted view, or every record written so far. */
        BEGINNING,
        /** Only what is written once the follower is positioned. */
        END
    }

    /** What the follower does with each record, on its thread. */
    @FunctionalInterface
    public interface OnRecord<V> {
        /**
         * @param value       null for a tombstone
         * @param readAtNanos {@link System#nanoTime()} when the poll handed the record over, before its value was read
         */
        void accept(String key, V value, long readAtNanos);
    }

    private final String topic;
    private final Deserializer<V> values;
    private final From from;
    private final OnRecord<V> onRecord;
    private final KafkaConsumer<String, byte[]> consumer;
    private final CountDownLatch positioned = new CountDownLatch(1);
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread thread;
    private volatile boolean running = true;

    public TopicFollower(Topic<String, V> topic, Map<String, Object> consumerConfig, From from, OnRecord<V> onRecord) {
        this(topic.name(), topic.valueSerde(), consumerConfig, from, onRecord);
    }

    /**
     * @param consumerConfig the clients' settings, {@code bootstrap.servers} at least; a group id is dropped, auto
     *                       commit is off and the isolation level is {@code read_committed}, whatever it says
     */
    public TopicFollower(String topic, Deserializer<V> values, Map<String, Object> consumerConfig, From from,
            OnRecord<V> onRecord) {
        this.topic = topic;
        this.values = values;
        this.from = from;
        this.onRecord = onRecord;
        Map<String, Object> config = new HashMap<>(consumerConfig);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        this.consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
        this.thread = Thread.ofPlatform().daemon().name("follow-" + topic).unstarted(this::run);
    }

    /** Starts following and returns at once; the follower waits for the topic to exist. */
    public TopicFollower<V> start() {
        if (started.compareAndSet(false, true)) {
            thread.start();
        }
        return this;
    }

    /**
     * Starts and waits until the follower is positioned, so that a record written after this returns is read:
     * what a caller that writes and then waits for an answer needs.
     *
     * @throws IllegalStateException when it could not position within {@code timeout}; the follower is closed then
     */
    public TopicFollower<V> startPositioned(Duration timeout) {
        return startAndAwait(positioned, timeout, "position on");
    }

    /**
     * Starts and waits until the records present at start have been read: a view that takes requests before that
     * would answer from a partial topic, and a reply waiter would miss records.
     *
     * @throws IllegalStateException when it could not catch up within {@code timeout}; the follower is closed then
     */
    public TopicFollower<V> startAndCatchUp(Duration timeout) {
        return startAndAwait(caughtUp, timeout, "catch up with");
    }

    /** Waits until the records present at start have been read. */
    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        return caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private TopicFollower<V> startAndAwait(CountDownLatch latch, Duration timeout, String what) {
        start();
        try {
            if (!latch.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                close();
                throw new IllegalStateException("could not " + what + " " + topic + " within " + timeout
                        + "; is Kafka reachable?");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new IllegalStateException("interrupted while waiting to " + what + " " + topic, e);
        }
        return this;
    }

    private void run() {
        try {
            List<TopicPartition> partitions = awaitPartitions();
            if (!running) {
                return;
            }
            consumer.assign(partitions);
            if (from == From.BEGINNING) {
                consumer.seekToBeginning(partitions);
            } else {
                consumer.seekToEnd(partitions);
            }
            // Resolve the positions now rather than at the first poll: a record written from here on is read.
            partitions.forEach(consumer::position);
            positioned.countDown();
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
            log.error("stopped following {}", topic, e);
        } finally {
            consumer.close();
        }
    }

    private List<TopicPartition> awaitPartitions() throws InterruptedException {
        while (running) {
            var infos = consumer.partitionsFor(topic, Duration.ofSeconds(5));
            if (infos != null && !infos.isEmpty()) {
                return infos.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            }
            log.info("waiting for topic {} to exist", topic);
            Thread.sleep(500);
        }
        return List.of();
    }

    private void handle(ConsumerRecord<String, byte[]> record) {
        long readAt = System.nanoTime();
        V value = null;
        if (record.value() != null) {
            try {
                value = values.deserialize(topic, record.value());
            } catch (SerializationException e) {
                log.warn("skipped unreadable record at {}-{}@{}: {}", record.topic(), record.partition(),
                        record.offset(), e.getMessage());
                return;
            }
        }
        onRecord.accept(record.key(), value, readAt);
    }

    /** Stops following and waits (a few seconds at most) for the thread to end; the consumer is closed. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        running = false;
        if (started.compareAndSet(false, true)) {
            // Never started: no thread owns the consumer.
            consumer.close();
            return;
        }
        consumer.wakeup();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
