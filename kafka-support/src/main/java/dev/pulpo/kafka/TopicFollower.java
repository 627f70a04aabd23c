package dev.pulpo.kafka;

import dev.pulpo.schemas.Topic;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.Consumer;
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
 * handed over with a null value; a record whose handling throws is logged, counted and skipped.
 *
 * <p>When the consumer fails, the follower does not stop: it closes it, waits (1 s, doubling up to 30 s) and follows
 * again with a new one from where it was, so nothing is read twice or missed. Meanwhile {@link #isFollowing()} is
 * false, which is what a health check asks.
 */
public final class TopicFollower<V> implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TopicFollower.class);
    static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    /** Where the follower starts reading. */
    public enum From {
        /** The whole topic: a compacted view, or every record written so far. */
        BEGINNING,
        /** Only what is written once the follower is positioned. */
        END
    }

    /** Where the follower is. */
    public enum State {
        /** Not started yet. */
        NEW,
        /** Waiting for the topic, or positioning on it. */
        STARTING,
        /** Reading the topic. */
        FOLLOWING,
        /** Its consumer failed; it follows again after a pause. */
        RESTARTING,
        /** Closed: it will not read again. */
        CLOSED
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
    private final Map<String, Object> config;
    private final Function<Map<String, Object>, Consumer<String, byte[]>> consumers;
    private final CountDownLatch positioned = new CountDownLatch(1);
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private final CountDownLatch stop = new CountDownLatch(1);
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    /** The next offset to read of each partition, once positioned: where a restart resumes. */
    private final Map<TopicPartition, Long> next = new HashMap<>();
    private final Thread thread;
    private volatile Consumer<String, byte[]> consumer;
    private volatile State state = State.NEW;
    private volatile String lastFailure;
    private volatile boolean running = true;
    private Map<TopicPartition, Long> end;

    public TopicFollower(Topic<String, V> topic, Map<String, Object> consumerConfig, From from, OnRecord<V> onRecord) {
        this(topic.name(), topic.valueSerde(), consumerConfig, from, onRecord);
    }

    /**
     * @param consumerConfig the clients' settings, {@code bootstrap.servers} at least; a group id is dropped, auto
     *                       commit is off and the isolation level is {@code read_committed}, whatever it says
     */
    public TopicFollower(String topic, Deserializer<V> values, Map<String, Object> consumerConfig, From from,
            OnRecord<V> onRecord) {
        this(topic, values, consumerConfig, from, onRecord,
                config -> new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer()));
    }

    /** With the consumers it makes (the first one now, another at each restart) made by {@code consumers}. */
    TopicFollower(String topic, Deserializer<V> values, Map<String, Object> consumerConfig, From from,
            OnRecord<V> onRecord, Function<Map<String, Object>, Consumer<String, byte[]>> consumers) {
        this.topic = topic;
        this.values = values;
        this.from = from;
        this.onRecord = onRecord;
        Map<String, Object> config = new HashMap<>(consumerConfig);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        this.config = Map.copyOf(config);
        this.consumers = consumers;
        this.consumer = consumers.apply(this.config);
        this.thread = Thread.ofPlatform().daemon().name("follow-" + topic).unstarted(this::run);
    }

    public String topic() {
        return topic;
    }

    /** Starts following and returns at once; the follower waits for the topic to exist. */
    public TopicFollower<V> start() {
        if (started.compareAndSet(false, true)) {
            state = State.STARTING;
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

    /** Whether it reads the topic now: positioned, and neither restarting after a failure nor closed. */
    public boolean isFollowing() {
        return state == State.FOLLOWING;
    }

    public State state() {
        return state;
    }

    /** Failures of its consumer since start, each followed by a restart. */
    public long failures() {
        return failures.get();
    }

    /** Records skipped because their handling threw. */
    public long skipped() {
        return skipped.get();
    }

    /** The last failure of its consumer, or null. */
    public String lastFailure() {
        return lastFailure;
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
        Duration backoff = FIRST_BACKOFF;
        try {
            while (running) {
                try {
                    follow();
                    return;
                } catch (WakeupException e) {
                    if (!running) {
                        return; // close() woke us up to stop.
                    }
                    backoff = failed(e, backoff);
                } catch (RuntimeException e) {
                    backoff = failed(e, backoff);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            state = State.CLOSED;
            closeConsumer();
        }
    }

    /** Logs the failure, closes the consumer, waits, and makes the next one; returns the next pause. */
    private Duration failed(RuntimeException e, Duration backoff) throws InterruptedException {
        state = State.RESTARTING;
        long n = failures.incrementAndGet();
        lastFailure = e.toString();
        log.error("following {} failed (failure {}); following again in {} ms", topic, n, backoff.toMillis(), e);
        closeConsumer();
        if (stop.await(backoff.toMillis(), TimeUnit.MILLISECONDS) || !running) {
            return backoff;
        }
        consumer = consumers.apply(config);
        Duration doubled = backoff.multipliedBy(2);
        return doubled.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : doubled;
    }

    private void follow() throws InterruptedException {
        Consumer<String, byte[]> consumer = this.consumer;
        state = State.STARTING;
        List<TopicPartition> partitions = awaitPartitions(consumer);
        if (!running) {
            return;
        }
        consumer.assign(partitions);
        List<TopicPartition> unknown = partitions.stream().filter(p -> !next.containsKey(p)).toList();
        if (from == From.BEGINNING) {
            consumer.seekToBeginning(unknown);
        } else {
            consumer.seekToEnd(unknown);
        }
        next.forEach((partition, offset) -> {
            if (partitions.contains(partition)) {
                consumer.seek(partition, offset);
            }
        });
        // Resolve the positions now rather than at the first poll: a record written from here on is read.
        partitions.forEach(p -> next.put(p, consumer.position(p)));
        if (end == null) {
            end = consumer.endOffsets(partitions);
        }
        positioned.countDown();
        state = State.FOLLOWING;
        if (failures.get() > 0) {
            log.info("following {} again after {} failure(s)", topic, failures.get());
        }
        while (running) {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                handle(record);
                next.put(new TopicPartition(record.topic(), record.partition()), record.offset() + 1);
            }
            partitions.forEach(p -> next.put(p, consumer.position(p)));
            if (caughtUp.getCount() > 0 && end.entrySet().stream()
                    .allMatch(e -> next.getOrDefault(e.getKey(), 0L) >= e.getValue())) {
                caughtUp.countDown();
            }
        }
    }

    private List<TopicPartition> awaitPartitions(Consumer<String, byte[]> consumer) throws InterruptedException {
        while (running) {
            var infos = consumer.partitionsFor(topic, Duration.ofSeconds(5));
            if (infos != null && !infos.isEmpty()) {
                return infos.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            }
            log.info("waiting for topic {} to exist", topic);
            if (stop.await(500, TimeUnit.MILLISECONDS)) {
                break;
            }
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
        try {
            onRecord.accept(record.key(), value, readAt);
        } catch (RuntimeException e) {
            // One record its reader cannot take must not stop the view for every other.
            skipped.incrementAndGet();
            log.error("skipped a record whose handling failed at {}-{}@{}", record.topic(), record.partition(),
                    record.offset(), e);
        }
    }

    private void closeConsumer() {
        Consumer<String, byte[]> current = consumer;
        if (current != null) {
            try {
                current.close();
            } catch (RuntimeException e) {
                log.warn("closing the consumer of {} failed: {}", topic, e.toString());
            }
        }
    }

    /** Stops following and waits (a few seconds at most) for the thread to end; the consumer is closed. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        running = false;
        stop.countDown();
        if (started.compareAndSet(false, true)) {
            // Never started: no thread owns the consumer.
            state = State.CLOSED;
            closeConsumer();
            return;
        }
        try {
            consumer.wakeup();
        } catch (RuntimeException e) {
            // Closed after a failure: the pause ends on stop instead.
        }
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
