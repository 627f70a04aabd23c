package dev.pulpo.outbound.stream;

import static dev.pulpo.outbound.twilio.FakeTwilio.form;
import static dev.pulpo.outbound.twilio.FakeTwilio.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.atlassian.oai.validator.report.ValidationReport;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.pulpo.outbound.send.SendSettings;
import dev.pulpo.outbound.send.TwilioSender;
import dev.pulpo.outbound.send.TwilioSettings;
import dev.pulpo.outbound.twilio.FakeTwilio;
import dev.pulpo.outbound.twilio.TwilioOpenApi;
import dev.pulpo.schemas.SampleEvents;
import dev.pulpo.schemas.Topics;
import dev.pulpo.schemas.event.DeadLetter;
import dev.pulpo.schemas.event.OutboundMessage;
import dev.pulpo.schemas.event.OutboundStatus;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The topology against a local server that speaks Twilio's REST API: what is sent, what is retried and
 * when, what is given up on, and what is never sent twice. The wall clock is the driver's, so retries
 * happen without waiting.
 */
class TwilioSendingTest {
    private static final String PUBLIC_BASE_URL = "https://pulpo.example.com";
    /** Short backoffs and three attempts, so a test sees a message through to the DLQ. */
    private static final SendSettings SETTINGS = new SendSettings(3, Duration.ofSeconds(1), Duration.ofSeconds(8),
            Duration.ofSeconds(5), Duration.ofMillis(250), Duration.ofDays(7));

    private final Path stateDir = Path.of("target", "state", "twilio-sending-" + UUID.randomUUID());

    private final FakeTwilio twilio = new FakeTwilio();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private TopologyTestDriver driver;
    private TestInputTopic<String, OutboundMessage> replies;
    private TestOutputTopic<String, OutboundStatus> statuses;
    private TestOutputTopic<String, DeadLetter> dlq;

    @AfterEach
    void stop() {
        if (driver != null) {
            driver.close();
        }
        twilio.close();
    }

    private void start() {
        start(SETTINGS);
    }

    private void start(SendSettings settings) {
        StreamsBuilder builder = new StreamsBuilder();
        TwilioSender sender = new TwilioSender(new TwilioSettings(FakeTwilio.ACCOUNT_SID, FakeTwilio.AUTH_TOKEN,
                twilio.baseUrl(), PUBLIC_BASE_URL), settings);
        new OutboundTopology(sender, settings, meters).build(builder);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "outbound-twilio-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        driver = new TopologyTestDriver(builder.build(), props);
        replies = driver.createInputTopic(Topics.OUTBOUND_MESSAGES.name(),
                Topics.OUTBOUND_MESSAGES.keySerde().serializer(), Topics.OUTBOUND_MESSAGES.valueSerde().serializer());
        statuses = driver.createOutputTopic(Topics.OUTBOUND_STATUS.name(),
                Topics.OUTBOUND_STATUS.keySerde().deserializer(), Topics.OUTBOUND_STATUS.valueSerde().deserializer());
        dlq = driver.createOutputTopic(Topics.OUTBOUND_MESSAGES.dlq().name(),
                Topics.OUTBOUND_MESSAGES.dlq().keySerde().deserializer(),
                Topics.OUTBOUND_MESSAGES.dlq().valueSerde().deserializer());
    }

    private static OutboundMessage reply(String outboundId, String body) {
        OutboundMessage sample = SampleEvents.outbound();
        return new OutboundMessage(sample.schemaVersion(), outboundId, sample.snapshotId(), sample.decisionId(),
                sample.conversationId(), sample.workspaceId(), sample.to(), sample.from(), body, sample.createdAt());
    }

    private void send(OutboundMessage message) {
        replies.pipeInput(message.conversationId(), message);
    }

    private double sends(String status) {
        return Optional.ofNullable(meters.find("outbound.sends").tag("status", status).counter())
                .map(c -> c.count()).orElse(0.0);
    }

    @Test
    void aReplyIsPostedToTheMessagesApiWithWhatsAppNumbersItsBodyACallbackAndBasicAuth() {
        twilio.accepts();
        start();

        send(SampleEvents.outbound());

        assertThat(twilio.creates()).hasSize(1);
        LoggedRequest request = twilio.creates().getFirst();
        assertThat(request.getUrl()).isEqualTo("/2010-04-01/Accounts/" + FakeTwilio.ACCOUNT_SID + "/Messages.json");
        assertThat(header(request, "Content-Type")).startsWith("application/x-www-form-urlencoded");
        assertThat(header(request, "Authorization")).isEqualTo("Basic " + Base64.getEncoder().encodeToString(
                (FakeTwilio.ACCOUNT_SID + ":" + FakeTwilio.AUTH_TOKEN).getBytes(StandardCharsets.US_ASCII)));
        assertThat(form(request)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "To", "whatsapp:+5491155550001",
                "From", "whatsapp:+14155238886",
                "Body", "¡Hola! ¿En qué te ayudo?",
                "StatusCallback", PUBLIC_BASE_URL + "/webhook/pulpo/twilio/status?outbound_id=out-1"
                        + "&conversation_id=" + SampleEvents.WORKSPACE + "%3A%2B5491155550001"));
        OutboundStatus status = statuses.readValue();
        assertThat(status.status()).isEqualTo("queued");
        assertThat(status.providerId()).matches("SM[0-9a-f]{32}");
        assertThat(status.outboundId()).isEqualTo("out-1");
        assertThat(status.attempt()).isEqualTo(1);
        assertThat(statuses.isEmpty()).isTrue();
        assertThat(sends("sent")).isEqualTo(1);
    }

    @Test
    void a429IsRetriedAfterItsRetryAfterAndTheReplyGoesOutOnce() {
        twilio.answersFirstThenAccepts(FakeTwilio.tooManyRequests(3));
        start();

        send(SampleEvents.outbound());
        OutboundStatus retrying = statuses.readValue();
        driver.advanceWallClockTime(Duration.ofMillis(2_500));

        assertThat(retrying.status()).isEqualTo("retrying");
        assertThat(retrying.attempt()).isEqualTo(1);
        assertThat(retrying.error()).contains("HTTP 429").contains("next attempt in 3000 ms");
        assertThat(twilio.creates()).as("not before Retry-After").hasSize(1);

        driver.advanceWallClockTime(Duration.ofMillis(750));

        assertThat(twilio.creates()).hasSize(2);
        OutboundStatus sent = statuses.readValue();
        assertThat(sent.status()).isEqualTo("queued");
        assertThat(sent.attempt()).isEqualTo(2);
        driver.advanceWallClockTime(Duration.ofSeconds(30));
        assertThat(twilio.creates()).as("sent once").hasSize(2);
        assertThat(statuses.isEmpty()).isTrue();
        assertThat(sends("retried")).isEqualTo(1);
        assertThat(sends("sent")).isEqualTo(1);
    }

    @Test
    void a500IsRetriedWithBackoffAndThe201EndsIt() {
        twilio.answersFirstThenAccepts(FakeTwilio.serverError());
        start();

        send(SampleEvents.outbound());
        // The first retry waits between half the base and the base (1 s), with jitter.
        driver.advanceWallClockTime(Duration.ofMillis(1_250));

        assertThat(statuses.readValuesToList()).extracting(OutboundStatus::status, OutboundStatus::attempt)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("retrying", 1),
                        org.assertj.core.groups.Tuple.tuple("queued", 2));
        driver.advanceWallClockTime(Duration.ofSeconds(30));
        assertThat(twilio.creates()).hasSize(2);
        assertThat(dlq.isEmpty()).isTrue();
    }

    @Test
    void a400GoesStraightToTheDlqWithTwiliosReasonAndIsNotRetried() {
        twilio.alwaysAnswers(FakeTwilio.invalidToNumber());
        start();

        send(SampleEvents.outbound());
        driver.advanceWallClockTime(Duration.ofSeconds(30));

        assertThat(twilio.creates()).hasSize(1);
        DeadLetter dead = dlq.readValue();
        assertThat(dead.sourceTopic()).isEqualTo(Topics.OUTBOUND_MESSAGES.name());
        assertThat(dead.service()).isEqualTo(OutboundTopology.SERVICE);
        assertThat(dead.reason()).contains("HTTP 400").contains("21211").contains("not a valid phone number");
        assertThat(dead.value()).contains("\"outbound_id\":\"out-1\"");
        OutboundStatus failed = statuses.readValue();
        assertThat(failed.status()).isEqualTo("failed");
        assertThat(failed.error()).contains("21211");
        assertThat(statuses.isEmpty()).isTrue();
        assertThat(sends("failed")).isEqualTo(1);
    }

    @Test
    void a5xxThatDoesNotHealGoesToTheDlqAfterTheLastAttempt() {
        twilio.alwaysAnswers(FakeTwilio.serverError());
        start();

        send(SampleEvents.outbound());
        for (int i = 0; i < 10; i++) {
            driver.advanceWallClockTime(Duration.ofSeconds(8));
        }

        assertThat(twilio.creates()).hasSize(3);
        assertThat(statuses.readValuesToList()).extracting(OutboundStatus::status)
                .containsExactly("retrying", "retrying", "dead_lettered");
        assertThat(dlq.readValue().reason()).contains("gave up after 3 attempts").contains("HTTP 500");
        assertThat(sends("dead_lettered")).isEqualTo(1);
    }

    @Test
    void aTwilioThatDoesNotAnswerInTimeIsRetried() {
        twilio.answersFirstThenAccepts(com.github.tomakehurst.wiremock.client.WireMock.aResponse()
                .withFixedDelay(2_000).withStatus(201));
        start(new SendSettings(3, Duration.ofSeconds(1), Duration.ofSeconds(8), Duration.ofMillis(300),
                Duration.ofMillis(250), Duration.ofDays(7)));

        send(SampleEvents.outbound());
        driver.advanceWallClockTime(Duration.ofMillis(1_250));

        List<OutboundStatus> written = statuses.readValuesToList();
        assertThat(written).extracting(OutboundStatus::status).containsExactly("retrying", "queued");
        assertThat(written.getFirst().error()).contains("no answer from Twilio within 300 ms");
    }

    @Test
    void aReplyWithoutAWhatsAppNumberToSendFromGoesToTheDlqUnsent() {
        twilio.accepts();
        start();
        OutboundMessage sample = SampleEvents.outbound();

        send(new OutboundMessage(sample.schemaVersion(), "out-nofrom", sample.snapshotId(), sample.decisionId(),
                sample.conversationId(), sample.workspaceId(), sample.to(), null, "hola", sample.createdAt()));

        assertThat(twilio.creates()).isEmpty();
        assertThat(dlq.readValue().reason()).contains("no WhatsApp number to send from");
        assertThat(statuses.readValue().status()).isEqualTo("failed");
    }

    @Test
    void aLongReplyGoesOutAsTwoMessagesSplitAtASentenceEnd() {
        twilio.accepts();
        start();
        String sentence = "Tenemos turnos libres el viernes por la mañana y el sábado temprano, avisanos cuál preferís. ";
        String body = sentence.repeat(2_500 / sentence.length() + 1).strip();

        send(reply("out-long", body));

        List<String> parts = twilio.creates().stream().map(r -> form(r).get("Body")).toList();
        assertThat(parts).hasSize(2);
        assertThat(parts).allSatisfy(part -> assertThat(part.length()).isLessThanOrEqualTo(1_600));
        assertThat(parts.getFirst()).endsWith("preferís.");
        assertThat(parts.get(0) + " " + parts.get(1)).isEqualTo(body);
        assertThat(twilio.creates()).extracting(r -> form(r).get("StatusCallback"))
                .allSatisfy(url -> assertThat(url).contains("outbound_id=out-long%23"));
        List<OutboundStatus> written = statuses.readValuesToList();
        assertThat(written).extracting(OutboundStatus::outboundId).containsExactly("out-long#1/2", "out-long#2/2");
        assertThat(written).extracting(OutboundStatus::providerId).doesNotHaveDuplicates().doesNotContainNull();
    }

    @Test
    void theSameOutboundMessageDeliveredAgainIsNotSentAgain() {
        twilio.accepts();
        start();

        send(SampleEvents.outbound());
        send(SampleEvents.outbound());
        driver.advanceWallClockTime(Duration.ofSeconds(30));

        assertThat(twilio.creates()).hasSize(1);
        assertThat(statuses.readValuesToList()).hasSize(1);
    }

    @Test
    void aReplyWaitsBehindAnEarlierReplyOfItsConversationThatIsBeingRetried() {
        twilio.answersFirstThenAccepts(FakeTwilio.tooManyRequests(2));
        start();

        send(reply("out-1", "primero"));
        send(reply("out-2", "segundo"));
        assertThat(twilio.creates()).as("the second waits for the first").hasSize(1);
        driver.advanceWallClockTime(Duration.ofMillis(2_250));

        assertThat(twilio.creates()).extracting(r -> form(r).get("Body")).containsExactly("primero", "primero", "segundo");
        assertThat(statuses.readValuesToList()).extracting(OutboundStatus::outboundId, OutboundStatus::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("out-1", "retrying"),
                        org.assertj.core.groups.Tuple.tuple("out-1", "queued"),
                        org.assertj.core.groups.Tuple.tuple("out-2", "queued"));
    }

    @Test
    void everyRequestSentConformsToTwiliosOpenApiDescription() {
        Optional<Path> contract = TwilioOpenApi.locate();
        assumeThat(contract).as("../shared/contracts/twilio_api_v2010.json beside the repository").isPresent();
        TwilioOpenApi openApi = TwilioOpenApi.load(contract.orElseThrow());
        twilio.answersFirstThenAccepts(FakeTwilio.serverError());
        start();

        // A retried reply, then one long enough to go out in two parts.
        send(SampleEvents.outbound());
        driver.advanceWallClockTime(Duration.ofSeconds(2));
        send(reply("out-long", "Una frase corta para probar el corte. ".repeat(60)));

        assertThat(twilio.requests()).hasSize(4);
        for (LoggedRequest request : twilio.requests()) {
            ValidationReport report = openApi.check(request);
            assertThat(report.getMessages()).as("%s %s", request.getMethod(), request.getUrl()).isEmpty();
        }
    }

    @Test
    void theOpenApiCheckRejectsACreateWithoutTo() throws Exception {
        Optional<Path> contract = TwilioOpenApi.locate();
        assumeThat(contract).as("../shared/contracts/twilio_api_v2010.json beside the repository").isPresent();
        twilio.accepts();
        HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(twilio.baseUrl() + FakeTwilio.MESSAGES_PATH))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("a:b".getBytes()))
                .POST(HttpRequest.BodyPublishers.ofString("From=whatsapp%3A%2B14155238886&Body=hola")).build(),
                HttpResponse.BodyHandlers.discarding());

        ValidationReport report = TwilioOpenApi.load(contract.orElseThrow()).check(twilio.requests().getFirst());

        assertThat(report.getMessages()).extracting(ValidationReport.Message::getMessage)
                .anySatisfy(message -> assertThat(message).contains("To"));
    }
}
