package dev.pulpo.tools;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.StreamsBuilderFactoryBeanConfigurer;

/** How the Kafka Streams instance that Spring runs is started and stopped, beyond {@code tool-executor.yml}. */
@Configuration(proxyBeanMethods = false)
class StreamsConfiguration {
    /**
     * Leave the consumer group on close: Kafka Streams otherwise stays a member until its session times out
     * (45 s), and a restarted instance waits that long for its partitions, bookings stalled meanwhile.
     */
    @Bean
    StreamsBuilderFactoryBeanConfigurer leaveGroupOnClose() {
        return factory -> factory.setLeaveGroupOnClose(true);
    }
}
