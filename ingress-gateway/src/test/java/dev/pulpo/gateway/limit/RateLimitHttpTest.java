package dev.pulpo.gateway.limit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pulpo.gateway.BrokerPerClass;
import dev.pulpo.gateway.GatewayApplication;
import dev.pulpo.gateway.TopicReader;
import dev.pulpo.gateway.kafka.EventPublisher;
import dev.pulpo.gateway.workspace.WorkspaceDirectory;
import dev.pulpo.schemas.DemoWorkspace;
import dev.pulpo.schemas.Topics;
import dev.pulpo.schemas.event.Channel;
import dev.pulpo.schemas.event.ConversationId;
import dev.pulpo.schemas.event.InboundSnapshot;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
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
 * The rate limits over HTTP, with a customer allowed bursts of 2 and 1 message a minute: the JSON ways in answer
 * 429 with Retry-After; Twilio's webhook answers 200 and writes the first limited message of the minute, marked,
 * and nothing of the rest. (Decisions are not waited for: there is no orchestrator, the wait is 200 ms.)
 */
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=ingress-gateway", "pulpo.auth.api-keys-required=false",
                "pulpo.twilio.signature-check=false",
                "pulpo.gateway.rate-limit.per-phone=1", "pulpo.gateway.rate-limit.phone-burst=2",
                "pulpo.gateway.total-timeout=200ms"})
class RateLimitHttpTest {
    private static final String SALON = "+14155238886";

    @RegisterExtension
    static final BrokerPerClass KAFKA = new BrokerPerClass();

    @DynamicPropertySource
    static void kafka(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", KAFKA::bootstrapServers);
    }

    @LocalServerPort
    int port;

    @Autowired
    WorkspaceDirectory workspaces;

    @Autowired
    EventPublisher publisher;

    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();

    @BeforeEach
    void demoSalonIsKnown() {
        await().atMost(Duration.ofSeconds(20)).until(() -> workspaces.find(DemoWorkspace.ID).isPresent());
    }

    @Test
    void theJsonWaysInAnswer429WithRetryAfterAndAReasonOnceACustomerSpentTheirBurst() throws Exception {
        String ingress = "{\"workspace_id\":\"" + DemoWorkspace.ID + "\",\"user_phone\":\"+5491155550201\",\"text\":\"hola\"}";
        String chat = "{\"workspace_id\":\"" + DemoWorkspace.ID + "\",\"user\":\"+5491155550202\",\"text\":\"hola\"}";
        String decide = "{\"user_phone\":\"+5491155550203\",\"text\":\"hola\",\"workspace_id\":\"" + DemoWorkspace.ID
                + "\"}";

        assertThat(List.of(post("/ingress/messages", ingress), post("/ingress/messages", ingress)))
                .extracting(HttpResponse::statusCode).containsOnly(202);
        assertLimited(post("/ingress/messages", ingress));
        // the synchronous ways in pass validation and the limit, then wait for a decision that never comes
        assertThat(List.of(post("/chat", chat), post("/chat", chat))).extracting(HttpResponse::statusCode)
                .containsOnly(504);
        assertLimited(post("/chat", chat));
        assertThat(List.of(post("/orchestrator/decide", decide), post("/orchestrator/decide", decide)))
                .extracting(HttpResponse::statusCode).containsOnly(504);
        assertLimited(post("/orchestrator/decide", decide));
    }

    @Test
    void twilioGets200AndOnlyTheFirstLimitedMessageOfTheMinuteIsWrittenMarked() throws Exception {
        // Given a customer who writes five messages at once
        String customer = "+5491155550204";
        List<String> sids = List.of(sid(), sid(), sid(), sid(), sid());

        // Then Twilio gets an empty TwiML for each
        for (String sid : sids) {
            HttpResponse<String> response = twilio(sid, customer);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(response.body()).endsWith("<Response/>");
        }

        // And the first two are written as ever, the third marked, the last two not at all
        String conversation = ConversationId.of(DemoWorkspace.ID, customer);
        String sentinel = "sentinel-" + UUID.randomUUID();
        publisher.publish(Topics.INBOUND_SNAPSHOTS, conversation, new InboundSnapshot(InboundSnapshot.VERSION,
                sentinel, conversation, DemoWorkspace.ID, customer, Channel.API, sentinel, "", List.of(), null, null,
                null, OffsetDateTime.now())).get();
        List<ConsumerRecord<String, InboundSnapshot>> written = TopicReader.readUntil(KAFKA.bootstrapServers(),
                Topics.INBOUND_SNAPSHOTS, s -> s.snapshotId().equals(sentinel));
        assertThat(written).map(ConsumerRecord::value).filteredOn(s -> s.conversationId().equals(conversation)
                        && s.channel() == Channel.TWILIO)
                .extracting(s -> s.messageId() + (s.pastRateLimit() ? " limited" : ""))
                .containsExactly(sids.get(0), sids.get(1), sids.get(2) + " limited");
    }

    private void assertLimited(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(429);
        assertThat(response.headers().firstValue("Retry-After")).hasValueSatisfying(
                seconds -> assertThat(Long.parseLong(seconds)).isBetween(1L, 60L));
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        JsonNode error = json.readTree(response.body());
        assertThat(error.path("field").asString()).isEqualTo("user_phone");
        assertThat(error.path("error").asString()).contains("too many messages", "at most 1 a minute");
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> twilio(String sid, String customer) throws Exception {
        String form = "MessageSid=" + sid + "&From=" + encode("whatsapp:" + customer) + "&To=" + encode("whatsapp:"
                + SALON) + "&Body=hola";
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                        + "/webhook/pulpo/twilio/wa/inbound"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String sid() {
        return "SM" + UUID.randomUUID().toString().replace("-", "");
    }
}
