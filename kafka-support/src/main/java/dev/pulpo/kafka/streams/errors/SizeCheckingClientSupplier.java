package dev.pulpo.kafka.streams.errors;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.metrics.KafkaMetric;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaClientSupplier;

/**
 * Kafka Streams' clients, as its default supplier makes them, except that the producer refuses a record larger
 * than {@code max.request.size} itself, through the send's callback, before the real producer sees it.
 *
 * <p>Why: under exactly-once, a record the producer refuses (a {@link RecordTooLargeException}) puts its
 * transaction in an abortable state, whatever the production exception handler answers; the task is then
 * rewound to its last commit, reads the same record, and fails the same way, forever. Refused here, the
 * transaction stays sound: the handler drops the record, dead-letters its source, and the task commits.
 * Records the broker refuses (a topic's {@code max.message.bytes} below the producer's limit) still poison
 * their transaction; keep every topic's limit at or above {@code max.request.size}.
 */
public final class SizeCheckingClientSupplier implements KafkaClientSupplier {

    @Override
    public Admin getAdmin(Map<String, Object> config) {
        return Admin.create(config);
    }

    @Override
    public Producer<byte[], byte[]> getProducer(Map<String, Object> config) {
        return new SizeCheckingProducer(new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer()),
                limit(config));
    }

    @Override
    public Consumer<byte[], byte[]> getConsumer(Map<String, Object> config) {
        return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    @Override
    public Consumer<byte[], byte[]> getRestoreConsumer(Map<String, Object> config) {
        return getConsumer(config);
    }

    @Override
    public Consumer<byte[], byte[]> getGlobalConsumer(Map<String, Object> config) {
        return getConsumer(config);
    }

    static int limit(Map<String, Object> config) {
        Object value = config.get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG);
        return value == null ? StreamErrors.DEFAULT_MAX_REQUEST_SIZE : Integer.parseInt(value.toString().trim());
    }

    /**
     * An upper bound of the bytes a record takes in a request, as the producer computes its own before it refuses
     * one: the batch's header, the record's fields as the widest varints, its key, value and headers.
     */
    static long sizeUpperBound(ProducerRecord<byte[], byte[]> record) {
        long size = 61 + 5 + 1 + 5 + 10 + 5 + 5 + 5;
        size += record.key() == null ? 0 : record.key().length;
        size += record.value() == null ? 0 : record.value().length;
        for (Header header : record.headers()) {
            size += 10 + header.key().getBytes(java.nio.charset.StandardCharsets.UTF_8).length
                    + (header.value() == null ? 0 : header.value().length);
        }
        return size;
    }

    /** Delegates everything; refuses an oversized record without touching the producer or its transaction. */
    static final class SizeCheckingProducer implements Producer<byte[], byte[]> {
        private final Producer<byte[], byte[]> delegate;
        private final int limit;

        SizeCheckingProducer(Producer<byte[], byte[]> delegate, int limit) {
            this.delegate = delegate;
            this.limit = limit;
        }

        @Override
        public Future<RecordMetadata> send(ProducerRecord<byte[], byte[]> record) {
            return send(record, null);
        }

        @Override
        public Future<RecordMetadata> send(ProducerRecord<byte[], byte[]> record, Callback callback) {
            long size = sizeUpperBound(record);
            if (size > limit) {
                RecordTooLargeException e = new RecordTooLargeException("The record is about " + size
                        + " bytes, more than max.request.size (" + limit + "); refused before the producer, so the"
                        + " transaction stays sound");
                if (callback != null) {
                    TopicPartition partition = new TopicPartition(record.topic(),
                            record.partition() == null ? -1 : record.partition());
                    callback.onCompletion(new RecordMetadata(partition, -1, -1, -1, -1, -1), e);
                }
                return CompletableFuture.failedFuture(e);
            }
            return delegate.send(record, callback);
        }

        @Override
        public void initTransactions() {
            delegate.initTransactions();
        }

        @Override
        public void beginTransaction() {
            delegate.beginTransaction();
        }

        @Override
        public void sendOffsetsToTransaction(Map<TopicPartition, OffsetAndMetadata> offsets,
                ConsumerGroupMetadata groupMetadata) {
            delegate.sendOffsetsToTransaction(offsets, groupMetadata);
        }

        @Override
        public void commitTransaction() {
            delegate.commitTransaction();
        }

        @Override
        public void abortTransaction() {
            delegate.abortTransaction();
        }

        @Override
        public void registerMetricForSubscription(KafkaMetric metric) {
            delegate.registerMetricForSubscription(metric);
        }

        @Override
        public void unregisterMetricFromSubscription(KafkaMetric metric) {
            delegate.unregisterMetricFromSubscription(metric);
        }

        @Override
        public void flush() {
            delegate.flush();
        }

        @Override
        public List<PartitionInfo> partitionsFor(String topic) {
            return delegate.partitionsFor(topic);
        }

        @Override
        public Map<MetricName, ? extends Metric> metrics() {
            return delegate.metrics();
        }

        @Override
        public Uuid clientInstanceId(Duration timeout) {
            return delegate.clientInstanceId(timeout);
        }

        @Override
        public void close() {
            delegate.close();
        }

        @Override
        public void close(Duration timeout) {
            delegate.close(timeout);
        }
    }
}
