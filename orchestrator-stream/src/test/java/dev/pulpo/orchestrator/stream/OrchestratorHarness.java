package dev.pulpo.orchestrator.stream;

import dev.pulpo.orchestrator.config.OrchestratorSettings;
import dev.pulpo.orchestrator.dialogue.LegacyDialogue;
import dev.pulpo.orchestrator.nlu.SpanishUnderstanding;
import dev.pulpo.orchestrator.policy.ArgumentSchemas;
import dev.pulpo.orchestrator.policy.ToolPolicy;
import dev.pulpo.orchestrator.reply.Replies;
import dev.pulpo.orchestrator.slm.ModelWorker;
import dev.pulpo.orchestrator.slm.OllamaModels;
import dev.pulpo.orchestrator.slm.SlmSettings;
import dev.pulpo.orchestrator.slm.SlmSteps;
import dev.pulpo.orchestrator.telemetry.RoutingGauges;
import dev.pulpo.orchestrator.telemetry.TurnTelemetry;
import dev.pulpo.orchestrator.turn.ConversationEngine;
import dev.pulpo.schemas.DemoWorkspace;
import dev.pulpo.schemas.Topic;
import dev.pulpo.schemas.Topics;
import dev.pulpo.schemas.event.ModelReply;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * The real orchestrator topology on a {@link TopologyTestDriver}, with the real model worker calling whatever
 * speaks Ollama at {@code ollamaUrl}. The worker's answers land in a queue; {@link #deliverModelReply()} pipes
 * the next one into {@code model-replies}, as the worker's producer would, on the test's thread (the driver is
 * single-threaded).
 */
final class OrchestratorHarness implements AutoCloseable {
    static final Instant T0 = Instant.parse("2025-01-15T13:00:00Z");

    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final TopologyTestDriver driver;
    final TopologyDescription description;
    private final BlockingQueue<ModelReply> modelReplies = new LinkedBlockingQueue<>();
    private final ModelWorker worker;
    private final TestInputTopic<String, ModelReply> modelReplyInput;

    OrchestratorHarness(Path stateDir, OrchestratorSettings settings, SlmSettings slmSettings) {
        Replies replies = new Replies();
        TurnTelemetry telemetry = new TurnTelemetry(meters);
        ConversationEngine engine = new ConversationEngine(new SpanishUnderstanding(), new LegacyDialogue(replies),
                new ToolPolicy(new ArgumentSchemas()), replies, telemetry, settings, new SlmSteps(slmSettings));
        worker = new ModelWorker(new OllamaModels(slmSettings.baseUrl()), modelReplies::add,
                slmSettings.maxConcurrentCalls());
        StreamsBuilder builder = new StreamsBuilder();
        new OrchestratorTopology(engine, settings, slmSettings, worker, telemetry,
                new RoutingGauges(settings, meters)).build(builder);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "orchestrator-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        Topology topology = builder.build();
        description = topology.describe();
        driver = new TopologyTestDriver(topology, props, T0);
        modelReplyInput = input(Topics.MODEL_REPLIES);
        input(Topics.WORKSPACES).pipeInput(DemoWorkspace.ID, DemoWorkspace.load());
    }

    /** Legacy only: no model is ever asked. */
    OrchestratorHarness(Path stateDir) {
        this(stateDir, OrchestratorSettings.defaults(), SlmSettings.defaults().withBaseUrl("http://127.0.0.1:9"));
    }

    <V> TestInputTopic<String, V> input(Topic<String, V> topic) {
        return driver.createInputTopic(topic.name(), topic.keySerde().serializer(), topic.valueSerde().serializer());
    }

    <V> TestOutputTopic<String, V> output(Topic<String, V> topic) {
        return driver.createOutputTopic(topic.name(), topic.keySerde().deserializer(),
                topic.valueSerde().deserializer());
    }

    /** Waits for the worker's next answer and hands it to the topology; returns it. */
    ModelReply deliverModelReply() throws InterruptedException {
        ModelReply reply = modelReplies.poll(10, TimeUnit.SECONDS);
        if (reply == null) {
            throw new AssertionError("no model reply within 10 s");
        }
        modelReplyInput.pipeInput(reply.conversationId(), reply);
        return reply;
    }

    boolean noModelReplyWithin(Duration wait) throws InterruptedException {
        ModelReply reply = modelReplies.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
        if (reply != null) {
            modelReplies.add(reply);
        }
        return reply == null;
    }

    double counter(String name, String... tags) {
        var counter = meters.find(name).tags(tags).counter();
        return counter == null ? 0 : counter.count();
    }

    @Override
    public void close() throws InterruptedException {
        driver.close();
        worker.close();
    }
}
