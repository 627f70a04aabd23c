package dev.pulpo.gateway.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pulpo.gateway.BrokerPerClass;
import dev.pulpo.gateway.GatewayApplication;
import dev.pulpo.gateway.admin.FlagsView;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The gateway's health tells the truth about its local views of topics: DOWN (and not ready) while one does not
 * follow its topic, UP again once it does; liveness stays UP, since a view follows again by itself.
 */
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=ingress-gateway", "pulpo.auth.api-keys-required=false",
                "management.endpoint.health.show-details=always"})
class TopicViewsHealthTest {
    @RegisterExtension
    static final BrokerPerClass KAFKA = new BrokerPerClass();

    @DynamicPropertySource
    static void kafka(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", KAFKA::bootstrapServers);
    }

    @LocalServerPort
    int port;

    @Autowired
    FlagsView flags;

    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void aViewThatStopsFollowingItsTopicTurnsHealthAndReadinessDownAndFollowingAgainTurnsThemUp() throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() -> get("/actuator/health").statusCode() == 200);
        assertThat(get("/actuator/health").body()).contains("\"topicViews\"").contains("\"orchestrator-control\"");
        assertThat(get("/actuator/health/readiness").statusCode()).isEqualTo(200);

        // When the flags' view stops following orchestrator-control
        flags.stop();

        // Then the gateway is down and not ready, and says which view
        HttpResponse<String> health = get("/actuator/health");
        assertThat(health.statusCode()).isEqualTo(503);
        JsonNode body = json.readTree(health.body());
        assertThat(body.path("status").asString()).isEqualTo("DOWN");
        assertThat(body.path("components").path("topicViews").path("details").path("orchestrator-control")
                .path("state").asString()).isEqualTo("CLOSED");
        assertThat(body.path("components").path("topicViews").path("details").path("workspaces").path("state")
                .asString()).isEqualTo("FOLLOWING");
        assertThat(get("/actuator/health/readiness").statusCode()).isEqualTo(503);
        assertThat(get("/actuator/health/liveness").statusCode()).isEqualTo(200);

        // And once it follows again, up
        flags.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> get("/actuator/health").statusCode() == 200);
        assertThat(get("/actuator/health/readiness").statusCode()).isEqualTo(200);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
