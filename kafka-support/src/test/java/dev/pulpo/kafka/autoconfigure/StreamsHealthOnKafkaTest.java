package dev.pulpo.kafka.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pulpo.ops.broker.LocalKafka;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.availability.ApplicationAvailabilityAutoConfiguration;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.LivenessState;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.annotation.EnableKafkaStreams;
import org.springframework.kafka.annotation.KafkaStreamsDefaultConfiguration;
import org.springframework.kafka.config.KafkaStreamsConfiguration;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;

/**
 * Health that tells the truth, on a real in-process KRaft broker: a Spring service with the auto-configuration and a
 * global store whose thread dies (an {@link Error} in its processor, once) is DOWN and no longer live; started again,
 * it is UP.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StreamsHealthOnKafkaTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final AtomicBoolean DIE_ONCE = new AtomicBoolean(true);
    private static String bootstrap;
    private static final String TOPIC = "health-global-" + UUID.randomUUID();

    private LocalKafka kafka;

    @BeforeAll
    void startKafka() throws Exception {
        kafka = new LocalKafka(Path.of("target", "kafka-" + UUID.randomUUID()), 0).start();
        bootstrap = kafka.bootstrapServers();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1), new NewTopic(TOPIC + "-in", 1, (short) 1)))
                    .all().get(30, TimeUnit.SECONDS);
        }
    }

    @AfterAll
    void stopKafka() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void aClientWhoseGlobalThreadDiedIsDownAndNotLiveAndUpAgainOnceStartedAgain() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(PulpoKafkaAutoConfiguration.class,
                        ApplicationAvailabilityAutoConfiguration.class))
                .withUserConfiguration(GlobalStoreService.class, Topology.class)
                .run(context -> {
                    StreamsBuilderFactoryBean factory = context.getBean(StreamsBuilderFactoryBean.class);
                    HealthIndicator health = context.getBean("kafkaStreamsHealthIndicator", HealthIndicator.class);
                    ApplicationAvailability availability = context.getBean(ApplicationAvailability.class);
                    await().dontCatchUncaughtExceptions().atMost(WAIT).until(() -> factory.getKafkaStreams().state() == KafkaStreams.State.RUNNING);
                    assertThat(health.health().getStatus()).isEqualTo(Status.UP);
                    assertThat(health.health(true).getDetails()).containsEntry("state", "RUNNING")
                            .containsEntry("streamThreads", 1);

                    // When the global thread dies
                    send("die");

                    // Then the client is in ERROR: down, and no longer live
                    await().dontCatchUncaughtExceptions().atMost(WAIT).until(() -> factory.getKafkaStreams().state() == KafkaStreams.State.ERROR);
                    assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
                    assertThat(health.health(true).getDetails()).containsEntry("state", "ERROR");
                    assertThat(availability.getLivenessState()).isEqualTo(LivenessState.BROKEN);

                    // And once started again, up
                    factory.stop();
                    factory.start();
                    await().dontCatchUncaughtExceptions().atMost(WAIT).until(() -> health.health().getStatus().equals(Status.UP));
                });
    }

    private static void send(String key) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(TOPIC, key, "value")).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableKafkaStreams
    static class GlobalStoreService {
        @Bean(KafkaStreamsDefaultConfiguration.DEFAULT_STREAMS_CONFIG_BEAN_NAME)
        KafkaStreamsConfiguration streamsConfig() {
            return new KafkaStreamsConfiguration(Map.of(
                    StreamsConfig.APPLICATION_ID_CONFIG, "health-test-" + UUID.randomUUID(),
                    StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    StreamsConfig.STATE_DIR_CONFIG, Path.of("target", "state-" + UUID.randomUUID()).toAbsolutePath()
                            .toString()));
        }
    }

    /** A global store whose processor kills its thread once, and a stream that does nothing. */
    static class Topology {
        @Autowired
        void topology(StreamsBuilder builder) {
            builder.addGlobalStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("global"), Serdes.String(),
                            Serdes.String()).withLoggingDisabled(), TOPIC, Consumed.with(Serdes.String(), Serdes.String()),
                    () -> new Processor<String, String, Void, Void>() {
                        @Override
                        public void process(Record<String, String> record) {
                            if ("die".equals(record.key()) && DIE_ONCE.getAndSet(false)) {
                                throw new AssertionError("the global thread dies");
                            }
                        }
                    });
            // A stream thread needs a source of its own.
            builder.stream(TOPIC + "-in", Consumed.with(Serdes.String(), Serdes.String())).foreach((k, v) -> {
            });
        }
    }
}
