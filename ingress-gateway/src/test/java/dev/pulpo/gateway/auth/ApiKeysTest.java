package dev.pulpo.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pulpo.gateway.BrokerPerClass;
import dev.pulpo.gateway.GatewayApplication;
import dev.pulpo.gateway.TopicReader;
import dev.pulpo.gateway.kafka.EventPublisher;
import dev.pulpo.gateway.workspace.WorkspaceDirectory;
import dev.pulpo.schemas.DemoWorkspace;
import dev.pulpo.schemas.Topics;
import dev.pulpo.schemas.event.InboundSnapshot;
import dev.pulpo.schemas.event.OutboundStatus;
import dev.pulpo.schemas.event.Workspace;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
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
 * The customer-facing endpoints as an attacker tries them: without a key, with a forged or revoked one, with one
 * key for another workspace, or relaying a message from another business's number. Each is refused with the JSON
 * error, and nothing reaches Kafka.
 */
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=ingress-gateway", "pulpo.gateway.admin-token=" + ApiKeysTest.ADMIN})
class ApiKeysTest {
    static final String ADMIN = "admin-token-for-keys";
    @RegisterExtension
    static final BrokerPerClass KAFKA = new BrokerPerClass();
    private static final String DEMO = DemoWorkspace.ID;
    private static final String OTHER = "other-salon";
    private static final String OTHER_NUMBER = "+5491166660000";

    @DynamicPropertySource
    static void kafka(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", KAFKA::bootstrapServers);
    }

    @LocalServerPort
    int port;

    @Autowired
    WorkspaceDirectory workspaces;

    @Autowired
    ApiKeyDirectory keys;

    @Autowired
    EventPublisher publisher;

    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();

    @BeforeEach
    void twoWorkspacesExist() throws Exception {
        Workspace demo = DemoWorkspace.load();
        Workspace other = new Workspace(demo.schemaVersion(), OTHER, "Otro Salón", demo.locale(), demo.timezone(),
                demo.currency(), List.of(OTHER_NUMBER), demo.address(), demo.hours(), demo.services(),
                demo.booking(), demo.policy(), demo.tools(), demo.handoff());
        publisher.publish(Topics.WORKSPACES, OTHER, other).get();
        await().atMost(Duration.ofSeconds(20)).until(() -> workspaces.find(DEMO).isPresent()
                && workspaces.find(OTHER).isPresent());
    }

    @Test
    void withoutAKeyEveryCustomerEndpointIs401WithAJsonReason() throws Exception {
        for (String path : List.of("/orchestrator/decide", "/chat", "/ingress/messages")) {
            HttpResponse<String> response = send("POST", path, null, """
                    {"workspace_id": "%s", "user_phone": "+5491155550101", "user": "+5491155550101", "text": "hola"}
                    """.formatted(DEMO));

            assertThat(response.statusCode()).as(path).isEqualTo(401);
            assertThat(response.headers().firstValue("WWW-Authenticate")).as(path).hasValueSatisfying(
                    v -> assertThat(v).startsWith("Bearer"));
            assertThat(error(response).path("error").asString()).as(path).contains("missing API key");
        }
        assertThat(send("GET", "/outbound/out-1/status", null, null).statusCode()).isEqualTo(401);
    }

    @Test
    void aForgedOrMalformedKeyIs401() throws Exception {
        String real = createKey(DEMO);
        String forged = real.substring(0, real.lastIndexOf('_') + 1) + "A".repeat(43);
        for (String header : List.of("Bearer " + forged, "Bearer nonsense", "Basic " + real, "Bearer ",
                "Bearer " + "x".repeat(5000))) {
            HttpResponse<String> response = sendRaw("/ingress/messages", header, ingress(DEMO, "forged-" + header.length()));

            assertThat(response.statusCode()).as(header).isEqualTo(401);
            assertThat(error(response).path("field").asString()).isEqualTo("authorization");
        }
    }

    @Test
    void aKeyActsForItsOwnWorkspaceWhichIsTheDefaultWhenNoneIsNamed() throws Exception {
        String key = createKey(OTHER);
        String messageId = "own-" + UUID.randomUUID();

        HttpResponse<String> response = send("POST", "/ingress/messages", key, """
                {"user_phone": "+5491155550102", "text": "hola", "message_id": "%s"}""".formatted(messageId));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        InboundSnapshot snapshot = TopicReader.find(KAFKA.bootstrapServers(), Topics.INBOUND_SNAPSHOTS,
                s -> messageId.equals(s.messageId()));
        assertThat(snapshot.workspaceId()).isEqualTo(OTHER);
    }

    @Test
    void aKeyForAnotherWorkspaceIs403WhereverTheRequestNamesItAndNothingIsWritten() throws Exception {
        String key = createKey(OTHER);
        String refused = "refused-" + UUID.randomUUID();

        HttpResponse<String> inBody = send("POST", "/ingress/messages", key, ingress(DEMO, refused));
        HttpResponse<String> inHeader = send("POST", "/orchestrator/decide", key,
                "{\"user_phone\": \"+5491155550103\", \"text\": \"hola\", \"message_id\": \"" + refused + "\"}",
                "X-Workspace-Id", DEMO);
        HttpResponse<String> inChat = send("POST", "/chat", key,
                "{\"workspace_id\": \"" + DEMO + "\", \"user\": \"+5491155550103\", \"text\": \"hola\"}");
        // The body and the header disagree: the header may not smuggle in the other workspace, nor may the body.
        HttpResponse<String> mixed = send("POST", "/orchestrator/decide", key,
                "{\"workspace_id\": \"" + DEMO + "\", \"user_phone\": \"+5491155550103\", \"text\": \"hola\"}",
                "X-Workspace-Id", OTHER);

        assertThat(List.of(inBody, inHeader, inChat, mixed)).allSatisfy(r -> {
            assertThat(r.statusCode()).as(r.body()).isEqualTo(403);
            assertThat(error(r).path("error").asString()).contains("not valid for workspace " + DEMO);
        });
        assertNothingWrittenWith(refused, key);
    }

    @Test
    void aReplyCannotBeSentFromAnotherBusinesssNumber() throws Exception {
        String key = createKey(OTHER);
        String relayed = "relay-" + UUID.randomUUID();
        String demoNumber = DemoWorkspace.load().phoneNumbers().getFirst();

        HttpResponse<String> response = send("POST", "/ingress/messages", key, """
                {"user_phone": "+5491100000001", "text": "promo!", "message_id": "%s", "reply_via": "twilio",
                 "business_phone": "%s"}""".formatted(relayed, demoNumber));

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(error(response).path("field").asString()).isEqualTo("business_phone");
        assertNothingWrittenWith(relayed, key);
    }

    @Test
    void aRevokedKeyIs401OnceRevokedThroughTheAdminApi() throws Exception {
        HttpResponse<String> created = send("POST", "/admin/keys", ADMIN,
                "{\"workspace_id\": \"" + OTHER + "\", \"name\": \"n8n\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode body = json.readTree(created.body());
        String key = body.path("key").asString();
        String keyId = body.path("key_id").asString();
        await().atMost(Duration.ofSeconds(20)).until(() -> keys.authenticate(key).isPresent());
        assertThat(send("POST", "/ingress/messages", key, ingress(OTHER, "before-revoke")).statusCode()).isEqualTo(202);

        HttpResponse<String> listed = send("GET", "/admin/keys?workspace_id=" + OTHER, ADMIN, null);
        assertThat(listed.body()).contains(keyId).doesNotContain(key).doesNotContain("hash");
        assertThat(send("DELETE", "/admin/keys/" + keyId, ADMIN, null).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> keys.authenticate(key).isEmpty());

        HttpResponse<String> after = send("POST", "/ingress/messages", key, ingress(OTHER, "after-revoke"));
        assertThat(after.statusCode()).isEqualTo(401);
        assertThat(error(after).path("error").asString()).contains("revoked");
        assertThat(send("POST", "/admin/keys", null, "{\"workspace_id\": \"" + OTHER + "\"}").statusCode())
                .as("only the admin creates keys").isEqualTo(401);
    }

    @Test
    void anOutboundStatusIsReadOnlyWithItsWorkspacesKeyAndWithoutTheCustomersNumber() throws Exception {
        String outboundId = "out-" + UUID.randomUUID();
        publisher.publish(Topics.OUTBOUND_STATUS, OTHER + ":+5491155550104", new OutboundStatus(OutboundStatus.VERSION,
                outboundId, OTHER + ":+5491155550104", OTHER, "failed", null, 1,
                "Attempt to send to unsubscribed recipient whatsapp:+5491155550104", OffsetDateTime.now())).get();
        String demoKey = createKey(DEMO);
        String otherKey = createKey(OTHER);
        await().atMost(Duration.ofSeconds(20)).until(() -> send("GET", "/outbound/" + outboundId + "/status", otherKey,
                null).statusCode() == 200);

        assertThat(send("GET", "/outbound/" + outboundId + "/status", demoKey, null).statusCode()).isEqualTo(403);
        String report = send("GET", "/outbound/" + outboundId + "/status", otherKey, null).body();
        assertThat(report).contains("unsubscribed recipient").contains("+***104").doesNotContain("5491155550104");
    }

    private void assertNothingWrittenWith(String messageId, String key) throws Exception {
        String marker = "marker-" + UUID.randomUUID();
        assertThat(send("POST", "/ingress/messages", key, """
                {"user_phone": "+5491155550199", "text": "hola", "message_id": "%s"}""".formatted(marker))
                .statusCode()).isEqualTo(202);
        assertThat(TopicReader.readUntil(KAFKA.bootstrapServers(), Topics.INBOUND_SNAPSHOTS,
                s -> marker.equals(s.messageId()))).noneMatch(r -> messageId.equals(r.value().messageId()));
    }

    private String createKey(String workspace) throws Exception {
        HttpResponse<String> created = send("POST", "/admin/keys", ADMIN,
                "{\"workspace_id\": \"" + workspace + "\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String key = json.readTree(created.body()).path("key").asString();
        await().atMost(Duration.ofSeconds(20)).until(() -> keys.authenticate(key).isPresent());
        return key;
    }

    private static String ingress(String workspace, String messageId) {
        return """
                {"workspace_id": "%s", "user_phone": "+5491155550105", "text": "hola", "message_id": "%s"}"""
                .formatted(workspace, messageId);
    }

    private JsonNode error(HttpResponse<String> response) {
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                v -> assertThat(v).startsWith("application/json"));
        return json.readTree(response.body());
    }

    private HttpResponse<String> send(String method, String path, String bearer, String body, String... headers)
            throws Exception {
        return sendWith(method, path, bearer == null ? null : "Bearer " + bearer, body, headers);
    }

    private HttpResponse<String> sendRaw(String path, String authorization, String body) throws Exception {
        return sendWith("POST", path, authorization, body);
    }

    private HttpResponse<String> sendWith(String method, String path, String authorization, String body,
            String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
