package dev.pulpo.outbound;

import static dev.pulpo.outbound.twilio.FakeTwilio.form;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pulpo.ops.broker.LocalKafka;
import dev.pulpo.outbound.twilio.FakeTwilio;
import dev.pulpo.schemas.SampleEvents;
import dev.pulpo.schemas.Topics;
import dev.pulpo.schemas.event.OutboundMessage;
import dev.pulpo.schemas.event.OutboundStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The service as it runs, on a real (in-process KRaft) broker, sending to a local server that speaks
 * Twilio's REST API: a reply goes out once, and stays sent across a restart that delivers it again.
 */
class OutboundSenderApplicationTest {
    private static final LocalKafka KAFKA = new LocalKafka(Path.of("target", "kafka-" + UUID.randomUUID()), 0);

    private final FakeTwilio twilio = new FakeTwilio().accepts();
    private final Path stateDir = Path.of("target", "state", "app-" + UUID.randomUUID()).toAbsolutePath();
    private final List<OutboundStatus> statuses = new ArrayList<>();
    private KafkaConsumer<String, OutboundStatus> statusReader;
    private ConfigurableApplicationContext app;

    @BeforeAll
    static void startKafka() {
        KAFKA.start();
    }

    @AfterAll
    static void stopKafka() {
        KAFKA.close();
    }

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
        if (statusReader != null) {
            statusReader.close();
        }
        twilio.close();
    }

    private ConfigurableApplicationContext startService() {
        return OutboundSenderApplication.builder().run(
                "--spring.kafka.bootstrap-servers=" + KAFKA.bootstrapServers(),
                "--server.port=0",
                "--spring.main.banner-mode=off",
                "--management.metrics.use-global-registry=false",
                "--PULPO_STATE_DIR=" + stateDir,
                "--pulpo.twilio.account-sid=" + FakeTwilio.ACCOUNT_SID,
                "--pulpo.twilio.auth-token=" + FakeTwilio.AUTH_TOKEN,
                "--pulpo.twilio.api-base-url=" + twilio.baseUrl(),
                "--pulpo.twilio.public-base-url=https://pulpo.example.com");
    }

    private void publish(OutboundMessage... messages) {
        try (KafkaProducer<String, OutboundMessage> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()),
                new StringSerializer(), Topics.OUTBOUND_MESSAGES.valueSerde().serializer())) {
            for (OutboundMessage message : messages) {
                producer.send(new ProducerRecord<>(Topics.OUTBOUND_MESSAGES.name(), message.conversationId(), message));
            }
        }
    }

    /** Reads what the service committed on outbound-status; an aborted transaction never shows. */
    private List<OutboundStatus> committedStatuses() {
        if (statusReader == null) {
            statusReader = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers(),
                    ConsumerConfig.GROUP_ID_CONFIG, "status-reader-" + UUID.randomUUID(),
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                    new StringDeserializer(), Topics.OUTBOUND_STATUS.valueSerde().deserializer());
            statusReader.subscribe(List.of(Topics.OUTBOUND_STATUS.name()));
        }
        statusReader.poll(Duration.ofMillis(200)).forEach(record -> statuses.add(record.value()));
        return statuses;
    }

    private static OutboundMessage reply(String outboundId, String body) {
        OutboundMessage sample = SampleEvents.outbound();
        return new OutboundMessage(sample.schemaVersion(), outboundId, sample.snapshotId(), sample.decisionId(),
                sample.conversationId(), sample.workspaceId(), sample.to(), sample.from(), body, sample.createdAt());
    }

    @Test
    void aReplySentBeforeARestartIsNotSentAgainWhenItIsDeliveredAgainAfterIt() {
        String once = "restart-" + UUID.randomUUID();
        String after = "after-" + UUID.randomUUID();
        app = startService();
        publish(reply(once, "Te esperamos el viernes a las 10."));
        await().atMost(Duration.ofSeconds(60)).until(() -> committedStatuses().stream()
                .anyMatch(s -> s.outboundId().equals(once) && s.status().equals("queued")));

        // The send is committed; the service stops and starts again on the same state directory.
        app.close();
        app = startService();
        // The same reply arrives again (as after a producer's retry or a replay), then a new one behind it.
        publish(reply(once, "Te esperamos el viernes a las 10."), reply(after, "¡Gracias!"));
        await().atMost(Duration.ofSeconds(60)).until(() -> committedStatuses().stream()
                .anyMatch(s -> s.outboundId().equals(after) && s.status().equals("queued")));

        assertThat(twilio.creates()).extracting(r -> form(r).get("Body"))
                .containsExactly("Te esperamos el viernes a las 10.", "¡Gracias!");
        assertThat(committedStatuses()).filteredOn(s -> s.outboundId().equals(once)).hasSize(1)
                .allSatisfy(s -> assertThat(s.providerId()).startsWith("SM"));
    }
}
