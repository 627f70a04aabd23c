package dev.pulpo.tools.onkafka;

import static dev.pulpo.kafka.testing.KafkaProbe.WAIT;
import static dev.pulpo.kafka.testing.KafkaProbe.bytes;
import static dev.pulpo.tools.TestCalls.args;
import static dev.pulpo.tools.TestCalls.call;
import static dev.pulpo.tools.TestCalls.customer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pulpo.kafka.testing.KafkaProbe;
import dev.pulpo.ops.broker.LocalKafka;
import dev.pulpo.schemas.DemoWorkspace;
import dev.pulpo.schemas.Topics;
import dev.pulpo.schemas.event.DeadLetter;
import dev.pulpo.schemas.event.ToolCall;
import dev.pulpo.schemas.event.ToolNames;
import dev.pulpo.schemas.event.ToolResult;
import dev.pulpo.tools.ToolExecutorApplication;
import dev.pulpo.tools.executor.ToolRunner;
import dev.pulpo.tools.stream.ToolExecutorTopology;
import java.nio.file.Path;
import java.util.UUID;
import org.aopalliance.intercept.MethodInterceptor;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;

/**
 * Issue 12's poison tests for tool-executor, on a real in-process KRaft broker with the application as it runs (its
 * yml, exactly-once; a request limit of 20 KB here), for each topic it reads: {@code tool-calls}, the calendar's
 * repartition topic and the {@code workspaces} global table. A record that is not JSON and one that breaks its schema,
 * on each; a call too large to write on (to the repartition topic) and calls whose run throws, on either path: each
 * lands on its {@code .dlq} with the reason, the next record is processed, and the service stays RUNNING. A global
 * table has no step of ours to throw or to write on: not JSON and a broken schema are its poisons.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ToolExecutorPoisonOnKafkaTest {
    private static final String APPLICATION_ID = "pulpo-tool-executor";
    private static final String REPARTITION = APPLICATION_ID + "-" + ToolExecutorTopology.CALLS_BY_WORKSPACE + "-repartition";
    private static final int MAX_REQUEST = 20_000;

    private ToolExecutorOnKafka kafka;
    private KafkaProbe probe;
    private ConfigurableApplicationContext app;
    private StreamsBuilderFactoryBean streams;

    @BeforeAll
    void start() {
        kafka = ToolExecutorOnKafka.startBroker();
        probe = new KafkaProbe(kafka.bootstrapServers());
        app = ToolExecutorApplication.builder()
                .initializers(context -> context.getBeanFactory().addBeanPostProcessor(new ThrowingRunner()))
                .run("--spring.kafka.bootstrap-servers=" + kafka.bootstrapServers(),
                        "--PULPO_STATE_DIR=" + ToolExecutorOnKafka.newStateDir(),
                        "--server.port=0",
                        "--spring.main.banner-mode=off",
                        "--management.metrics.use-global-registry=false",
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
    }

    @Test
    void eachPoisonedCallLandsOnToolCallsDlqWithItsReasonAndTheNextCallIsAnswered() {
        String id = UUID.randomUUID().toString();
        String conversation = customer(1);
        String topic = Topics.TOOL_CALLS.name();

        RecordMetadata notJson = probe.send(topic, conversation, bytes("{not json"));
        RecordMetadata badSchema = probe.send(topic, conversation, bytes("{\"schema_version\": 1, \"call_id\": \"\"}"));
        RecordMetadata tooLarge = probe.send(Topics.TOOL_CALLS, conversation, call("large-" + id, conversation,
                ToolNames.CHECK_AVAILABILITY, args("service", "corte", "date", "2025-01-16", "note", "x".repeat(MAX_REQUEST))));
        RecordMetadata throwing = probe.send(Topics.TOOL_CALLS, conversation, call("throws-" + id, conversation,
                ToolNames.GET_BUSINESS_HOURS, args("poison", true)));
        probe.send(Topics.TOOL_CALLS, conversation, call("good-" + id, conversation, ToolNames.GET_BUSINESS_HOURS, args()));

        assertThat(probe.deadLetterOf(notJson, Topics.TOOL_CALLS).reason()).contains("cannot read ToolCall");
        assertThat(probe.deadLetterOf(badSchema, Topics.TOOL_CALLS).reason()).contains("call_id");
        DeadLetter large = probe.deadLetterOf(tooLarge, Topics.TOOL_CALLS);
        assertThat(large.reason()).contains("could not write to " + REPARTITION).contains("RecordTooLargeException");
        assertThat(probe.deadLetterOf(throwing, Topics.TOOL_CALLS).reason()).contains("processing failed at")
                .contains("the runner throws");
        assertThat(result("good-" + id).status()).isEqualTo(ToolResult.OK);
        assertThat(state()).isEqualTo(KafkaStreams.State.RUNNING);
    }

    @Test
    void eachPoisonedRecordOfTheCalendarsRepartitionTopicLandsOnToolCallsDlqAndTheNextCallIsAnswered() {
        String id = UUID.randomUUID().toString();
        String conversation = customer(2);

        RecordMetadata notJson = probe.send(REPARTITION, DemoWorkspace.ID, bytes("{not json"));
        RecordMetadata badSchema = probe.send(REPARTITION, DemoWorkspace.ID, bytes("{\"schema_version\": 1, \"call_id\": \"\"}"));
        probe.send(Topics.TOOL_CALLS, conversation, call("cal-throws-" + id, conversation,
                ToolNames.CHECK_AVAILABILITY, args("service", "corte", "date", "2025-01-16", "poison", true)));
        probe.send(Topics.TOOL_CALLS, conversation, call("cal-good-" + id, conversation,
                ToolNames.CHECK_AVAILABILITY, args("service", "corte", "date", "2025-01-16")));

        DeadLetter unread = probe.deadLetterOf(notJson, Topics.TOOL_CALLS);
        assertThat(unread.sourceTopic()).isEqualTo(REPARTITION);
        assertThat(unread.reason()).contains("cannot read ToolCall");
        assertThat(probe.deadLetterOf(badSchema, Topics.TOOL_CALLS).reason()).contains("call_id");
        DeadLetter thrown = probe.deadLetters(Topics.TOOL_CALLS, l -> l.value() != null
                && l.value().contains("cal-throws-" + id), 1).getFirst();
        assertThat(thrown.sourceTopic()).isEqualTo(REPARTITION);
        assertThat(thrown.reason()).contains("processing failed at").contains("the runner throws");
        assertThat(result("cal-good-" + id).status()).isEqualTo(ToolResult.OK);
        assertThat(state()).isEqualTo(KafkaStreams.State.RUNNING);
    }

    @Test
    void aBadWorkspaceLandsOnWorkspacesDlqAndTheNextWorkspaceIsServed() {
        String id = UUID.randomUUID().toString();
        String salon = "salon-" + id;
        String conversation = salon + ":+5491155550001";

        RecordMetadata notJson = probe.send(Topics.WORKSPACES.name(), "bad-" + id, bytes("not a workspace"));
        RecordMetadata badSchema = probe.send(Topics.WORKSPACES.name(), "bad-" + id,
                bytes("{\"schema_version\": 1, \"workspace_id\": \"bad-" + id + "\"}"));
        probe.send(Topics.WORKSPACES, salon, DemoWorkspace.load().withId(salon));

        assertThat(probe.deadLetterOf(notJson, Topics.WORKSPACES).reason()).contains("cannot read Workspace");
        assertThat(probe.deadLetterOf(notJson, Topics.WORKSPACES).value()).isEqualTo("not a workspace");
        assertThat(probe.deadLetterOf(badSchema, Topics.WORKSPACES).reason()).contains("name");
        // The new salon is known: its call is answered from it, not refused as an unknown workspace.
        await().atMost(WAIT).untilAsserted(() -> {
            String callId = "new-salon-" + UUID.randomUUID();
            probe.send(Topics.TOOL_CALLS, conversation, call(callId, conversation, ToolNames.GET_BUSINESS_HOURS, args()));
            assertThat(result(callId).status()).isEqualTo(ToolResult.OK);
        });
        assertThat(state()).isEqualTo(KafkaStreams.State.RUNNING);
    }

    private ToolResult result(String callId) {
        return probe.read(Topics.TOOL_RESULTS, r -> r.value() != null && r.value().callId().equals(callId), 1)
                .getFirst().value();
    }

    private KafkaStreams.State state() {
        return streams.getKafkaStreams() == null ? null : streams.getKafkaStreams().state();
    }

    /** The service's tool runner, except that it throws for a call whose arguments say {@code poison}. */
    private static final class ThrowingRunner implements BeanPostProcessor {
        @Override
        public Object postProcessAfterInitialization(Object bean, String beanName) {
            if (!(bean instanceof ToolRunner)) {
                return bean;
            }
            ProxyFactory proxy = new ProxyFactory(bean);
            proxy.setProxyTargetClass(true);
            proxy.addAdvice((MethodInterceptor) invocation -> {
                for (Object argument : invocation.getArguments()) {
                    if (argument instanceof ToolCall call && call.args().containsKey("poison")) {
                        throw new IllegalStateException("the runner throws");
                    }
                }
                return invocation.proceed();
            });
            return proxy.getProxy();
        }
    }
}
