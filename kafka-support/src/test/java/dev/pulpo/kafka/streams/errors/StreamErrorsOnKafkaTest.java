package dev.pulpo.kafka.streams.errors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pulpo.ops.broker.LocalKafka;
import dev.pulpo.schemas.DemoWorkspace;
import dev.pulpo.schemas.SampleEvents;
import dev.pulpo.schemas.Topics;
import dev.pulpo.schemas.event.DeadLetter;
import dev.pulpo.schemas.event.ToolCall;
import dev.pulpo.schemas.event.ToolResult;
import dev.pulpo.schemas.event.Workspace;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The handlers, the size check and the thread replacement on a real in-process KRaft broker, exactly-once, with a
 * small topology of the catalog's topics: a stream of tool calls (some poisoned) to tool results, and the workspaces
 * as a global table. One client for the class; each test uses keys of its own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StreamErrorsOnKafkaTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    /** The producers' request limit in this test: a tool result above it cannot be written. */
    private static final int MAX_REQUEST = 100_000;

    private final Map<String, Integer> counted = new ConcurrentHashMap<>();
    private final AtomicBoolean dieOnce = new AtomicBoolean(true);
    private LocalKafka kafka;
    private StreamErrors errors;
    private KafkaStreams streams;

    @BeforeAll
    void start() {
        kafka = new LocalKafka(Path.of("target", "kafka-" + UUID.randomUUID()), 0).start();
        errors = new StreamErrors("errors-test", (name, tags) -> counted.merge(name + List.of(tags), 1, Integer::sum),
                Map.of());

        StreamsBuilder builder = new StreamsBuilder();
        builder.globalTable(Topics.WORKSPACES.name(),
                Consumed.with(Topics.WORKSPACES.keySerde(), Topics.WORKSPACES.valueSerde()), Materialized.as("ws"));
        builder.stream(Topics.TOOL_CALLS.name(), Consumed.with(Topics.TOOL_CALLS.keySerde(), Topics.TOOL_CALLS.valueSerde()))
                .mapValues(call -> switch (call.tool()) {
                    case "explode" -> throw new IllegalStateException("the tool exploded");
                    case "die" -> {
                        if (dieOnce.getAndSet(false)) {
                            throw new AssertionError("the thread dies");
                        }
                        yield result(call, "survived");
                    }
                    case "huge" -> result(call, "x".repeat(MAX_REQUEST * 2));
                    default -> result(call, "ok");
                })
                .to(Topics.TOOL_RESULTS.name(), Produced.with(Topics.TOOL_RESULTS.keySerde(), Topics.TOOL_RESULTS.valueSerde()));

        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "errors-test-" + UUID.randomUUID());
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 50);
        props.put(StreamsConfig.STATE_DIR_CONFIG, Path.of("target", "state-" + UUID.randomUUID()).toAbsolutePath().toString());
        props.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG), MAX_REQUEST);
        // A dead thread does not leave its group: its replacement's rebalance waits for the session to expire.
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 6_000);
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), 1_000);
        props.put(StreamErrors.CONFIG, errors);
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterDeserializationHandler.class);
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterProcessingHandler.class);
        props.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterProductionHandler.class);
        streams = new KafkaStreams(builder.build(), props, new SizeCheckingClientSupplier());
        streams.setUncaughtExceptionHandler(new ReplaceFailedThread(errors));
        streams.start();
        await().atMost(WAIT).until(() -> streams.state() == KafkaStreams.State.RUNNING);
    }

    @AfterAll
    void stop() {
        if (streams != null) {
            streams.close(Duration.ofSeconds(10));
        }
        if (errors != null) {
            errors.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void aRecordThatCannotBeReadProcessedOrWrittenGoesToItsDlqWithTheReasonAndTheNextOneIsProcessed() {
        String prefix = "poison-" + UUID.randomUUID() + "-";
        send(Topics.TOOL_CALLS.name(), prefix + "not-json", "{not json".getBytes(StandardCharsets.UTF_8));
        send(Topics.TOOL_CALLS.name(), prefix + "schema", "{\"schema_version\": 1, \"call_id\": \"\"}".getBytes(StandardCharsets.UTF_8));
        send(Topics.TOOL_CALLS.name(), prefix + "throws", json(call(prefix + "throws", "explode")));
        send(Topics.TOOL_CALLS.name(), prefix + "too-large", json(call(prefix + "too-large", "huge")));
        send(Topics.TOOL_CALLS.name(), prefix + "good", json(call(prefix + "good", "check_availability")));

        List<ConsumerRecord<String, String>> results = readUntil(Topics.TOOL_RESULTS.name(), prefix, 1);
        assertThat(results).extracting(ConsumerRecord::key).containsExactly(prefix + "good");

        Map<String, DeadLetter> letters = deadLetters(Topics.TOOL_CALLS.dlq().name(), prefix, 4);
        assertThat(letters.get(prefix + "not-json").reason()).contains("cannot read ToolCall");
        assertThat(letters.get(prefix + "not-json").value()).isEqualTo("{not json");
        assertThat(letters.get(prefix + "schema").reason()).contains("call_id");
        assertThat(letters.get(prefix + "throws").reason()).contains("processing failed").contains("the tool exploded");
        assertThat(letters.get(prefix + "throws").value()).contains(prefix + "throws");
        assertThat(letters.get(prefix + "too-large").reason()).contains("could not write to tool-results")
                .contains("RecordTooLargeException");
        assertThat(letters.values()).allSatisfy(letter -> {
            assertThat(letter.sourceTopic()).isEqualTo(Topics.TOOL_CALLS.name());
            assertThat(letter.service()).isEqualTo("errors-test");
            assertThat(letter.offset()).isNotNegative();
        });
        assertThat(streams.state()).isEqualTo(KafkaStreams.State.RUNNING);
        assertThat(counted).containsKey(ErrorCounters.DEAD_LETTERS + List.of("topic", "tool-calls.dlq", "stage", "production"));
    }

    @Test
    void aBadWorkspaceOnTheGlobalTableIsDeadLetteredAsideAndTheNextOneIsRead() {
        String bad = "bad-" + UUID.randomUUID();
        String good = "good-" + UUID.randomUUID();
        send(Topics.WORKSPACES.name(), bad, "not a workspace".getBytes(StandardCharsets.UTF_8));
        Workspace demo = DemoWorkspace.load();
        send(Topics.WORKSPACES.name(), good, Topics.WORKSPACES.valueSerde().serialize(Topics.WORKSPACES.name(), demo));

        Map<String, DeadLetter> letters = deadLetters(Topics.WORKSPACES.dlq().name(), bad, 1);
        assertThat(letters.get(bad).reason()).contains("cannot read Workspace");
        assertThat(letters.get(bad).value()).isEqualTo("not a workspace");
        ReadOnlyKeyValueStore<String, ValueAndTimestamp<Workspace>> ws = streams.store(StoreQueryParameters
                .fromNameAndType("ws", QueryableStoreTypes.timestampedKeyValueStore()));
        await().atMost(WAIT).until(() -> ws.get(good) != null);
        assertThat(ws.get(bad)).isNull();
        assertThat(streams.state()).isEqualTo(KafkaStreams.State.RUNNING);
    }

    @Test
    void aStreamThreadThatDiesIsReplacedCountedAndItsRecordProcessedAgain() {
        long before = errors.threadsReplaced();
        String key = "die-" + UUID.randomUUID();
        send(Topics.TOOL_CALLS.name(), key, json(call(key, "die")));

        List<ConsumerRecord<String, String>> results = readUntil(Topics.TOOL_RESULTS.name(), key, 1);
        assertThat(results.getFirst().value()).contains("survived");
        assertThat(errors.threadsReplaced()).isEqualTo(before + 1);
        assertThat(counted.get(ErrorCounters.THREADS_REPLACED + List.of())).isGreaterThanOrEqualTo(1);
        await().atMost(WAIT).until(() -> streams.state() == KafkaStreams.State.RUNNING);
        assertThat(streams.metadataForLocalThreads()).hasSize(1);
    }

    private static ToolCall call(String callId, String tool) {
        ToolCall sample = SampleEvents.toolCall();
        return new ToolCall(ToolCall.VERSION, callId, sample.decisionId(), callId, sample.workspaceId(), tool,
                sample.args(), sample.turnTime(), sample.deadline());
    }

    private static ToolResult result(ToolCall call, String text) {
        return new ToolResult(ToolResult.VERSION, call.callId(), call.decisionId(), call.conversationId(),
                call.workspaceId(), call.tool(), ToolResult.OK, Map.of("text", text), null, 1, SampleEvents.NOW);
    }

    private static byte[] json(ToolCall call) {
        return Topics.TOOL_CALLS.valueSerde().serialize(Topics.TOOL_CALLS.name(), call);
    }

    private void send(String topic, String key, byte[] value) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()), new StringSerializer(),
                new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Committed records of a topic whose key starts with {@code prefix}, until {@code count} of them. */
    private List<ConsumerRecord<String, String>> readUntil(String topic, String prefix, int count) {
        List<ConsumerRecord<String, String>> seen = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            await().atMost(WAIT).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (r.key() != null && r.key().startsWith(prefix)) {
                        seen.add(r);
                    }
                });
                return seen.size() >= count;
            });
        }
        return seen;
    }

    private Map<String, DeadLetter> deadLetters(String dlq, String prefix, int count) {
        Map<String, DeadLetter> letters = new ConcurrentHashMap<>();
        for (ConsumerRecord<String, String> r : readUntil(dlq, prefix, count)) {
            letters.put(r.key(), Topics.TOOL_CALLS.dlq().valueSerde().deserialize(dlq,
                    r.value().getBytes(StandardCharsets.UTF_8)));
        }
        return letters;
    }
}
