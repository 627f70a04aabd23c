package dev.pulpo.kafka.autoconfigure;

import dev.pulpo.schemas.Topics;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.streams.StreamsBuilder;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.annotation.KafkaStreamsDefaultConfiguration;
import org.springframework.kafka.config.StreamsBuilderFactoryBeanConfigurer;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * The Kafka plumbing every service's Spring context gets: the catalog's topics, and how a Kafka Streams service's
 * client joins and leaves. A service replaces either bean by declaring one of the same name.
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
    }
}
