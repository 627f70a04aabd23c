package dev.pulpo.gateway.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pulpo.gateway.GatewayApplication;
import dev.pulpo.gateway.workspace.WorkspaceDirectory;
import dev.pulpo.schemas.DemoWorkspace;
import dev.pulpo.schemas.Topic;
import dev.pulpo.schemas.Topics;
import dev.pulpo.schemas.event.FlagUpdate;
import dev.pulpo.schemas.event.Handoff;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The operator's HTTP API on a real (in-process KRaft) broker: token, workspaces, flags and releases. */
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=ingress-gateway", "pulpo.gateway.admin-token=s3cret-admin-token"})
class AdminApiTest {
    private static final String TOKEN = "s3cret-admin-token";
    private static final String DEMO = DemoWorkspace.ID;

    @DynamicPropertySource
    static void kafka(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", SharedKafka::bootstrapServers);
    }

    @LocalServerPort
    int port;

    @Autowired
    WorkspaceDirectory workspaces;

    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();

    @BeforeEach
    void demoSalonIsSeeded() {
        await().atMost(Duration.ofSeconds(20)).until(() -> workspaces.find(DEMO).isPresent());
    }

    @Test
    void withoutATokenEveryAdminEndpointIs401WithAJsonError() throws Exception {
        List<HttpResponse<String>> responses = List.of(
                send("GET", "/admin/workspaces", null, null),
                send("PUT", "/admin/workspaces/barberia-norte", null, barber("barberia-norte", "+5491140000001")),
                send("GET", "/admin/flags", null, null),
                send("POST", "/conversations/" + DEMO + ":+5491155550001/release", null, null));

        assertThat(responses).allSatisfy(response -> {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(401);
            assertThat(response.headers().firstValue("WWW-Authenticate"))
                    .hasValueSatisfying(v -> assertThat(v).startsWith("Bearer realm="));
            assertThat(json.readTree(response.body()).path("error").asString()).contains("bearer token");
        });
    }

    @Test
    void aWrongTokenIs401AndNothingIsPublished() throws Exception {
        HttpResponse<String> response = send("PUT", "/admin/workspaces/barberia-wrong", "not-the-token",
                barber("barberia-wrong", "+5491140000002"));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(json.readTree(response.body()).path("error").asString()).isEqualTo("wrong bearer token");
        assertThat(send("GET", "/admin/workspaces/barberia-wrong", TOKEN, null).statusCode()).isEqualTo(404);
    }

    @Test
    void aValidWorkspaceIsPublishedThenKnownToTheDirectoryAndListedWithItsNumbers() throws Exception {
        HttpResponse<String> put = send("PUT", "/admin/workspaces/barberia-sur", TOKEN,
                barber("barberia-sur", "+5491140000003"));

        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        JsonNode stored = json.readTree(put.body());
        assertThat(stored.path("workspace_id").asString()).isEqualTo("barberia-sur");
        assertThat(stored.path("services").get(1).path("name").asString()).isEqualTo("Barba");
        await().atMost(Duration.ofSeconds(10)).until(() -> workspaces.find("barberia-sur").isPresent());
        assertThat(workspaces.byPhone("+5491140000003")).hasValueSatisfying(
                w -> assertThat(w.workspaceId()).isEqualTo("barberia-sur"));

        JsonNode list = json.readTree(send("GET", "/admin/workspaces", TOKEN, null).body());
        assertThat(list.valueStream().map(w -> w.path("workspace_id").asString()).toList())
                .contains(DEMO, "barberia-sur");
        assertThat(list.valueStream().filter(w -> w.path("workspace_id").asString().equals("barberia-sur"))
                .findFirst().orElseThrow().path("phone_numbers").get(0).asString()).isEqualTo("+5491140000003");

        HttpResponse<String> one = send("GET", "/admin/workspaces/barberia-sur", TOKEN, null);
        assertThat(json.readTree(one.body()).path("timezone").asString()).isEqualTo("America/Montevideo");

        // Publishing it again with the same numbers is an update, not a conflict with itself.
        assertThat(send("PUT", "/admin/workspaces/barberia-sur", TOKEN, barber("barberia-sur", "+5491140000003"))
                .statusCode()).isEqualTo(200);
    }

    @Test
    void anInvalidWorkspaceIsRefusedWith422ListingEveryError() throws Exception {
        String broken = """
                {"schema_version": 1, "workspace_id": "barberia-rota",
                 "timezone": "Mars/Olympus_Mons", "phone_numbers": ["1140000004"],
                 "hours": {"monday": [["19:00", "09:00"]], "tuesday": [["09:00", "13:00"], ["12:00", "18:00"]]},
                 "services": [{"id": "barba", "name": "Barba", "price_min": 5000, "price_max": 4000,
                               "duration_minutes": 30}],
                 "booking": {"slot_step_minutes": 15, "min_lead_minutes": 60, "horizon_days": 30, "parallel_chairs": 1},
                 "policy": {"max_actions_per_turn": 3, "tools": ["get_services", "teleport"]}}""";

        HttpResponse<String> response = send("PUT", "/admin/workspaces/barberia-otra", TOKEN, broken);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(422);
        JsonNode body = json.readTree(response.body());
        assertThat(body.path("error").asString()).isEqualTo("invalid workspace");
        List<String> errors = body.path("errors").valueStream().map(JsonNode::asString).toList();
        assertThat(errors)
                .anySatisfy(e -> assertThat(e).isEqualTo("$: required property 'name' not found"))
                .anySatisfy(e -> assertThat(e).startsWith("$.phone_numbers[0]: ").contains("regex"))
                .anySatisfy(e -> assertThat(e).startsWith("$.timezone").contains("Mars/Olympus_Mons"))
                .anySatisfy(e -> assertThat(e).startsWith("$.hours.monday[0]").contains("open before it closes"))
                .anySatisfy(e -> assertThat(e).startsWith("$.hours.tuesday[1]").contains("without overlaps"))
                .anySatisfy(e -> assertThat(e).startsWith("$.workspace_id").contains("barberia-otra"))
                .anySatisfy(e -> assertThat(e).startsWith("$.services[0]").contains("price_max"))
                .anySatisfy(e -> assertThat(e).startsWith("$.policy.tools[1]").contains("teleport"));
        assertThat(workspaces.find("barberia-rota")).isEmpty();
    }

    @Test
    void aNumberThatAnotherWorkspaceAnswersOnIsRefused() throws Exception {
        String demoNumber = DemoWorkspace.load().phoneNumbers().getFirst();

        HttpResponse<String> response = send("PUT", "/admin/workspaces/barberia-copiona", TOKEN,
                barber("barberia-copiona", demoNumber));

        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(json.readTree(response.body()).path("errors").get(0).asString())
                .startsWith("$.phone_numbers[0]").contains(demoNumber).contains(DEMO);
    }

    @Test
    void flagsAreSetPerScopeAndReadBackAndAFlagLeftOutKeepsItsValue() throws Exception {
        HttpResponse<String> set = send("PUT", "/admin/flags", TOKEN,
                "{\"scope\": \"global\", \"enable_slm_pipeline\": true, \"slm_canary_percent\": 10}");
        assertThat(set.statusCode()).as(set.body()).isEqualTo(200);
        HttpResponse<String> canary = send("PUT", "/admin/flags", TOKEN,
                "{\"scope\": \"" + DEMO + "\", \"slm_canary_percent\": 50}");
        assertThat(canary.statusCode()).as(canary.body()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode flags = json.readTree(send("GET", "/admin/flags", TOKEN, null).body());
            assertThat(flags.path("global").path("enable_slm_pipeline").asBoolean()).isTrue();
            assertThat(flags.path("global").path("slm_canary_percent").asInt()).isEqualTo(10);
            assertThat(flags.path(DEMO).path("slm_canary_percent").asInt()).isEqualTo(50);
            assertThat(flags.path(DEMO).has("enable_slm_pipeline")).as("inherits the global value").isFalse();
        });

        // Only the percentage changes; the pipeline stays enabled. null clears a flag of the scope.
        send("PUT", "/admin/flags", TOKEN, "{\"scope\": \"global\", \"slm_canary_percent\": 100}");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode global = json.readTree(send("GET", "/admin/flags", TOKEN, null).body()).path("global");
            assertThat(global.path("slm_canary_percent").asInt()).isEqualTo(100);
            assertThat(global.path("enable_slm_pipeline").asBoolean()).isTrue();
        });
        FlagUpdate last = lastValue(Topics.ORCHESTRATOR_CONTROL, "global");
        assertThat(last.enableSlmPipeline()).isTrue();
        assertThat(last.slmCanaryPercent()).isEqualTo(100);
        assertThat(last.updatedBy()).isEqualTo("admin-api");
    }

    @Test
    void badFlagValuesAre400AndAnUnknownWorkspaceScopeIs404() throws Exception {
        HttpResponse<String> tooMuch = send("PUT", "/admin/flags", TOKEN,
                "{\"scope\": \"global\", \"slm_canary_percent\": 150}");
        HttpResponse<String> notBoolean = send("PUT", "/admin/flags", TOKEN,
                "{\"scope\": \"global\", \"enable_slm_pipeline\": \"yes\"}");
        HttpResponse<String> noScope = send("PUT", "/admin/flags", TOKEN, "{\"slm_canary_percent\": 10}");
        HttpResponse<String> typo = send("PUT", "/admin/flags", TOKEN, "{\"scope\": \"global\", \"canary\": 10}");
        HttpResponse<String> unknown = send("PUT", "/admin/flags", TOKEN,
                "{\"scope\": \"no-such-salon\", \"slm_canary_percent\": 10}");

        assertThat(tooMuch.statusCode()).isEqualTo(400);
        assertThat(json.readTree(tooMuch.body()).path("field").asString()).isEqualTo("slm_canary_percent");
        assertThat(notBoolean.statusCode()).isEqualTo(400);
        assertThat(json.readTree(notBoolean.body()).path("field").asString()).isEqualTo("enable_slm_pipeline");
        assertThat(noScope.statusCode()).isEqualTo(400);
        assertThat(json.readTree(noScope.body()).path("field").asString()).isEqualTo("scope");
        assertThat(typo.statusCode()).isEqualTo(400);
        assertThat(json.readTree(typo.body()).path("field").asString()).isEqualTo("canary");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(json.readTree(unknown.body()).path("error").asString()).isEqualTo("unknown workspace no-such-salon");
    }

    @Test
    void aReleaseIsWrittenToHandoffsKeyedByTheConversation() throws Exception {
        String conversation = DEMO + ":+5491155550009";

        HttpResponse<String> response = send("POST", "/conversations/" + DEMO + ":%2B5491155550009/release", TOKEN,
                null);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        assertThat(json.readTree(response.body()).path("kind").asString()).isEqualTo("release");
        Handoff release = lastValue(Topics.HANDOFFS, conversation);
        assertThat(release.kind()).isEqualTo(Handoff.RELEASE);
        assertThat(release.workspaceId()).isEqualTo(DEMO);
        assertThat(release.reason()).isEqualTo("released by operator");
        assertThat(release.lastTurns()).isEmpty();
    }

    @Test
    void aReleaseOfSomethingThatIsNotAConversationIs400AndOfAnUnknownWorkspace404() throws Exception {
        assertThat(send("POST", "/conversations/" + DEMO + "/release", TOKEN, null).statusCode()).isEqualTo(400);
        assertThat(send("POST", "/conversations/no-such-salon:+5491155550009/release", TOKEN, null).statusCode())
                .isEqualTo(404);
    }

    /** A barber shop: its own number, time zone and catalog. */
    static String barber(String id, String phone) {
        return """
                {"schema_version": 1, "workspace_id": "%s", "name": "Barbería del Puerto", "locale": "es-AR",
                 "timezone": "America/Montevideo", "currency": "UYU", "phone_numbers": ["%s"],
                 "hours": {"tuesday": [["10:00", "14:00"], ["15:00", "20:00"]], "saturday": [["09:00", "13:00"]]},
                 "services": [
                   {"id": "corte-clasico", "name": "Corte Clásico", "price_min": 600, "price_max": 600,
                    "synonyms": ["corte", "corte de pelo"], "duration_minutes": 30},
                   {"id": "barba", "name": "Barba", "price_min": 450, "price_max": 450,
                    "synonyms": ["barba", "afeitado"], "duration_minutes": 20}],
                 "booking": {"slot_step_minutes": 10, "min_lead_minutes": 30, "horizon_days": 30, "parallel_chairs": 1},
                 "policy": {"max_actions_per_turn": 3, "tools": ["get_business_hours", "get_services"]}}"""
                .formatted(id, phone);
    }

    private <V> V lastValue(Topic<String, V> topic, String key) {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                topic.valueSerde())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic.name()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ConsumerRecord<String, V>> records = new ArrayList<>();
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
            });
            return records.stream().filter(r -> key.equals(r.key())).reduce((a, b) -> b).orElseThrow().value();
        }
    }

    private HttpResponse<String> send(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
