package dev.pulpo.orchestrator.onkafka;

import static dev.pulpo.kafka.testing.KafkaProbe.WAIT;
import static dev.pulpo.kafka.testing.KafkaProbe.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pulpo.kafka.testing.KafkaProbe;
import dev.pulpo.ops.broker.LocalKafka;
import dev.pulpo.orchestrator.OrchestratorApplication;
import dev.pulpo.orchestrator.stream.OrchestratorTopology;
import dev.pulpo.orchestrator.telemetry.RoutingGauges;
import dev.pulpo.orchestrator.turn.ConversationEngine;
import dev.pulpo.schemas.DemoWorkspace;
import dev.pulpo.schemas.SampleEvents;
import dev.pulpo.schemas.Topic;
import dev.pulpo.schemas.Topics;
import dev.pulpo.schemas.event.Channel;
import dev.pulpo.schemas.event.ConversationId;
import dev.pulpo.schemas.event.DeadLetter;
import dev.pulpo.schemas.event.Decision;
import dev.pulpo.schemas.event.FlagUpdate;
import dev.pulpo.schemas.event.Handoff;
import dev.pulpo.schemas.event.InboundSnapshot;
import dev.pulpo.schemas.event.ModelReply;
import dev.pulpo.schemas.event.ToolResult;
import dev.pulpo.schemas.event.TurnIds;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.aopalliance.intercept.MethodInterceptor;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;

/**
 * Issue 12's poison tests for orchestrator-stream, on a real in-process KRaft broker with the application as it runs
 * (its yml, exactly-once, legacy route; a request limit of 20 KB here), for each topic it reads. On each: a record
 * that is not JSON, one that breaks its schema, and one that makes its step throw (the engine or the flags' gauges,
 * made to throw on a poisoned value); and one too large to write: the conversation's state is bounded, so none of
 * the orchestrator's outputs grows with an input past the limit, and the record too large to write is each topic's
 * dead letter (a 20 KB snapshot id, refused; an unreadable record of 20 KB), which is cut to fit. Each lands on its topic's {@code .dlq} with the reason, the next record is processed,
 * the service stays RUNNING, and a customer whose turn failed gets an apology. Then its health.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OrchestratorPoisonOnKafkaTest {
    private static final String APPLICATION_ID = "pulpo-orchestrator";
    private static final String POISON = "poison";
    private static final int MAX_REQUEST = 20_000;
    private static final String CONVERSATION = ConversationId.of(DemoWorkspace.ID, "+5491155550777");

    private LocalKafka kafka;
    private KafkaProbe probe;
    private ConfigurableApplicationContext app;
    private StreamsBuilderFactoryBean streams;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void start() {
        kafka = new LocalKafka(Path.of("target", "kafka-" + UUID.randomUUID()), 0).start();
        probe = new KafkaProbe(kafka.bootstrapServers());
        probe.send(Topics.WORKSPACES, DemoWorkspace.ID, DemoWorkspace.load());
        app = OrchestratorApplication.builder()
                .initializers(context -> context.getBeanFactory().addBeanPostProcessor(new Poisonable()))
                .run("--spring.kafka.bootstrap-servers=" + kafka.bootstrapServers(),
                        "--server.port=0",
                        "--spring.main.banner-mode=off",
                        "--management.metrics.use-global-registry=false",
                        "--PULPO_STATE_DIR=" + Path.of("target", "state", "poison-" + UUID.randomUUID()).toAbsolutePath(),
                        "--spring.kafka.streams.properties.producer.max.request.size=" + MAX_REQUEST);
        streams = app.getBean(StreamsBuilderFactoryBean.class);
        await().atMost(WAIT).until(() -> state() == KafkaStreams.State.RUNNING);
        // The conversation the other topics' records are about has a state.
        InboundSnapshot hello = snapshot(CONVERSATION, "hola");
        probe.send(Topics.INBOUND_SNAPSHOTS, CONVERSATION, hello);
        decision(hello.snapshotId());
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
    void inboundSnapshots() {
        Topic<String, InboundSnapshot> topic = Topics.INBOUND_SNAPSHOTS;
        String conversation = ConversationId.of(DemoWorkspace.ID, "+5491155550888");
        RecordMetadata notJson = probe.send(topic.name(), conversation, bytes("{not json"));
        RecordMetadata badSchema = probe.send(topic.name(), conversation, bytes("{\"schema_version\": 1, \"snapshot_id\": \"\"}"));
        // The conversation's state is bounded (README, "Bounded state"), so no message makes it too large to write;
        // a snapshot id that long is refused, and its dead letter, too large to write whole, is cut to fit.
        InboundSnapshot large = withSnapshotId(snapshot(conversation, "hola"), "x".repeat(MAX_REQUEST));
        RecordMetadata tooLarge = probe.send(topic, conversation, large);
        InboundSnapshot throwing = snapshot(conversation, POISON);
        RecordMetadata thrown = probe.send(topic, conversation, throwing);
        InboundSnapshot good = snapshot(conversation, "¿a qué hora abren?");
        probe.send(topic, conversation, good);

        assertThat(probe.deadLetterOf(notJson, topic).reason()).contains("cannot read InboundSnapshot");
        assertThat(probe.deadLetterOf(badSchema, topic).reason()).contains("snapshot_id");
        DeadLetter cut = probe.deadLetterOf(tooLarge, topic);
        assertThat(cut.reason()).contains("snapshot_id").contains("(value cut to its first ");
        assertThat(cut.value()).startsWith("{");
        DeadLetter failed = probe.deadLetterOf(thrown, topic);
        assertThat(failed.reason()).contains("processing failed").contains("the engine throws");
        assertThat(failed.value()).contains(throwing.snapshotId());
        // The customer whose turn failed is answered, with an apology.
        Decision apology = decision(throwing.snapshotId());
        assertThat(apology.isFinal()).isTrue();
        assertThat(apology.assistant()).startsWith("Perdón, tuve un problema");
        assertThat(decision(good.snapshotId()).intent()).isEqualTo("info_hours");
        assertRunning();
    }

    @Test
    @Order(2)
    void toolResults() {
        Topic<String, ToolResult> topic = Topics.TOOL_RESULTS;
        RecordMetadata notJson = probe.send(topic.name(), CONVERSATION, bytes("{not json"));
        RecordMetadata badSchema = probe.send(topic.name(), CONVERSATION, bytes("{\"schema_version\": 1, \"call_id\": \"\", \"duration_ms\": 1}"));
        RecordMetadata huge = probe.send(topic.name(), CONVERSATION, bytes("{\"unreadable\": \"" + "y".repeat(MAX_REQUEST) + "\""));
        RecordMetadata thrown = probe.send(topic, CONVERSATION, toolResult(POISON + "-" + UUID.randomUUID()));
        RecordMetadata good = probe.send(topic, CONVERSATION, toolResult("late-" + UUID.randomUUID()));

        assertPoisons(topic, notJson, "cannot read ToolResult", badSchema, "call_id", huge, thrown);
        probe.awaitConsumed(APPLICATION_ID, good);
        assertRunning();
    }

    @Test
    @Order(3)
    void modelReplies() {
        Topic<String, ModelReply> topic = Topics.MODEL_REPLIES;
        RecordMetadata notJson = probe.send(topic.name(), CONVERSATION, bytes("{not json"));
        RecordMetadata badSchema = probe.send(topic.name(), CONVERSATION, bytes("{\"schema_version\": 1, \"request_id\": \"\", \"duration_ms\": 1}"));
        RecordMetadata huge = probe.send(topic.name(), CONVERSATION, bytes("{\"unreadable\": \"" + "y".repeat(MAX_REQUEST) + "\""));
        RecordMetadata thrown = probe.send(topic, CONVERSATION, modelReply(POISON + "-" + UUID.randomUUID()));
        RecordMetadata good = probe.send(topic, CONVERSATION, modelReply("late-" + UUID.randomUUID()));

        assertPoisons(topic, notJson, "cannot read ModelReply", badSchema, "request_id", huge, thrown);
        probe.awaitConsumed(APPLICATION_ID, good);
        assertRunning();
    }

    @Test
    @Order(4)
    void handoffs() {
        Topic<String, Handoff> topic = Topics.HANDOFFS;
        RecordMetadata notJson = probe.send(topic.name(), CONVERSATION, bytes("{not json"));
        RecordMetadata badSchema = probe.send(topic.name(), CONVERSATION, bytes("{\"schema_version\": 1, \"conversation_id\": \"\"}"));
        RecordMetadata huge = probe.send(topic.name(), CONVERSATION, bytes("{\"unreadable\": \"" + "y".repeat(MAX_REQUEST) + "\""));
        RecordMetadata thrown = probe.send(topic, CONVERSATION, release(POISON));
        RecordMetadata good = probe.send(topic, CONVERSATION, release("the team is done"));

        assertPoisons(topic, notJson, "cannot read Handoff", badSchema, "conversation_id", huge, thrown);
        probe.awaitConsumed(APPLICATION_ID, good);
        assertRunning();
    }

    @Test
    @Order(5)
    void workspaces() {
        String salon = "salon-" + UUID.randomUUID();
        RecordMetadata notJson = probe.send(Topics.WORKSPACES.name(), "bad-" + salon, bytes("not a workspace"));
        RecordMetadata badSchema = probe.send(Topics.WORKSPACES.name(), "bad-" + salon,
                bytes("{\"schema_version\": 1, \"workspace_id\": \"bad\"}"));
        probe.send(Topics.WORKSPACES, salon, DemoWorkspace.load().withId(salon));

        assertThat(probe.deadLetterOf(notJson, Topics.WORKSPACES).reason()).contains("cannot read Workspace");
        assertThat(probe.deadLetterOf(badSchema, Topics.WORKSPACES).reason()).contains("name");
        // The next workspace is read: its customers are answered.
        String conversation = ConversationId.of(salon, "+5491155550999");
        await().atMost(WAIT).untilAsserted(() -> {
            InboundSnapshot hello = snapshot(conversation, "hola");
            probe.send(Topics.INBOUND_SNAPSHOTS, conversation, hello);
            assertThat(decision(hello.snapshotId()).intent()).isEqualTo("greeting");
        });
        assertRunning();
    }

    @Test
    @Order(6)
    void orchestratorControl() {
        Topic<String, FlagUpdate> topic = Topics.ORCHESTRATOR_CONTROL;
        String scope = "salon-" + UUID.randomUUID();
        RecordMetadata notJson = probe.send(topic.name(), scope, bytes("{not json"));
        RecordMetadata badSchema = probe.send(topic.name(), scope, bytes("{\"schema_version\": 1, \"scope\": \"\"}"));
        RecordMetadata thrown = probe.send(topic, scope, flags(scope, POISON));
        probe.send(topic, scope, flags(scope, "ops@pulpo"));

        assertThat(probe.deadLetterOf(notJson, topic).reason()).contains("cannot read FlagUpdate");
        assertThat(probe.deadLetterOf(badSchema, topic).reason()).contains("scope");
        assertThat(probe.deadLetterOf(thrown, topic).reason()).contains("processing failed").contains("the gauges throw");
        var flags = streams.getKafkaStreams().store(StoreQueryParameters.fromNameAndType(OrchestratorTopology.FLAGS_STORE,
                QueryableStoreTypes.<String, FlagUpdate>keyValueStore()));
        await().atMost(WAIT).until(() -> flags.get(scope) != null && "ops@pulpo".equals(flags.get(scope).updatedBy()));
        assertRunning();
    }

    @Test
    @Order(7)
    void healthIsUpWhileKafkaStreamsRunsDownOnceItStopsAndUpAgainOnceItIsBack() {
        assertThat(get("/actuator/health").statusCode()).isEqualTo(200);
        assertThat(get("/actuator/prometheus").body()).contains("pulpo_dead_letters_total{application=\"orchestrator-stream\"")
                .contains("pulpo_stream_threads_replaced_total{application=\"orchestrator-stream\"} 0.0")
                .contains("pulpo_stream_running{application=\"orchestrator-stream\"} 1.0");

        streams.stop();

        assertThat(get("/actuator/prometheus").body()).contains("pulpo_stream_running{application=\"orchestrator-stream\"} 0.0");
        assertThat(get("/actuator/health").statusCode()).isEqualTo(503);
        assertThat(get("/actuator/health/readiness").statusCode()).isEqualTo(503);
        assertThat(get("/actuator/health/liveness").statusCode()).as("stopped is not broken").isEqualTo(200);

        streams.start();

        await().atMost(WAIT).until(() -> get("/actuator/health").statusCode() == 200);
    }

    /** Not JSON, a broken schema, one too large to dead-letter whole, one whose step throws: each on the dlq. */
    private void assertPoisons(Topic<String, ?> topic, RecordMetadata notJson, String unreadable,
            RecordMetadata badSchema, String field, RecordMetadata huge, RecordMetadata thrown) {
        assertThat(probe.deadLetterOf(notJson, topic).reason()).contains(unreadable);
        assertThat(probe.deadLetterOf(badSchema, topic).reason()).contains(field);
        DeadLetter cut = probe.deadLetterOf(huge, topic);
        assertThat(cut.reason()).contains(unreadable).contains("(value cut to its first ");
        assertThat(cut.value()).startsWith("{\"unreadable\": \"yyy");
        assertThat(probe.deadLetterOf(thrown, topic).reason()).contains("processing failed").contains("the engine throws");
    }

    private void assertRunning() {
        assertThat(state()).isEqualTo(KafkaStreams.State.RUNNING);
    }

    private Decision decision(String snapshotId) {
        String decisionId = TurnIds.decisionId(snapshotId);
        return probe.read(Topics.DECISIONS, r -> r.value() != null && r.value().decisionId().equals(decisionId)
                && r.value().isFinal(), 1).getFirst().value();
    }

    private static InboundSnapshot snapshot(String conversation, String text) {
        return new InboundSnapshot(InboundSnapshot.VERSION, "snap-" + UUID.randomUUID(), conversation,
                ConversationId.workspaceOf(conversation), conversation.substring(conversation.lastIndexOf(':') + 1),
                Channel.API, null, text, List.of(), null, null, null, OffsetDateTime.now(ZoneOffset.UTC));
    }

    private static InboundSnapshot withSnapshotId(InboundSnapshot s, String snapshotId) {
        return new InboundSnapshot(s.schemaVersion(), snapshotId, s.conversationId(), s.workspaceId(), s.userPhone(),
                s.channel(), s.messageId(), s.text(), s.media(), s.profileName(), s.businessPhone(), s.replyVia(),
                s.receivedAt());
    }

    private static ToolResult toolResult(String callId) {
        ToolResult sample = SampleEvents.toolResult();
        return new ToolResult(ToolResult.VERSION, callId, sample.decisionId(), CONVERSATION, DemoWorkspace.ID,
                sample.tool(), ToolResult.OK, sample.result(), null, 1, sample.completedAt());
    }

    private static ModelReply modelReply(String requestId) {
        ModelReply sample = SampleEvents.modelReply();
        return new ModelReply(ModelReply.VERSION, requestId, sample.decisionId(), CONVERSATION, DemoWorkspace.ID,
                sample.stage(), sample.model(), sample.outcome(), sample.content(), null, 1, sample.completedAt());
    }

    private static Handoff release(String reason) {
        return new Handoff(Handoff.VERSION, CONVERSATION, DemoWorkspace.ID, Handoff.RELEASE, reason, List.of(),
                OffsetDateTime.now(ZoneOffset.UTC));
    }

    private static FlagUpdate flags(String scope, String by) {
        return new FlagUpdate(FlagUpdate.VERSION, scope, false, 0, by, OffsetDateTime.now(ZoneOffset.UTC));
    }

    private KafkaStreams.State state() {
        return streams.getKafkaStreams() == null ? null : streams.getKafkaStreams().state();
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

    /** The engine and the flags' gauges, except that they throw on a poisoned value. */
    private static final class Poisonable implements BeanPostProcessor {
        @Override
        public Object postProcessAfterInitialization(Object bean, String beanName) {
            if (!(bean instanceof ConversationEngine) && !(bean instanceof RoutingGauges)) {
                return bean;
            }
            String what = bean instanceof ConversationEngine ? "the engine throws" : "the gauges throw";
            ProxyFactory proxy = new ProxyFactory(bean);
            proxy.setProxyTargetClass(true);
            proxy.addAdvice((MethodInterceptor) invocation -> {
                for (Object argument : invocation.getArguments()) {
                    if (poisoned(argument)) {
                        throw new IllegalStateException(what);
                    }
                }
                return invocation.proceed();
            });
            return proxy.getProxy();
        }

        private static boolean poisoned(Object argument) {
            return switch (argument) {
                case InboundSnapshot s -> POISON.equals(s.text());
                case ToolResult r -> r.callId().startsWith(POISON);
                case ModelReply r -> r.requestId().startsWith(POISON);
                case Handoff h -> POISON.equals(h.reason());
                case FlagUpdate f -> POISON.equals(f.updatedBy());
                case null, default -> false;
            };
        }
    }
}
