package dev.pulpo.orchestrator;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.kafka.annotation.EnableKafkaStreams;

/**
 * orchestrator-stream: decides every turn of every conversation. Start reading at
 * {@link dev.pulpo.orchestrator.stream.OrchestratorTopology}, the flow top to bottom, then
 * {@link dev.pulpo.orchestrator.turn.ConversationEngine}, what happens to one conversation.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableKafkaStreams
public class OrchestratorApplication {

    /** The application as the launcher and {@code main} start it; its settings live in {@code orchestrator-stream.yml}. */
    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(OrchestratorApplication.class)
                .properties("spring.config.name=orchestrator-stream");
    }

    public static void main(String[] args) {
        builder().run(args);
    }
}
