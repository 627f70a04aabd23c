package dev.pulpo.bench;

import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;

/** Client settings shared by the benchmarks' producers. */
final class Kafka {
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
}
