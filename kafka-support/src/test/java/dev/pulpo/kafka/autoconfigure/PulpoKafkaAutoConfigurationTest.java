package dev.pulpo.kafka.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;

import dev.pulpo.schemas.Topics;
import java.util.Collection;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
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
