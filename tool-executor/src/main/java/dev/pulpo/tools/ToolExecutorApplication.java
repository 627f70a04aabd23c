package dev.pulpo.tools;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.kafka.annotation.EnableKafkaStreams;

/**
 * tool-executor: consumes {@code tool-calls}, runs each call of a workspace's manifest once, and writes
 * one {@code tool-results} record per call. Start reading at {@link dev.pulpo.tools.stream.ToolExecutorTopology}.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableKafkaStreams
public class ToolExecutorApplication {

    /** The application as the launcher and {@code main} start it; its settings live in {@code tool-executor.yml}. */
    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(ToolExecutorApplication.class)
                .properties("spring.config.name=tool-executor");
    }

    public static void main(String[] args) {
        builder().run(args);
    }
}
