package dev.pulpo.kafka.testing;

import static org.awaitility.Awaitility.await;

import dev.pulpo.schemas.Topic;
import dev.pulpo.schemas.event.DeadLetter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * What the services' tests on a real broker do from outside: write a record as any producer would (poisoned or not),
 * read what came out, find the dead letter of a record by its coordinates, and see how far a consumer group got.
 * Every read is from the beginning and committed records only.
 */
public final class KafkaProbe implements AutoCloseable {
    public static final Duration WAIT = Duration.ofSeconds(60);

    private final String bootstrap;
    private final KafkaProducer<String, byte[]> producer;
    private final Admin admin;

    public KafkaProbe(String bootstrap) {
        this.bootstrap = bootstrap;
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 0), new StringSerializer(), new ByteArraySerializer());
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
    }

    public static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Writes the bytes as they are, and returns where they landed. */
    public RecordMetadata send(String topic, String key, byte[] value) {
        try {
            return producer.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (Exception e) {
            throw new IllegalStateException("could not write to " + topic, e);
        }
    }

    public <V> RecordMetadata send(Topic<String, V> topic, String key, V value) {
        return send(topic.name(), key, topic.valueSerde().serialize(topic.name(), value));
    }

    /** The dead letter of the record written at {@code sent}, from its topic's {@code .dlq} (or the one given). */
    public DeadLetter deadLetterOf(RecordMetadata sent, Topic<String, ?> dlqOf) {
        Topic<String, DeadLetter> dlq = dlqOf.dlq();
        return read(dlq, r -> r.value() != null && r.value().sourceTopic().equals(sent.topic())
                && r.value().partition() == sent.partition() && r.value().offset() == sent.offset(), 1)
                .getFirst().value();
    }

    /** The dead letters on {@code source}'s {@code .dlq} that match, once there are {@code count} of them. */
    public List<DeadLetter> deadLetters(Topic<String, ?> source, Predicate<DeadLetter> matching, int count) {
        return read(source.dlq(), r -> r.value() != null && matching.test(r.value()), count).stream()
                .map(ConsumerRecord::value).toList();
    }

    /** The records of {@code topic} that match, once there are {@code count} of them. */
    public <V> List<ConsumerRecord<String, V>> read(Topic<String, V> topic, Predicate<ConsumerRecord<String, V>> matching,
            int count) {
        List<ConsumerRecord<String, V>> seen = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            consumer.subscribe(List.of(topic.name()));
            await().atMost(WAIT).until(() -> {
                for (ConsumerRecord<String, byte[]> raw : consumer.poll(Duration.ofMillis(200))) {
                    V value = raw.value() == null ? null : readOrNull(topic, raw.value());
                    ConsumerRecord<String, V> record = new ConsumerRecord<>(raw.topic(), raw.partition(), raw.offset(),
                            raw.key(), value);
                    if (matching.test(record)) {
                        seen.add(record);
                    }
                }
                return seen.size() >= count;
            });
        }
        return seen;
    }

    /** Waits until consumer group {@code groupId} (a Streams application id) has committed past {@code sent}. */
    public void awaitConsumed(String groupId, RecordMetadata sent) {
        TopicPartition partition = new TopicPartition(sent.topic(), sent.partition());
        await().atMost(WAIT).until(() -> {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(groupId)
                    .partitionsToOffsetAndMetadata().get();
            OffsetAndMetadata committed = offsets.get(partition);
            return committed != null && committed.offset() > sent.offset();
        });
    }

    private static <V> V readOrNull(Topic<String, V> topic, byte[] value) {
        try {
            return topic.valueSerde().deserialize(topic.name(), value);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private KafkaConsumer<String, byte[]> consumer() {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "probe-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 2_000_000), new StringDeserializer(),
                new ByteArrayDeserializer());
    }

    @Override
    public void close() {
        producer.close();
        admin.close();
    }
}
