package dev.pulpo.outbound;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.kafka.annotation.EnableKafkaStreams;

/**
 * outbound-sender: consumes {@code outbound-messages}, sends each reply once, and records what happened
 * on {@code outbound-status}. Start reading at {@link dev.pulpo.outbound.stream.OutboundTopology}.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableKafkaStreams
public class OutboundSenderApplication {

    /** The application as the launcher and {@code main} start it; its settings live in {@code outbound-sender.yml}. */
    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(OutboundSenderApplication.class)
                .properties("spring.config.name=outbound-sender");
    }

    public static void main(String[] args) {
        builder().run(args);
    }
}
