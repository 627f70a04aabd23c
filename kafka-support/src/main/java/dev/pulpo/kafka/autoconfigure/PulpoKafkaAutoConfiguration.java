package dev.pulpo.kafka.autoconfigure;

import dev.pulpo.kafka.streams.errors.DeadLetterDeserializationHandler;
import dev.pulpo.kafka.streams.errors.DeadLetterProcessingHandler;
import dev.pulpo.kafka.streams.errors.DeadLetterProductionHandler;
import dev.pulpo.kafka.streams.errors.ErrorCounters;
import dev.pulpo.kafka.streams.errors.ReplaceFailedThread;
import dev.pulpo.kafka.streams.errors.SizeCheckingClientSupplier;
import dev.pulpo.kafka.streams.errors.StreamErrors;
import dev.pulpo.schemas.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.LivenessState;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.annotation.KafkaStreamsDefaultConfiguration;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;
import org.springframework.kafka.config.StreamsBuilderFactoryBeanConfigurer;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * The Kafka plumbing every service's Spring context gets: the catalog's topics, and how a Kafka Streams service's
 * client joins and leaves, handles what it cannot read, process or write, replaces a thread that dies, and says
 * whether it runs. A service replaces any of these beans by declaring one of the same name.
 */
@AutoConfiguration
@ConditionalOnClass(KafkaAdmin.class)
public class PulpoKafkaAutoConfiguration {

    /** Creates the catalog's topics at start when they are missing, so the service runs against an empty broker. */
    @Bean
    @ConditionalOnMissingBean(name = "pulpoTopics")
    KafkaAdmin.NewTopics pulpoTopics(@Value("${PULPO_REPLICATION_FACTOR:1}") short replicationFactor) {
        return new KafkaAdmin.NewTopics(Topics.newTopics(replicationFactor).toArray(NewTopic[]::new));
    }

    /** Only in a context that runs Kafka Streams ({@code @EnableKafkaStreams}), as Boot's own Streams settings. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(StreamsBuilder.class)
    @ConditionalOnBean(name = KafkaStreamsDefaultConfiguration.DEFAULT_STREAMS_BUILDER_BEAN_NAME)
    static class StreamsClient {

        /**
         * Leave the consumer group on a clean stop: the partitions move at once instead of waiting for the
         * session to time out, which would hold a restarted or redeployed service for about 45 s.
         */
        @Bean
        @ConditionalOnMissingBean(name = "leaveGroupOnClose")
        StreamsBuilderFactoryBeanConfigurer leaveGroupOnClose() {
            return factory -> factory.setLeaveGroupOnClose(true);
        }

        /** The service's dead letters, thread replacements and punctuation failures (see {@link StreamErrors}). */
        @Bean(destroyMethod = "close")
        @ConditionalOnMissingBean(name = "pulpoStreamErrors")
        StreamErrors pulpoStreamErrors(@Value("${spring.application.name:pulpo}") String service,
                ObjectProvider<ErrorCounters> counters) {
            return new StreamErrors(service, counters.getIfAvailable(() -> ErrorCounters.NONE), Map.of());
        }

        /**
         * Nothing stops the stream: every record that cannot be read, processed or written goes to its topic's
         * {@code .dlq} and the stream goes on; a record too large for a request is refused before the producer, so
         * an exactly-once transaction survives it; a stream thread that dies is replaced; and an ERROR client (its
         * global thread died) breaks liveness, so a platform that watches liveness restarts the service.
         */
        @Bean
        @ConditionalOnMissingBean(name = "pulpoStreamErrorHandling")
        StreamsBuilderFactoryBeanConfigurer pulpoStreamErrorHandling(StreamErrors pulpoStreamErrors,
                ApplicationEventPublisher events) {
            return factory -> {
                Properties config = factory.getStreamsConfiguration();
                config.put(StreamErrors.CONFIG, pulpoStreamErrors);
                config.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
                        DeadLetterDeserializationHandler.class.getName());
                config.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG,
                        DeadLetterProcessingHandler.class.getName());
                config.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG,
                        DeadLetterProductionHandler.class.getName());
                // The processing handler also for the global stores' processors (their dead letters go aside).
                config.putIfAbsent(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, "true");
                factory.setStreamsConfiguration(config);
                factory.setClientSupplier(new SizeCheckingClientSupplier());
                factory.setStreamsUncaughtExceptionHandler(new ReplaceFailedThread(pulpoStreamErrors));
                factory.setStateListener((now, before) -> {
                    if (now == KafkaStreams.State.ERROR) {
                        AvailabilityChangeEvent.publish(events, factory, LivenessState.BROKEN);
                    }
                });
            };
        }

        /** {@code kafkaStreams} health: UP while the client is RUNNING or REBALANCING, DOWN otherwise. */
        @Configuration(proxyBeanMethods = false)
        @ConditionalOnClass(HealthIndicator.class)
        static class StreamsHealth {
            @Bean
            @ConditionalOnMissingBean(name = "kafkaStreamsHealthIndicator")
            KafkaStreamsHealthIndicator kafkaStreamsHealthIndicator(StreamsBuilderFactoryBean factory,
                    StreamErrors pulpoStreamErrors) {
                return new KafkaStreamsHealthIndicator(factory, pulpoStreamErrors);
            }
        }

        /** The counters, and whether the client runs, on the service's Micrometer registry when it has one. */
        @Configuration(proxyBeanMethods = false)
        @ConditionalOnClass(MeterRegistry.class)
        static class StreamsMetrics {
            /**
             * {@code pulpo_stream_running}: 1 while the client is RUNNING or REBALANCING, 0 otherwise, the test of
             * its health, so an alert sees what health says (PulpoStreamsNotRunning).
             */
            @Bean
            @ConditionalOnMissingBean(name = "pulpoStreamRunning")
            MeterBinder pulpoStreamRunning(StreamsBuilderFactoryBean factory) {
                return registry -> Gauge.builder("pulpo.stream.running", factory, f -> {
                    KafkaStreams streams = f.getKafkaStreams();
                    return streams != null && streams.state().isRunningOrRebalancing() ? 1 : 0;
                }).description("1 while Kafka Streams is RUNNING or REBALANCING, else 0").register(registry);
            }

            @Bean
            @ConditionalOnMissingBean(name = "pulpoErrorCounters")
            ErrorCounters pulpoErrorCounters(ObjectProvider<MeterRegistry> registry) {
                return new ErrorCounters() {
                    @Override
                    public void increment(String name, String... tags) {
                        registry.ifAvailable(r -> Counter.builder(name).tags(tags).register(r).increment());
                    }

                    @Override
                    public void register(String name, String... tags) {
                        registry.ifAvailable(r -> Counter.builder(name).tags(tags).register(r));
                    }
                };
            }
        }
    }
}
