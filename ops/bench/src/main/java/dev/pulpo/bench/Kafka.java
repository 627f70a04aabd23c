package dev.pulpo.bench;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/** Client settings shared by the benchmarks' producers and followers. */
final class Kafka {
    /** How long a follower may take to position on its topic. */
    static final Duration POSITION_TIMEOUT = Duration.ofSeconds(30);

    private Kafka() {
    }

    /** As the replay writes snapshots: acknowledged by the broker, and sent now rather than batched. */
    static Map<String, Object> producerConfig(String bootstrap, String clientId) {
        return Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 0,
                ProducerConfig.CLIENT_ID_CONFIG, clientId);
    }

    /** For a follower of an output topic (committed records only, no group: the follower sees to that). */
    static Map<String, Object> followerConfig(String bootstrap, String topic) {
        return Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                // An answer is read as soon as it is committed, not when a batch fills.
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100,
                ConsumerConfig.CLIENT_ID_CONFIG, "bench-follower-" + topic);
    }
}
