package dev.pulpo.gateway;

import static org.awaitility.Awaitility.await;

import dev.pulpo.schemas.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads a topic from the beginning (committed records only) until a record matches, for tests. */
public final class TopicReader {
    private TopicReader() {
    }

    /** Every record read up to and including the first that matches {@code until}. */
    public static <V> List<ConsumerRecord<String, V>> readUntil(String bootstrap, Topic<String, V> topic,
            Predicate<V> until) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                topic.valueSerde().deserializer())) {
            consumer.subscribe(List.of(topic.name()));
            List<ConsumerRecord<String, V>> records = new ArrayList<>();
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                return records.stream().anyMatch(r -> r.value() != null && until.test(r.value()));
            });
            return records;
        }
    }

    /** The first record's value that matches. */
    public static <V> V find(String bootstrap, Topic<String, V> topic, Predicate<V> matching) {
        return readUntil(bootstrap, topic, matching).stream().map(ConsumerRecord::value)
                .filter(v -> v != null && matching.test(v)).findFirst().orElseThrow();
    }
}
