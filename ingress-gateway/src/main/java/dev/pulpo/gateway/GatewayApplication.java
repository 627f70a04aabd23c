package dev.pulpo.gateway;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * ingress-gateway: turns every message that comes in over HTTP into an {@code inbound-snapshots} event,
 * and, for the synchronous endpoints, waits for the decision. Start reading at
 * {@link dev.pulpo.gateway.channel.decide.ChatController}.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class GatewayApplication {

    /** The application as the launcher and {@code main} start it; its settings live in {@code ingress-gateway.yml}. */
    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(GatewayApplication.class)
                .properties("spring.config.name=ingress-gateway");
    }

    public static void main(String[] args) {
        builder().run(args);
    }
}
