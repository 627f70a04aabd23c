package dev.pulpo.outbound.onkafka;

import static dev.pulpo.kafka.testing.KafkaProbe.WAIT;
import static dev.pulpo.kafka.testing.KafkaProbe.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pulpo.kafka.testing.KafkaProbe;
import dev.pulpo.ops.broker.LocalKafka;
import dev.pulpo.outbound.OutboundSenderApplication;
import dev.pulpo.outbound.send.ReplySender;
import dev.pulpo.schemas.SampleEvents;
import dev.pulpo.schemas.Topics;
import dev.pulpo.schemas.event.DeadLetter;
import dev.pulpo.schemas.event.OutboundMessage;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.UUID;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;

/**
 * Issue 12's poison tests for outbound-sender, on a real in-process KRaft broker with the application as it runs
 * (its yml, exactly-once, replies dry-run): a reply that is not JSON, one that breaks its schema, one too large to
 * write downstream (its queue's changelog, under a request limit of 20 KB here) and one whose send throws each land
 * on {@code outbound-messages.dlq} with the reason, the next reply goes out, and the service stays RUNNING. Then its
 * health: UP while it runs, DOWN once its Kafka Streams stops, UP again once started.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OutboundPoisonOnKafkaTest {
    private static final String POISON = "\uD83D\uDCA5 the sender throws";
    private static final int MAX_REQUEST = 20_000;

    private LocalKafka kafka;
    private KafkaProbe probe;
    private ConfigurableApplicationContext app;
    private StreamsBuilderFactoryBean streams;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void start() {
        kafka = new LocalKafka(Path.of("target", "kafka-" + UUID.randomUUID()), 0).start();
        probe = new KafkaProbe(kafka.bootstrapServers());
        app = OutboundSenderApplication.builder()
                .initializers(context -> context.getBeanFactory().addBeanPostProcessor(new ThrowingSender()))
                .run("--spring.kafka.bootstrap-servers=" + kafka.bootstrapServers(),
                        "--server.port=0",
                        "--spring.main.banner-mode=off",
                        "--management.metrics.use-global-registry=false",
                        "--PULPO_STATE_DIR=" + Path.of("target", "state", "poison-" + UUID.randomUUID()).toAbsolutePath(),
                        "--spring.kafka.streams.properties.producer.max.request.size=" + MAX_REQUEST);
        streams = app.getBean(StreamsBuilderFactoryBean.class);
        await().atMost(WAIT).until(() -> state() == KafkaStreams.State.RUNNING);
    }

    @AfterAll
    void stop() {
        if (app != null) {
            app.close();
        }
        if (probe != null) {
            probe.close();
        }
        if (kafka != null) {
            kafka.close();
        }
        http.close();
    }

    @Test
    @Order(1)
    void eachPoisonedReplyLandsOnTheDlqWithItsReasonAndTheNextReplyGoesOut() {
        String conversation = SampleEvents.CONVERSATION;
        String topic = Topics.OUTBOUND_MESSAGES.name();

        RecordMetadata notJson = probe.send(topic, conversation, bytes("{not json"));
        RecordMetadata badSchema = probe.send(topic, conversation, bytes("{\"schema_version\": 1, \"outbound_id\": \"\"}"));
        probe.send(Topics.OUTBOUND_MESSAGES, conversation, reply("too-large", "x".repeat(MAX_REQUEST + 5_000)));
        RecordMetadata throwing = probe.send(Topics.OUTBOUND_MESSAGES, conversation, reply("throws", POISON));
        String good = "good-" + UUID.randomUUID();
        probe.send(Topics.OUTBOUND_MESSAGES, conversation, reply(good, "¡Hola! ¿En qué te ayudo?"));

        assertThat(probe.deadLetterOf(notJson, Topics.OUTBOUND_MESSAGES).reason()).contains("cannot read OutboundMessage");
        assertThat(probe.deadLetterOf(notJson, Topics.OUTBOUND_MESSAGES).value()).isEqualTo("{not json");
        assertThat(probe.deadLetterOf(badSchema, Topics.OUTBOUND_MESSAGES).reason()).contains("outbound_id");
        // Its queue's changelog cannot take it: the queue's record goes to the dlq, with the reply in it.
        DeadLetter large = probe.deadLetters(Topics.OUTBOUND_MESSAGES, l -> l.reason().contains("RecordTooLargeException")
                && l.value() != null && l.value().contains("too-large"), 1).getFirst();
        assertThat(large.sourceTopic()).isEqualTo("pulpo-outbound-sender-pending-sends-changelog");
        assertThat(large.reason()).contains("could not write to pulpo-outbound-sender-pending-sends-changelog")
                .contains("a restore loses it");
        assertThat(large.key()).isEqualTo(conversation);
        assertThat(large.service()).isEqualTo("outbound-sender");
        assertThat(probe.deadLetterOf(throwing, Topics.OUTBOUND_MESSAGES).reason()).contains("send failed")
                .contains("the sender throws");
        assertThat(probe.read(Topics.OUTBOUND_STATUS, r -> r.value() != null && r.value().outboundId().equals(good), 1))
                .isNotEmpty();
        assertThat(state()).isEqualTo(KafkaStreams.State.RUNNING);
        assertThat(scrape()).contains("pulpo_dead_letters_total{application=\"outbound-sender\",stage=\"production\",topic=\"outbound-messages.dlq\"}");
    }

    @Test
    @Order(2)
    void healthIsUpWhileKafkaStreamsRunsDownOnceItStopsAndUpAgainOnceItIsBack() {
        assertThat(get("/actuator/health").statusCode()).isEqualTo(200);

        streams.stop();

        assertThat(get("/actuator/health").statusCode()).isEqualTo(503);
        assertThat(get("/actuator/health/readiness").statusCode()).isEqualTo(503);
        assertThat(get("/actuator/health/liveness").statusCode()).as("stopped is not broken").isEqualTo(200);

        streams.start();

        await().atMost(WAIT).until(() -> get("/actuator/health").statusCode() == 200);
    }

    private static OutboundMessage reply(String outboundId, String body) {
        OutboundMessage sample = SampleEvents.outbound();
        return new OutboundMessage(OutboundMessage.VERSION, outboundId, sample.snapshotId(), sample.decisionId(),
                sample.conversationId(), sample.workspaceId(), sample.to(), sample.from(), body, sample.createdAt());
    }

    private KafkaStreams.State state() {
        return streams.getKafkaStreams() == null ? null : streams.getKafkaStreams().state();
    }

    private String scrape() {
        return get("/actuator/prometheus").body();
    }

    private HttpResponse<String> get(String path) {
        String port = app.getEnvironment().getProperty("local.server.port");
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The service's sender, except that it throws for a reply whose body is the poison. */
    private static final class ThrowingSender implements BeanPostProcessor {
        @Override
        public Object postProcessAfterInitialization(Object bean, String beanName) {
            if (!(bean instanceof ReplySender sender)) {
                return bean;
            }
            return Proxy.newProxyInstance(ReplySender.class.getClassLoader(), new Class<?>[] {ReplySender.class},
                    (proxy, method, args) -> {
                        if (method.getName().equals("send")
                                && ((dev.pulpo.outbound.send.OutgoingPart) args[0]).body().equals(POISON)) {
                            throw new IllegalStateException("the sender throws");
                        }
                        try {
                            return method.invoke(sender, args);
                        } catch (java.lang.reflect.InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        }
    }
}
