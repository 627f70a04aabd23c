package dev.pulpo.gateway.channel.twilio;

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
import dev.pulpo.schemas.event.Media;
import dev.pulpo.schemas.event.OutboundStatus;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * Twilio's webhooks as Twilio calls them: form posts signed over the public URL (the gateway sits behind
 * a proxy at {@value #PUBLIC}), on a real broker without an orchestrator.
 */
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=ingress-gateway", "pulpo.twilio.auth-token=" + TwilioWebhookTest.TOKEN,
                "pulpo.twilio.public-base-url=" + TwilioWebhookTest.PUBLIC + "/",
                "pulpo.auth.api-keys-required=false"})
class TwilioWebhookTest {
    static final String TOKEN = "test-auth-token-0123456789abcdef";
    static final String PUBLIC = "https://pulpo.example.com";
    private static final String INBOUND = "/webhook/pulpo/twilio/wa/inbound";
    private static final String STATUS = "/webhook/pulpo/twilio/status";
    private static final String SALON_NUMBER = "+14155238886";

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

    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();

    @BeforeEach
    void demoSalonIsKnown() {
        await().atMost(Duration.ofSeconds(20)).until(() -> workspaces.find(DemoWorkspace.ID).isPresent());
    }

    @Test
    void aSignedMessageGetsEmptyTwimlOnceItsSnapshotIsWritten() throws Exception {
        // Given a message as Twilio posts it, with a photo, signed over the public URL
        String sid = sid();
        Map<String, String> form = message(sid, "+5491155550001", "hola, ¿tienen turno?");
        form.put("NumMedia", "1");
        form.put("MediaUrl0", "https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/" + sid + "/Media/ME1");
        form.put("MediaContentType0", "image/jpeg");

        // When
        HttpResponse<String> response = post(INBOUND, form, sign(PUBLIC + INBOUND, form));

        // Then
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/xml"));
        assertThat(response.body()).isEqualTo("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response/>");
        InboundSnapshot snapshot = snapshotWithMessageId(sid);
        assertThat(snapshot.channel()).isEqualTo(Channel.TWILIO);
        assertThat(snapshot.replyVia()).isEqualTo(InboundSnapshot.REPLY_VIA_TWILIO);
        assertThat(snapshot.workspaceId()).isEqualTo(DemoWorkspace.ID);
        assertThat(snapshot.conversationId()).isEqualTo(DemoWorkspace.ID + ":+5491155550001");
        assertThat(snapshot.userPhone()).isEqualTo("+5491155550001");
        assertThat(snapshot.businessPhone()).isEqualTo(SALON_NUMBER);
        assertThat(snapshot.profileName()).isEqualTo("Ana");
        assertThat(snapshot.text()).isEqualTo("hola, ¿tienen turno?");
        assertThat(snapshot.media()).containsExactly(new Media(form.get("MediaUrl0"), "image/jpeg"));
    }

    @Test
    void aMessageWithOnlyMediaIsWrittenWithEmptyText() throws Exception {
        String sid = sid();
        Map<String, String> form = message(sid, "+5491155550002", "");
        form.put("NumMedia", "1");
        form.put("MediaUrl0", "https://api.twilio.com/media/ME2");
        form.put("MediaContentType0", "audio/ogg");

        assertThat(post(INBOUND, form, sign(PUBLIC + INBOUND, form)).statusCode()).isEqualTo(200);

        InboundSnapshot snapshot = snapshotWithMessageId(sid);
        assertThat(snapshot.text()).isEmpty();
        assertThat(snapshot.media()).extracting(Media::contentType).containsExactly("audio/ogg");
    }

    @Test
    void aHandMadePostWithAnUnencodedPlusStillNamesTheCustomer() throws Exception {
        // Given the body curl -d sends: the '+' is not encoded, so it is decoded as a space
        String sid = sid();
        String raw = "MessageSid=" + sid + "&From=whatsapp:+5491155550010&To=whatsapp:+14155238886&Body=hola";
        Map<String, String> asDecoded = Map.of("MessageSid", sid, "From", "whatsapp: 5491155550010",
                "To", "whatsapp: 14155238886", "Body", "hola");

        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + INBOUND))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header(TwilioSignature.HEADER, sign(PUBLIC + INBOUND, asDecoded))
                .POST(HttpRequest.BodyPublishers.ofString(raw)).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        InboundSnapshot snapshot = snapshotWithMessageId(sid);
        assertThat(snapshot.userPhone()).isEqualTo("+5491155550010");
        assertThat(snapshot.businessPhone()).isEqualTo(SALON_NUMBER);
    }

    @Test
    void aForgedChangedOrUnsignedRequestIsRefusedWith403AndWritesNothing() throws Exception {
        // Given one customer's messages, all in one partition, so a later one proves the earlier were not written
        String customer = "+5491155550003";
        Map<String, String> signed = message(sid(), customer, "hola");
        String signature = sign(PUBLIC + INBOUND, signed);

        // When a parameter is changed after signing
        Map<String, String> changed = new LinkedHashMap<>(signed);
        changed.put("Body", "transferime todo");
        HttpResponse<String> changedParameter = post(INBOUND, changed, signature);
        // When the signature is for another URL: another host, another path, or the one the gateway itself sees
        Map<String, String> otherHost = message(sid(), customer, "hola");
        HttpResponse<String> signedForOtherHost = post(INBOUND, otherHost,
                sign("https://other.example.com" + INBOUND, otherHost));
        Map<String, String> otherPath = message(sid(), customer, "hola");
        HttpResponse<String> signedForOtherPath = post(INBOUND, otherPath,
                sign(PUBLIC + "/webhook/pulpo/twilio/wa/other", otherPath));
        Map<String, String> internal = message(sid(), customer, "hola");
        HttpResponse<String> signedForInternalUrl = post(INBOUND, internal,
                sign("http://localhost:" + port + INBOUND, internal));
        // When there is no signature at all, or one made with another token
        Map<String, String> unsigned = message(sid(), customer, "hola");
        HttpResponse<String> withoutSignature = post(INBOUND, unsigned, null);
        Map<String, String> otherToken = message(sid(), customer, "hola");
        HttpResponse<String> signedWithOtherToken = post(INBOUND, otherToken,
                TwilioRequests.signature("not-the-token", PUBLIC + INBOUND, otherToken));

        // Then each is a 403 with a JSON error naming the header
        for (HttpResponse<String> refused : List.of(changedParameter, signedForOtherHost, signedForOtherPath,
                signedForInternalUrl, withoutSignature, signedWithOtherToken)) {
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
            JsonNode error = json.readTree(refused.body());
            assertThat(error.path("field").asString()).isEqualTo("X-Twilio-Signature");
            assertThat(error.path("error").asString()).contains("X-Twilio-Signature");
        }
        assertThat(withoutSignature.body()).contains("missing");

        // And none of them was written: the customer's next, valid message comes first
        String valid = sid();
        Map<String, String> next = message(valid, customer, "hola");
        assertThat(post(INBOUND, next, sign(PUBLIC + INBOUND, next)).statusCode()).isEqualTo(200);
        List<ConsumerRecord<String, InboundSnapshot>> written = TopicReader.readUntil(KAFKA.bootstrapServers(),
                Topics.INBOUND_SNAPSHOTS, s -> s.messageId().equals(valid));
        assertThat(written).extracting(r -> r.value().userPhone() + " " + r.value().messageId())
                .filteredOn(line -> line.startsWith(customer)).containsExactly(customer + " " + valid);
    }

    @Test
    void aMessageToANumberOfNoWorkspaceIsA404WhenThereIsNoDefaultWorkspace() throws Exception {
        Map<String, String> form = message(sid(), "+5491155550004", "hola");
        form.put("To", "whatsapp:+15005550006");

        HttpResponse<String> response = post(INBOUND, form, sign(PUBLIC + INBOUND, form));

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(json.readTree(response.body()).path("field").asString()).isEqualTo("To");
        assertThat(json.readTree(response.body()).path("error").asString()).contains("+15005550006");
    }

    @Test
    void aSignedFormWithoutMessageSidOrWithABadNumberIsA400NamingTheField() throws Exception {
        Map<String, String> noSid = message(sid(), "+5491155550005", "hola");
        noSid.remove("MessageSid");
        Map<String, String> badFrom = message(sid(), "+5491155550005", "hola");
        badFrom.put("From", "whatsapp:1155550005");
        Map<String, String> badMedia = message(sid(), "+5491155550005", "hola");
        badMedia.put("NumMedia", "1");

        assertThat(fieldOf400(post(INBOUND, noSid, sign(PUBLIC + INBOUND, noSid)))).isEqualTo("MessageSid");
        assertThat(fieldOf400(post(INBOUND, badFrom, sign(PUBLIC + INBOUND, badFrom)))).isEqualTo("From");
        assertThat(fieldOf400(post(INBOUND, badMedia, sign(PUBLIC + INBOUND, badMedia)))).isEqualTo("MediaUrl0");
    }

    @Test
    void aSignedFormWithAnOversizedFieldIsA400NamingItAndTheLimitAndWritesNothing() throws Exception {
        // Twilio never sends these (a MessageSid is 34 characters): a 400 is final, Twilio's debugger shows it
        Map<String, String> longSid = message("SM" + "0".repeat(127), "+5491155550011", "hola");
        Map<String, String> longName = message(sid(), "+5491155550011", "hola");
        longName.put("ProfileName", "n".repeat(129));
        Map<String, String> longBody = message(sid(), "+5491155550011", "\uD83D\uDE00".repeat(4097));

        for (Map.Entry<String, Map<String, String>> refused : Map.of("MessageSid", longSid, "ProfileName", longName,
                "Body", longBody).entrySet()) {
            HttpResponse<String> response = post(INBOUND, refused.getValue(), sign(PUBLIC + INBOUND, refused.getValue()));
            assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/json"));
            JsonNode error = json.readTree(response.body());
            assertThat(error.path("field").asString()).isEqualTo(refused.getKey());
            assertThat(error.path("error").asString()).contains(refused.getKey().equals("Body") ? "4096" : "128");
        }
    }

    @Test
    void aFormLargerThanTheLimitIsA413WithAJsonError() throws Exception {
        Map<String, String> form = message(sid(), "+5491155550006", "a".repeat(70_000));

        HttpResponse<String> response = post(INBOUND, form, sign(PUBLIC + INBOUND, form));

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(json.readTree(response.body()).path("error").asString()).contains("larger than");
    }

    @Test
    void aSignedStatusCallbackIsRecordedOnOutboundStatusAndReadablePerMessage() throws Exception {
        // Given the callback URL the outbound-sender gives Twilio for one reply
        String outboundId = "out-" + UUID.randomUUID();
        String conversation = DemoWorkspace.ID + ":+5491155550007";
        String path = STATUS + "?outbound_id=" + outboundId + "&conversation_id=" + TwilioRequests.encode(conversation);
        String messageSid = sid();

        // When Twilio reports it sent, then delivered (twice, as on a retry), then read
        for (String status : List.of("sent", "delivered", "delivered", "read")) {
            Map<String, String> form = status(messageSid, status);
            HttpResponse<String> response = post(path, form, sign(PUBLIC + path, form));
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        }

        // Then each is an OutboundStatus keyed by the conversation
        List<ConsumerRecord<String, OutboundStatus>> recorded = TopicReader.readUntil(KAFKA.bootstrapServers(),
                Topics.OUTBOUND_STATUS, s -> s.outboundId().equals(outboundId) && s.status().equals("read"));
        assertThat(recorded).filteredOn(r -> r.value().outboundId().equals(outboundId)).allSatisfy(r -> {
            assertThat(r.key()).isEqualTo(conversation);
            assertThat(r.value().conversationId()).isEqualTo(conversation);
            assertThat(r.value().workspaceId()).isEqualTo(DemoWorkspace.ID);
            assertThat(r.value().providerId()).isEqualTo(messageSid);
        }).extracting(r -> r.value().status()).containsExactly("sent", "delivered", "delivered", "read");

        // And the message's statuses can be read by its id, the repeated one once
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            HttpResponse<String> read = get("/outbound/" + outboundId + "/status");
            assertThat(read.statusCode()).isEqualTo(200);
            JsonNode report = json.readTree(read.body());
            assertThat(report.path("status").asString()).isEqualTo("read");
            assertThat(report.path("workspace_id").asString()).isEqualTo(DemoWorkspace.ID);
            assertThat(report.path("history").findValuesAsString("status")).containsExactly("sent", "delivered", "read");
            assertThat(report.path("history").get(0).path("provider_id").asString()).isEqualTo(messageSid);
            assertThat(read.body()).doesNotContain("+5491155550007");
        });
    }

    @Test
    void aStatusCallbackWhoseQueryWasChangedIsRefused() throws Exception {
        String conversation = TwilioRequests.encode(DemoWorkspace.ID + ":+5491155550008");
        String signedPath = STATUS + "?outbound_id=out-1&conversation_id=" + conversation;
        Map<String, String> form = status(sid(), "failed");

        HttpResponse<String> response = post(STATUS + "?outbound_id=out-2&conversation_id=" + conversation, form,
                sign(PUBLIC + signedPath, form));

        assertThat(response.statusCode()).isEqualTo(403);
    }

    @Test
    void aStatusCallbackWithoutItsOutboundIdIsA400AndAFailureKeepsItsErrorCode() throws Exception {
        String conversation = DemoWorkspace.ID + ":+5491155550009";
        String noId = STATUS + "?conversation_id=" + TwilioRequests.encode(conversation);
        Map<String, String> form = status(sid(), "undelivered");
        form.put("ErrorCode", "63016");

        assertThat(fieldOf400(post(noId, form, sign(PUBLIC + noId, form)))).isEqualTo("outbound_id");

        String outboundId = "out-" + UUID.randomUUID();
        String path = noId + "&outbound_id=" + outboundId;
        assertThat(post(path, form, sign(PUBLIC + path, form)).statusCode()).isEqualTo(200);
        OutboundStatus undelivered = TopicReader.find(KAFKA.bootstrapServers(), Topics.OUTBOUND_STATUS,
                s -> s.outboundId().equals(outboundId));
        assertThat(undelivered.status()).isEqualTo("undelivered");
        assertThat(undelivered.error()).isEqualTo("63016");
    }

    @Test
    void anUnknownOutboundMessageIsA404() throws Exception {
        HttpResponse<String> response = get("/outbound/no-such-message/status");
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(json.readTree(response.body()).path("field").asString()).isEqualTo("outbound_id");
    }

    private static Map<String, String> message(String sid, String customer, String body) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("SmsMessageSid", sid);
        form.put("NumMedia", "0");
        form.put("ProfileName", "Ana");
        form.put("MessageType", "text");
        form.put("SmsSid", sid);
        form.put("WaId", customer.substring(1));
        form.put("SmsStatus", "received");
        form.put("Body", body);
        form.put("To", "whatsapp:" + SALON_NUMBER);
        form.put("NumSegments", "1");
        form.put("ReferralNumMedia", "0");
        form.put("MessageSid", sid);
        form.put("AccountSid", "AC00000000000000000000000000000000");
        form.put("From", "whatsapp:" + customer);
        form.put("ApiVersion", "2010-04-01");
        return form;
    }

    private static Map<String, String> status(String messageSid, String status) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("ChannelPrefix", "whatsapp");
        form.put("ApiVersion", "2010-04-01");
        form.put("MessageStatus", status);
        form.put("SmsSid", messageSid);
        form.put("SmsStatus", status);
        form.put("To", "whatsapp:+5491155550007");
        form.put("From", "whatsapp:" + SALON_NUMBER);
        form.put("MessageSid", messageSid);
        form.put("AccountSid", "AC00000000000000000000000000000000");
        return form;
    }

    private static String sid() {
        return "SM" + UUID.randomUUID().toString().replace("-", "");
    }

    private static String sign(String url, Map<String, String> form) {
        return TwilioRequests.signature(TOKEN, url, form);
    }

    private String fieldOf400(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        return json.readTree(response.body()).path("field").asString();
    }

    private InboundSnapshot snapshotWithMessageId(String messageId) {
        return TopicReader.find(KAFKA.bootstrapServers(), Topics.INBOUND_SNAPSHOTS,
                s -> s.messageId().equals(messageId));
    }

    private HttpResponse<String> post(String pathAndQuery, Map<String, String> form, String signature)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + pathAndQuery))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(TwilioRequests.form(form)));
        if (signature != null) {
            request.header(TwilioSignature.HEADER, signature);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
