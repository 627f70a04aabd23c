package dev.pulpo.kafka.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;

import dev.pulpo.kafka.streams.errors.DeadLetterDeserializationHandler;
import dev.pulpo.kafka.streams.errors.DeadLetterProcessingHandler;
import dev.pulpo.kafka.streams.errors.DeadLetterProductionHandler;
import dev.pulpo.kafka.streams.errors.ReplaceFailedThread;
import dev.pulpo.kafka.streams.errors.SizeCheckingClientSupplier;
import dev.pulpo.kafka.streams.errors.StreamErrors;
import dev.pulpo.schemas.Topics;
import java.util.Collection;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.annotation.EnableKafkaStreams;
import org.springframework.kafka.annotation.KafkaStreamsDefaultConfiguration;
import org.springframework.kafka.config.KafkaStreamsConfiguration;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;
import org.springframework.kafka.config.StreamsBuilderFactoryBeanConfigurer;
import org.springframework.kafka.core.KafkaAdmin;

class PulpoKafkaAutoConfigurationTest {
    private final ApplicationContextRunner contexts = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(PulpoKafkaAutoConfiguration.class));

    @Test
    void createsEveryTopicOfTheCatalogWithTheReplicationFactorAsked() {
        contexts.withPropertyValues("PULPO_REPLICATION_FACTOR=3")
                .withBean(TopicsSeen.class)
                .run(context -> {
                    Collection<NewTopic> topics = context.getBean(TopicsSeen.class).seen();
                    assertThat(topics).containsExactlyInAnyOrderElementsOf(Topics.newTopics((short) 3));
                    assertThat(topics).allSatisfy(topic -> assertThat(topic.replicationFactor()).isEqualTo((short) 3));
                });
    }

    @Test
    void aServiceWithoutKafkaStreamsGetsNoStreamsSettingsEvenWithKafkaStreamsOnTheClassPath() {
        // The gateway, which the launcher runs on one class path with the three Streams services.
        contexts.run(context -> {
            assertThat(context).hasBean("pulpoTopics");
            assertThat(context).doesNotHaveBean("leaveGroupOnClose");
        });
    }

    @Test
    void aKafkaStreamsServiceLeavesItsGroupOnClose() {
        contexts.withUserConfiguration(StreamsService.class).run(context -> {
            assertThat(context).hasNotFailed();
            StreamsBuilderFactoryBeanConfigurer configurer =
                    context.getBean("leaveGroupOnClose", StreamsBuilderFactoryBeanConfigurer.class);
            StreamsBuilderFactoryBean factory = mock(StreamsBuilderFactoryBean.class);
            configurer.configure(factory);
            verify(factory).setLeaveGroupOnClose(true);
        });
    }

    @Test
    void aKafkaStreamsServiceDeadLettersWhatFailsReplacesDeadThreadsAndRefusesOversizedRecordsBeforeTheProducer() {
        contexts.withUserConfiguration(StreamsService.class)
                .withPropertyValues("spring.application.name=the-service")
                .run(context -> {
                    StreamErrors errors = context.getBean(StreamErrors.class);
                    assertThat(errors.service()).isEqualTo("the-service");
                    StreamsBuilderFactoryBean factory = context.getBean(StreamsBuilderFactoryBean.class);
                    Properties config = factory.getStreamsConfiguration();
                    assertThat(config.get(StreamErrors.CONFIG)).isSameAs(errors);
                    assertThat(config).containsEntry(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
                                    DeadLetterDeserializationHandler.class.getName())
                            .containsEntry(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG,
                                    DeadLetterProcessingHandler.class.getName())
                            .containsEntry(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG,
                                    DeadLetterProductionHandler.class.getName())
                            .containsEntry(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, "true");
                    assertThat(factory.getStreamsUncaughtExceptionHandler()).isInstanceOf(ReplaceFailedThread.class);
                    assertThat(factory).extracting("clientSupplier").isInstanceOf(SizeCheckingClientSupplier.class);
                });
    }

    @Test
    void aKafkaStreamsServiceNotRunningIsDown() {
        contexts.withUserConfiguration(StreamsService.class).run(context -> {
            Health health = context.getBean("kafkaStreamsHealthIndicator", HealthIndicator.class).health(true);
            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            assertThat(health.getDetails()).containsEntry("state", "NOT_CREATED");
        });
    }

    @Test
    void theGatewayGetsNeitherErrorHandlingNorStreamsHealth() {
        contexts.run(context -> {
            assertThat(context).doesNotHaveBean(StreamErrors.class);
            assertThat(context).doesNotHaveBean("kafkaStreamsHealthIndicator");
        });
    }

    @Test
    void aServiceReplacesEitherBeanWithOneOfTheSameName() {
        KafkaAdmin.NewTopics own = new KafkaAdmin.NewTopics(new NewTopic("own", 1, (short) 1));
        StreamsBuilderFactoryBeanConfigurer stay = factory -> factory.setLeaveGroupOnClose(false);
        contexts.withUserConfiguration(StreamsService.class)
                .withBean("pulpoTopics", KafkaAdmin.NewTopics.class, () -> own)
                .withBean("leaveGroupOnClose", StreamsBuilderFactoryBeanConfigurer.class, () -> stay)
                .run(context -> {
                    assertThat(context.getBean("pulpoTopics")).isSameAs(own);
                    assertThat(context).getBeans(KafkaAdmin.NewTopics.class).hasSize(1);
                    assertThat(context.getBean("leaveGroupOnClose")).isSameAs(stay);
                });
    }

    @Test
    void staysOutOfAContextWithoutSpringKafka() {
        contexts.withClassLoader(new FilteredClassLoader(KafkaAdmin.class))
                .run(context -> assertThat(context).doesNotHaveBean("pulpoTopics"));
    }

    /** The topics a KafkaAdmin would create at start, as it collects them; it never connects. */
    static class TopicsSeen extends KafkaAdmin {
        TopicsSeen() {
            super(Map.of());
            setAutoCreate(false);
        }

        Collection<NewTopic> seen() {
            return newTopics();
        }
    }

    /** A service with {@code @EnableKafkaStreams}; its client is never started, so no broker is needed. */
    @Configuration(proxyBeanMethods = false)
    @EnableKafkaStreams
    static class StreamsService {
        @Bean(KafkaStreamsDefaultConfiguration.DEFAULT_STREAMS_CONFIG_BEAN_NAME)
        KafkaStreamsConfiguration streamsConfig() {
            return new KafkaStreamsConfiguration(Map.of(
                    StreamsConfig.APPLICATION_ID_CONFIG, "auto-configuration-test",
                    StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:1"));
        }

        @Bean
        StreamsBuilderFactoryBeanConfigurer neverStart() {
            return factory -> factory.setAutoStartup(false);
        }
    }
}
