package dev.pulpo.gateway.channel.decide;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pulpo.gateway.BrokerPerClass;
import dev.pulpo.gateway.GatewayApplication;
import dev.pulpo.gateway.workspace.WorkspaceDirectory;
import dev.pulpo.schemas.DemoWorkspace;
import dev.pulpo.schemas.Topics;
import dev.pulpo.schemas.event.InboundSnapshot;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The HTTP contract of the synchronous endpoints, on a real (embedded KRaft) broker without an orchestrator. */
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=ingress-gateway", "pulpo.gateway.total-timeout=1500ms",
                "pulpo.auth.api-keys-required=false"})
class ChatApiTest {
    @RegisterExtension
    static final BrokerPerClass KAFKA = new BrokerPerClass();

    @DynamicPropertySource
    static void kafka(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", KAFKA::bootstrapServers);
    }

    private static final String DEMO = DemoWorkspace.ID;

    @LocalServerPort
    int port;

    @Autowired
    WorkspaceDirectory workspaces;

    @Autowired
    org.springframework.core.env.Environment env;

    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void theDemoWorkspaceIsPublishedAtStartWhenAbsent() {
        await().atMost(Duration.ofSeconds(20)).until(() -> workspaces.find(DEMO).isPresent());
    }

    @Test
    void aMissingTextIsA400NamingTheField() throws Exception {
        HttpResponse<String> response = post("/orchestrator/decide", Map.of("X-Workspace-Id", DEMO),
                "{\"user_phone\":\"+5491155550001\"}");
        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode body = json.readTree(response.body());
        assertThat(body.path("error").asString()).isEqualTo("missing required field 'text'");
        assertThat(body.path("field").asString()).isEqualTo("text");
    }

    @Test
    void aPhoneThatIsNotE164IsA400() throws Exception {
        HttpResponse<String> response = post("/chat", Map.of(),
                "{\"workspace_id\":\"" + DEMO + "\",\"user\":\"1155550001\",\"text\":\"hola\"}");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json.readTree(response.body()).path("field").asString()).isEqualTo("user");
    }

    @Test
    void anUnknownWorkspaceIsA404() throws Exception {
        HttpResponse<String> response = post("/orchestrator/decide", Map.of("X-Workspace-Id", "no-such-salon"),
                "{\"user_phone\":\"+5491155550001\",\"text\":\"hola\"}");
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(json.readTree(response.body()).path("error").asString()).isEqualTo("unknown workspace no-such-salon");
    }

    @Test
    void aBodyThatIsNotJsonIsA400WithAJsonError() throws Exception {
        HttpResponse<String> response = post("/chat", Map.of(), "{oops");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json.readTree(response.body()).path("error").asString()).contains("not valid JSON");
    }

    @Test
    void anUnknownPathIsA404WithAJsonError() throws Exception {
        HttpResponse<String> response = post("/nowhere", Map.of(), "{}");
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(json.readTree(response.body()).has("error")).isTrue();
    }

    @Test
    void withoutADecisionInTimeTheAnswerIs504WithTheDecisionIdAndTheSnapshotWasWritten() throws Exception {
        await().atMost(Duration.ofSeconds(20)).until(() -> workspaces.find(DEMO).isPresent());

        HttpResponse<String> response = post("/orchestrator/decide", Map.of("X-Workspace-Id", DEMO),
                "{\"user_phone\":\"+5491155550001\",\"text\":\"hola\",\"message_id\":\"m-1\"}");

        assertThat(response.statusCode()).isEqualTo(504);
        assertThat(json.readTree(response.body()).path("decision_id").asString()).isNotBlank();
        List<ConsumerRecord<String, InboundSnapshot>> written = readSnapshots();
        assertThat(written).anySatisfy(r -> {
            assertThat(r.key()).isEqualTo(DEMO + ":+5491155550001");
            assertThat(r.value().messageId()).isEqualTo("m-1");
            assertThat(r.value().text()).isEqualTo("hola");
        });
    }

    private List<ConsumerRecord<String, InboundSnapshot>> readSnapshots() {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, env.getProperty("spring.kafka.bootstrap-servers"),
                ConsumerConfig.GROUP_ID_CONFIG, "chat-api-test",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, InboundSnapshot> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                Topics.INBOUND_SNAPSHOTS.valueSerde())) {
            consumer.subscribe(List.of(Topics.INBOUND_SNAPSHOTS.name()));
            List<ConsumerRecord<String, InboundSnapshot>> records = new java.util.ArrayList<>();
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                return !records.isEmpty();
            });
            return records;
        }
    }

    private HttpResponse<String> post(String path, Map<String, String> headers, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
