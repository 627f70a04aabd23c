package dev.pulpo.gateway.channel.decide;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pulpo.gateway.BrokerPerClass;
import dev.pulpo.gateway.GatewayApplication;
import dev.pulpo.gateway.workspace.WorkspaceDirectory;
import dev.pulpo.schemas.DemoWorkspace;
import dev.pulpo.schemas.Topics;
import dev.pulpo.schemas.event.Channel;
import dev.pulpo.schemas.event.Decision;
import dev.pulpo.schemas.event.InboundSnapshot;
import dev.pulpo.schemas.event.Timings;
import dev.pulpo.schemas.event.TurnIds;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
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

    @Test
    void aRetriedDecideGetsTheFirstDecisionWhileItIsInFlightAndAfter() throws Exception {
        await().atMost(Duration.ofSeconds(20)).until(() -> workspaces.find(DEMO).isPresent());
        String conversation = DEMO + ":+5491155550002";
        String snapshotId = TurnIds.snapshotId(conversation, "retry-1");
        String body = "{\"user_phone\":\"+5491155550002\",\"text\":\"hola\",\"message_id\":\"retry-1\"}";

        // When n8n's "retry on fail" sends the same message again while the first waits
        CompletableFuture<HttpResponse<String>> first = postAsync(body);
        CompletableFuture<HttpResponse<String>> retry = postAsync(body);
        Decision decided = new Decision(Decision.VERSION, TurnIds.decisionId(snapshotId), snapshotId, conversation,
                DEMO, Channel.API, Decision.ROUTE_LEGACY, "greeting", 0.95, Map.of(), List.of(), "¡Hola!", true,
                "legacy-1", Timings.ZERO, OffsetDateTime.now(), null);
        try (KafkaProducer<String, Decision> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, env.getProperty("spring.kafka.bootstrap-servers")),
                new StringSerializer(), Topics.DECISIONS.valueSerde().serializer())) {
            producer.send(new ProducerRecord<>(Topics.DECISIONS.name(), conversation, decided)).get();
        }

        // Then both get the one decision
        for (HttpResponse<String> response : List.of(first.get(), retry.get())) {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(json.readTree(response.body()).path("decision_id").asString())
                    .isEqualTo(decided.decisionId());
        }

        // And a retry after it is answered at once with it, writing nothing
        long started = System.nanoTime();
        HttpResponse<String> late = post("/orchestrator/decide", Map.of("X-Workspace-Id", DEMO), body);
        assertThat(late.statusCode()).isEqualTo(200);
        assertThat(json.readTree(late.body()).path("assistant").asString()).isEqualTo("¡Hola!");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(1500));
    }

    private CompletableFuture<HttpResponse<String>> postAsync(String body) {
        return http.sendAsync(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/orchestrator/decide"))
                .header("Content-Type", "application/json").header("X-Workspace-Id", DEMO)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
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
