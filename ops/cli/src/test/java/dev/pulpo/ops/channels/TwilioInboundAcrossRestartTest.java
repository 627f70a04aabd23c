package dev.pulpo.ops.channels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pulpo.gateway.workspace.WorkspaceDirectory;
import dev.pulpo.ops.launcher.AllInOne;
import dev.pulpo.schemas.DemoWorkspace;
import dev.pulpo.schemas.Topic;
import dev.pulpo.schemas.Topics;
import dev.pulpo.schemas.event.Decision;
import dev.pulpo.schemas.event.InboundSnapshot;
import dev.pulpo.schemas.event.OutboundMessage;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Twilio's retries on the whole system: the same signed WhatsApp message posted three times, with a restart
 * of everything between the second and the third, is answered once.
 */
class TwilioInboundAcrossRestartTest {
    private static final String TOKEN = "e2e-twilio-auth-token";
    private static final String INBOUND = "/webhook/pulpo/twilio/wa/inbound";
    private static final String CUSTOMER = "+5491100000201";
    private static final String CONVERSATION = DemoWorkspace.ID + ":" + CUSTOMER;

    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void theSameMessageSidPostedThreeTimesAcrossARestartGivesOneDecisionAndOneOutboundMessage() throws Exception {
        Path data = Path.of("target", "e2e-twilio-" + UUID.randomUUID());
        String retried = sid();
        String next = sid();
        String bootstrap;

        // Given Twilio delivers a message, and retries it before the system restarts
        try (AllInOne system = new AllInOne(settings(data, Map.of())).start()) {
            awaitDemoWorkspace(system);
            assertThat(postMessage(system.gatewayUrl(), retried, "hola")).isEqualTo(200);
            assertThat(postMessage(system.gatewayUrl(), retried, "hola")).isEqualTo(200);
        }

        // When it retries once more after the restart, and the customer then writes again
        try (AllInOne system = new AllInOne(settings(data, Map.of("pulpo.gateway.seed-demo-workspace", "false")))
                .start()) {
            bootstrap = system.bootstrapServers();
            awaitDemoWorkspace(system);
            assertThat(postMessage(system.gatewayUrl(), retried, "hola")).isEqualTo(200);
            assertThat(postMessage(system.gatewayUrl(), next, "cuál es la dirección?")).isEqualTo(200);

            // Then all three posts were written, as the one snapshot (its id derived from the MessageSid)
            List<InboundSnapshot> snapshots = readUntil(bootstrap, Topics.INBOUND_SNAPSHOTS,
                    s -> s.messageId().equals(next));
            assertThat(snapshots).filteredOn(s -> s.messageId().equals(retried)).hasSize(3);
            Set<String> retriedSnapshots = snapshots.stream().filter(s -> s.messageId().equals(retried))
                    .map(InboundSnapshot::snapshotId).collect(Collectors.toSet());
            assertThat(retriedSnapshots).hasSize(1);
            String nextSnapshot = snapshots.stream().filter(s -> s.messageId().equals(next)).findFirst().orElseThrow()
                    .snapshotId();

            // And, once the next message is answered (a conversation's messages are handled in order),
            // the retried one had exactly one final decision and one outbound message
            List<Decision> decisions = readUntil(bootstrap, Topics.DECISIONS,
                    d -> d.isFinal() && d.snapshotId().equals(nextSnapshot));
            assertThat(decisions).filteredOn(d -> d.isFinal() && retriedSnapshots.contains(d.snapshotId()))
                    .singleElement().satisfies(d -> assertThat(d.intent()).isEqualTo("greeting"));
            List<OutboundMessage> outbound = readUntil(bootstrap, Topics.OUTBOUND_MESSAGES,
                    m -> m.snapshotId().equals(nextSnapshot));
            List<OutboundMessage> replies = outbound.stream()
                    .filter(m -> retriedSnapshots.contains(m.snapshotId())).toList();
            assertThat(replies).hasSize(1);
            OutboundMessage reply = replies.getFirst();
            assertThat(reply.to()).isEqualTo(CUSTOMER);
            assertThat(reply.from()).isEqualTo("+14155238886");

            // And without Twilio credentials the reply was a dry run, readable per message
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                HttpResponse<String> status = get(system.gatewayUrl() + "/outbound/" + reply.outboundId() + "/status");
                assertThat(status.statusCode()).as(status.body()).isEqualTo(200);
                assertThat(json.readTree(status.body()).path("status").asString()).isEqualTo("dry_run");
            });

            // And n8n's way in takes a message with 202 and its snapshot id
            HttpResponse<String> ingress = http.send(HttpRequest.newBuilder(
                                    URI.create(system.gatewayUrl() + "/ingress/messages"))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"workspace_id\":\"" + DemoWorkspace.ID
                                    + "\",\"user_phone\":\"+5491100000202\",\"text\":\"hola\"}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(ingress.statusCode()).as(ingress.body()).isEqualTo(202);
            JsonNode accepted = json.readTree(ingress.body());
            assertThat(accepted.path("snapshot_id").asString()).isNotBlank();
        }
    }

    /** The demo salon is seeded just after the gateway starts; a message before it is known would get 404. */
    private static void awaitDemoWorkspace(AllInOne system) {
        WorkspaceDirectory directory = system.services().getLast().context().getBean(WorkspaceDirectory.class);
        await().atMost(Duration.ofSeconds(30)).until(() -> directory.find(DemoWorkspace.ID).isPresent());
    }

    private static AllInOne.Settings settings(Path data, Map<String, String> extra) {
        Map<String, String> properties = new LinkedHashMap<>(extra);
        // Signed for real: the gateway has no PUBLIC_BASE_URL here, so the URL it is called with is signed.
        properties.put("TWILIO_AUTH_TOKEN", TOKEN);
        return new AllInOne.Settings(data, 0, null, 0, properties);
    }

    private int postMessage(String gateway, String sid, String body) throws Exception {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("MessageSid", sid);
        form.put("SmsMessageSid", sid);
        form.put("AccountSid", "AC00000000000000000000000000000000");
        form.put("From", "whatsapp:" + CUSTOMER);
        form.put("To", "whatsapp:+14155238886");
        form.put("Body", body);
        form.put("NumMedia", "0");
        form.put("ProfileName", "Ana");
        form.put("WaId", CUSTOMER.substring(1));
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(gateway + INBOUND))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .header("X-Twilio-Signature", signature(gateway + INBOUND, form))
                        .POST(HttpRequest.BodyPublishers.ofString(form.entrySet().stream()
                                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                                .collect(Collectors.joining("&"))))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response/>");
        return response.statusCode();
    }

    /** As Twilio documents it: Base64(HMAC-SHA1(auth token, URL + sorted name/value pairs)). */
    private static String signature(String url, Map<String, String> form) throws Exception {
        StringBuilder data = new StringBuilder(url);
        new TreeMap<>(form).forEach((name, value) -> data.append(name).append(value));
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(TOKEN.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        return Base64.getEncoder().encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The conversation's committed records from the beginning, up to the first that matches. */
    private static <V> List<V> readUntil(String bootstrap, Topic<String, V> topic, Predicate<V> until) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "e2e-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                topic.valueSerde().deserializer())) {
            consumer.subscribe(List.of(topic.name()));
            List<V> values = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (CONVERSATION.equals(r.key()) && r.value() != null) {
                        values.add(r.value());
                    }
                });
                return values.stream().anyMatch(until);
            });
            return values;
        }
    }

    private static String sid() {
        return "SM" + UUID.randomUUID().toString().replace("-", "");
    }
}
