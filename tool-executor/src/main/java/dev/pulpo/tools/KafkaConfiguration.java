package dev.pulpo.tools;

import dev.pulpo.schemas.Topics;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.StreamsBuilderFactoryBeanConfigurer;
import org.springframework.kafka.core.KafkaAdmin;

/** The service's Kafka plumbing: the catalog's topics, and how its Streams client joins and leaves. */
@Configuration(proxyBeanMethods = false)
class KafkaConfiguration {

    /** Creates the catalog's topics at start when they are missing, so the service runs against an empty broker. */
    @Bean
    KafkaAdmin.NewTopics pulpoTopics(@Value("${PULPO_REPLICATION_FACTOR:1}") short replicationFactor) {
        return new KafkaAdmin.NewTopics(Topics.newTopics(replicationFactor).toArray(NewTopic[]::new));
    }

    /**
     * Leave the consumer group on a clean stop: the partitions move at once instead of waiting for the
     * session to time out, which would hold a restarted or redeployed service for about 45 s.
     */
    @Bean
    StreamsBuilderFactoryBeanConfigurer leaveGroupOnClose() {
        return factory -> factory.setLeaveGroupOnClose(true);
    }
}
