package dev.pulpo.gateway.channel.n8n;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pulpo.gateway.BrokerPerClass;
import dev.pulpo.gateway.GatewayApplication;
import dev.pulpo.gateway.TopicReader;
import dev.pulpo.gateway.workspace.WorkspaceDirectory;
import dev.pulpo.schemas.DemoWorkspace;
import dev.pulpo.schemas.Topics;
import dev.pulpo.schemas.event.Channel;
import dev.pulpo.schemas.event.InboundSnapshot;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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

/** {@code POST /ingress/messages}, n8n's way in, and the JSON errors every endpoint shares. */
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=ingress-gateway", "pulpo.auth.api-keys-required=false",
                "pulpo.n8n.twilio-account-sid=AC00000000000000000000000000000000", "pulpo.n8n.twilio-auth-token=t"})
class IngressMessagesTest {
    @RegisterExtension
    static final BrokerPerClass KAFKA = new BrokerPerClass();
    private static final String DEMO = DemoWorkspace.ID;

    @DynamicPropertySource
    static void kafka(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", KAFKA::bootstrapServers);
    }

    @LocalServerPort
    int port;

    @Autowired
    WorkspaceDirectory workspaces;

    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();

    @BeforeEach
    void demoSalonIsKnown() {
        await().atMost(Duration.ofSeconds(20)).until(() -> workspaces.find(DEMO).isPresent());
    }

    @Test
    void aMessageIsAcceptedWith202AndItsSnapshotIdOnceTheSnapshotIsWritten() throws Exception {
        // When
        HttpResponse<String> response = post("""
                {"workspace_id": "%s", "user_phone": "+5491155550101", "text": "hola", "message_id": "n8n-1"}
                """.formatted(DEMO));

        // Then
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        JsonNode accepted = json.readTree(response.body());
        String snapshotId = accepted.path("snapshot_id").asString();
        assertThat(snapshotId).isNotBlank();
        assertThat(accepted.path("conversation_id").asString()).isEqualTo(DEMO + ":+5491155550101");
        InboundSnapshot snapshot = TopicReader.find(KAFKA.bootstrapServers(), Topics.INBOUND_SNAPSHOTS,
                s -> s.snapshotId().equals(snapshotId));
        assertThat(snapshot.channel()).isEqualTo(Channel.N8N);
        assertThat(snapshot.messageId()).isEqualTo("n8n-1");
        assertThat(snapshot.text()).isEqualTo("hola");
        assertThat(snapshot.replyVia()).isEqualTo(InboundSnapshot.REPLY_VIA_NONE);
    }

    @Test
    void aMessageToBeAnsweredThroughTwilioSaysSoInItsSnapshot() throws Exception {
        HttpResponse<String> response = post("""
                {"workspace_id": "%s", "user_phone": "whatsapp:+5491155550102", "text": "hola",
                 "channel": "twilio", "reply_via": "twilio", "business_phone": "+14155238886"}
                """.formatted(DEMO));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        String snapshotId = json.readTree(response.body()).path("snapshot_id").asString();
        InboundSnapshot snapshot = TopicReader.find(KAFKA.bootstrapServers(), Topics.INBOUND_SNAPSHOTS,
                s -> s.snapshotId().equals(snapshotId));
        assertThat(snapshot.channel()).isEqualTo(Channel.TWILIO);
        assertThat(snapshot.replyVia()).isEqualTo(InboundSnapshot.REPLY_VIA_TWILIO);
        assertThat(snapshot.businessPhone()).isEqualTo("+14155238886");
        assertThat(snapshot.userPhone()).isEqualTo("+5491155550102");
    }

    @Test
    void eachInvalidFieldIsA400NamingIt() throws Exception {
        assertThat(fieldOf(post("{\"workspace_id\":\"" + DEMO + "\",\"text\":\"hola\"}"), 400))
                .isEqualTo("user_phone");
        assertThat(fieldOf(post("{\"workspace_id\":\"" + DEMO + "\",\"user_phone\":\"12345\",\"text\":\"hola\"}"),
                400)).isEqualTo("user_phone");
        assertThat(fieldOf(post("{\"workspace_id\":\"" + DEMO + "\",\"user_phone\":\"+5491155550103\"}"), 400))
                .isEqualTo("text");
        assertThat(fieldOf(post("{\"user_phone\":\"+5491155550103\",\"text\":\"hola\"}"), 400))
                .isEqualTo("workspace_id");
        assertThat(fieldOf(post("{\"workspace_id\":\"" + DEMO
                + "\",\"user_phone\":\"+5491155550103\",\"text\":\"hola\",\"reply_via\":\"sms\"}"), 400))
                .isEqualTo("reply_via");
        assertThat(fieldOf(post("{\"workspace_id\":\"" + DEMO
                + "\",\"user_phone\":\"+5491155550103\",\"text\":\"hola\",\"channel\":\"telegram\"}"), 400))
                .isEqualTo("channel");
    }

    @Test
    void anUnknownWorkspaceIsA404() throws Exception {
        HttpResponse<String> response = post(
                "{\"workspace_id\":\"no-such-salon\",\"user_phone\":\"+5491155550104\",\"text\":\"hola\"}");

        assertThat(fieldOf(response, 404)).isEqualTo("workspace_id");
        assertThat(json.readTree(response.body()).path("error").asString()).isEqualTo("unknown workspace no-such-salon");
    }

    @Test
    void aBodyOver64KbIsA413WithAJsonErrorWithOrWithoutAContentLength() throws Exception {
        byte[] large = ("{\"workspace_id\":\"" + DEMO + "\",\"user_phone\":\"+5491155550105\",\"text\":\""
                + "a".repeat(70_000) + "\"}").getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> declared = send(HttpRequest.BodyPublishers.ofByteArray(large));
        // A stream publisher has no length: the body is sent chunked and stopped while read.
        HttpResponse<String> chunked = send(HttpRequest.BodyPublishers.ofInputStream(
                () -> new ByteArrayInputStream(large)));

        assertThat(fieldOf(declared, 413)).isEqualTo("body");
        assertThat(fieldOf(chunked, 413)).isEqualTo("body");
        assertThat(json.readTree(chunked.body()).path("error").asString()).contains("larger than 65536 bytes");
    }

    @Test
    void aTextOverWhatsAppsLimitIsA400NamingTheText() throws Exception {
        HttpResponse<String> response = post("{\"workspace_id\":\"" + DEMO
                + "\",\"user_phone\":\"+5491155550106\",\"text\":\"" + "a".repeat(5_000) + "\"}");

        assertThat(fieldOf(response, 400)).isEqualTo("text");
        assertThat(json.readTree(response.body()).path("error").asString()).contains("4096");
    }

    @Test
    void aBodyThatIsNotJsonIsA400() throws Exception {
        HttpResponse<String> response = post("{oops");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
    }

    private String fieldOf(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        return json.readTree(response.body()).path("field").asString();
    }

    private HttpResponse<String> post(String body) throws Exception {
        return send(HttpRequest.BodyPublishers.ofString(body));
    }

    private HttpResponse<String> send(HttpRequest.BodyPublisher body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/ingress/messages"))
                .header("Content-Type", "application/json").POST(body).build(), HttpResponse.BodyHandlers.ofString());
    }
}
