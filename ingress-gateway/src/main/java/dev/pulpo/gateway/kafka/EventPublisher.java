package dev.pulpo.gateway.kafka;

import dev.pulpo.schemas.Topic;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.stereotype.Component;

/**
 * Writes events to their topics with the catalog's serdes; acks=all and idempotence (see the gateway's
 * settings), so an event is safely stored when the future completes.
 */
@Component
public class EventPublisher implements DisposableBean {
    private final KafkaProducer<String, byte[]> producer;

    private final KafkaClientMetrics metrics;

    public EventPublisher(KafkaProperties kafka, MeterRegistry meters) {
        Map<String, Object> config = kafka.buildProducerProperties();
        this.producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
        // The producer's own metrics (send rate, errors, latency) next to ours on /actuator/prometheus.
        this.metrics = new KafkaClientMetrics(producer);
        metrics.bindTo(meters);
    }

    public <V> CompletableFuture<RecordMetadata> publish(Topic<String, V> topic, String key, V value) {
        CompletableFuture<RecordMetadata> done = new CompletableFuture<>();
        byte[] bytes = value == null ? null : topic.valueSerde().serialize(topic.name(), value);
        try {
            producer.send(new ProducerRecord<>(topic.name(), key, bytes), (metadata, error) -> {
                if (error != null) {
                    done.completeExceptionally(new BrokerUnavailableException(topic.name(), error));
                } else {
                    done.complete(metadata);
                }
            });
        } catch (RuntimeException e) {
            // send() itself throws when the broker's metadata cannot be had within max.block.ms.
            done.completeExceptionally(new BrokerUnavailableException(topic.name(), e));
        }
        return done;
    }

    @Override
    public void destroy() {
        metrics.close();
        producer.close();
    }
}
