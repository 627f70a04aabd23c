package dev.pulpo.gateway;

import dev.pulpo.schemas.Topics;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaAdmin;

/** Creates the catalog's topics at start when they are missing, so a service runs against an empty broker. */
@Configuration(proxyBeanMethods = false)
class KafkaConfiguration {
    @Bean
    KafkaAdmin.NewTopics pulpoTopics(@Value("${PULPO_REPLICATION_FACTOR:1}") short replicationFactor) {
        return new KafkaAdmin.NewTopics(Topics.newTopics(replicationFactor).toArray(NewTopic[]::new));
    }
}
