package dev.pulpo.gateway.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulpo.gateway.GatewayApplication;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.json.JsonMapper;

/** Without ADMIN_TOKEN the operator's endpoints are closed (403), whatever token a caller sends. */
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=ingress-gateway", "pulpo.gateway.admin-token=",
                "pulpo.gateway.seed-demo-workspace=false"})
class AdminApiDisabledTest {
    @DynamicPropertySource
    static void kafka(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", SharedKafka::bootstrapServers);
    }

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void everyAdminEndpointAnswers403AskingForAnAdminTokenWhenNoneIsSet() throws Exception {
        for (HttpRequest.Builder request : new HttpRequest.Builder[] {
                request("/admin/workspaces").GET(),
                request("/admin/workspaces/x").PUT(HttpRequest.BodyPublishers.ofString("{}")),
                request("/admin/flags").PUT(HttpRequest.BodyPublishers.ofString("{\"scope\":\"global\"}")),
                request("/conversations/x:+5491155550001/release").POST(HttpRequest.BodyPublishers.noBody())}) {
            HttpResponse<String> response = http.send(request.header("Authorization", "Bearer anything")
                    .build(), HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).as(response.body()).isEqualTo(403);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/json"));
            assertThat(JsonMapper.builder().build().readTree(response.body()).path("error").asString())
                    .isEqualTo("admin API disabled: set ADMIN_TOKEN");
        }
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", "application/json");
    }
}
