package dev.pulpo.kafka.autoconfigure;

import dev.pulpo.kafka.streams.errors.StreamErrors;
import org.apache.kafka.streams.KafkaStreams;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;

/**
 * The service's Kafka Streams client, as health ({@code kafkaStreams}): UP while it is RUNNING or REBALANCING,
 * DOWN otherwise (not started yet, stopping, or in ERROR after its global thread died), with its state, live
 * stream threads and the threads replaced since start.
 */
public class KafkaStreamsHealthIndicator extends AbstractHealthIndicator {
    private final StreamsBuilderFactoryBean factory;
    private final StreamErrors errors;

    public KafkaStreamsHealthIndicator(StreamsBuilderFactoryBean factory, StreamErrors errors) {
        super("Kafka Streams health check failed");
        this.factory = factory;
        this.errors = errors;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        KafkaStreams streams = factory.getKafkaStreams();
        if (streams == null) {
            builder.down().withDetail("state", "NOT_CREATED");
            return;
        }
        KafkaStreams.State state = streams.state();
        if (state == KafkaStreams.State.RUNNING || state == KafkaStreams.State.REBALANCING) {
            builder.up();
        } else {
            builder.down();
        }
        builder.withDetail("state", state.name())
                .withDetail("threadsReplaced", errors.threadsReplaced());
        if (state.isRunningOrRebalancing()) {
            builder.withDetail("streamThreads", streams.metadataForLocalThreads().size());
        }
    }
}
