package dev.pulpo.kafka.streams.errors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pulpo.schemas.Topics;
import dev.pulpo.schemas.event.DeadLetter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.errors.TaskMigratedException;
import org.junit.jupiter.api.Test;

class StreamErrorsTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-01-15T13:00:00Z"), ZoneOffset.UTC);

    private static StreamErrors errors(Map<String, Object> config) {
        StreamErrors errors = new StreamErrors("test-service", ErrorCounters.NONE, Map.of(), CLOCK);
        errors.configure(config);
        return errors;
    }

    private static DeadLetter read(ProducerRecord<byte[], byte[]> record) {
        return Topics.TOOL_CALLS.dlq().valueSerde().deserialize(record.topic(), record.value());
    }

    @Test
    void everyCatalogTopicHasItsOwnDlqAndAnInternalTopicTheOneItsServiceNames() {
        DeadLetterRoutes routes = new DeadLetterRoutes("pulpo-tool-executor",
                Map.of("calls-by-workspace-repartition", "tool-calls"));

        assertThat(routes.dlqOf("inbound-snapshots")).isEqualTo("inbound-snapshots.dlq");
        assertThat(routes.dlqOf("workspaces")).isEqualTo("workspaces.dlq");
        assertThat(routes.dlqOf("pulpo-tool-executor-calls-by-workspace-repartition")).isEqualTo("tool-calls.dlq");
        assertThat(routes.dlqOf("pulpo-tool-executor-calendar-changelog")).isNull();
        assertThat(new DeadLetterRoutes("pulpo-outbound-sender", Map.of(DeadLetterRoutes.ANY_INTERNAL, "outbound-messages"))
                .dlqOf("pulpo-outbound-sender-pending-sends-changelog")).isEqualTo("outbound-messages.dlq");
        assertThat(new DeadLetterRoutes("pulpo-outbound-sender", Map.of(DeadLetterRoutes.ANY_INTERNAL, "outbound-messages"))
                .dlqOf("another-app-changelog")).as("only the application's own internal topics").isNull();
        assertThat(routes.dlqOf("tool-calls.dlq")).as("a dead letter is never dead-lettered").isNull();
        assertThat(routes.dlqOf(null)).isNull();
        assertThatThrownBy(() -> new DeadLetterRoutes("app", Map.of("x-repartition", "no-such-topic")))
                .hasMessageContaining("no-such-topic");
    }

    @Test
    void theRoutesOfAStreamsConfigAreAddedToTheServicesOwn() {
        StreamErrors errors = errors(Map.of(StreamsConfig.APPLICATION_ID_CONFIG, "pulpo-tool-executor",
                StreamErrors.ROUTE_PREFIX + "calls-by-workspace-repartition", "tool-calls"));

        var letter = errors.letter("pulpo-tool-executor-calls-by-workspace-repartition", 0, 7L,
                "ws-1".getBytes(StandardCharsets.UTF_8), "{}".getBytes(StandardCharsets.UTF_8), "bad");

        assertThat(letter.topic()).isEqualTo("tool-calls.dlq");
        assertThat(read(letter).sourceTopic()).isEqualTo("pulpo-tool-executor-calls-by-workspace-repartition");
    }

    @Test
    void aDeadLetterKeepsTheRecordWholeWithItsReasonCoordinatesServiceAndTime() {
        StreamErrors errors = errors(Map.of(StreamsConfig.APPLICATION_ID_CONFIG, "app"));

        var letter = errors.letter("inbound-snapshots", 2, 42L, "ws:+5491155550001".getBytes(StandardCharsets.UTF_8),
                "{not json".getBytes(StandardCharsets.UTF_8), "cannot read");

        assertThat(letter.topic()).isEqualTo("inbound-snapshots.dlq");
        assertThat(new String(letter.key(), StandardCharsets.UTF_8)).isEqualTo("ws:+5491155550001");
        assertThat(read(letter)).isEqualTo(new DeadLetter(DeadLetter.VERSION, "inbound-snapshots", 2, 42L,
                "ws:+5491155550001", "{not json", "cannot read", "test-service",
                Instant.parse("2025-01-15T13:00:00Z").atOffset(ZoneOffset.UTC)));
    }

    @Test
    void aValueTooLargeForARequestIsCutSoItsDeadLetterFitsAndTheReasonSaysSo() {
        int limit = 20_000;
        StreamErrors errors = errors(Map.of(StreamsConfig.APPLICATION_ID_CONFIG, "app",
                StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG), String.valueOf(limit)));
        // Quotes double when escaped, so the JSON is larger than the text.
        String value = "\"ñ".repeat(30_000);

        var letter = errors.letter("tool-calls", 0, 1L, "k".getBytes(StandardCharsets.UTF_8),
                value.getBytes(StandardCharsets.UTF_8), "could not write");

        assertThat(SizeCheckingClientSupplier.sizeUpperBound(letter)).isLessThanOrEqualTo(limit);
        DeadLetter read = read(letter);
        assertThat(value).startsWith(read.value());
        assertThat(read.value().length()).isGreaterThan(limit / 4);
        assertThat(read.reason()).startsWith("could not write (value cut to its first ")
                .endsWith(" of 60000 characters)");
    }

    @Test
    void aDeadLetterThatCannotBeWrittenIsNotDeadLetteredAgain() {
        StreamErrors errors = errors(Map.of(StreamsConfig.APPLICATION_ID_CONFIG, "app"));

        assertThat(errors.productionFailed(null, new ProducerRecord<>("tool-calls.dlq", new byte[1], new byte[1]),
                new RecordTooLargeException("too large"))).isEmpty();
    }

    @Test
    void aDeadLetterTooLargeToWriteIsWrittenAgainCutToFit() {
        int limit = 20_000;
        StreamErrors errors = errors(Map.of(StreamsConfig.APPLICATION_ID_CONFIG, "app",
                StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG), String.valueOf(limit)));
        DeadLetter whole = new DeadLetter(DeadLetter.VERSION, "tool-results", 0, 3L, "k", "y".repeat(50_000),
                "cannot read ToolResult", "orchestrator-stream", Instant.parse("2025-01-15T13:00:00Z").atOffset(ZoneOffset.UTC));
        byte[] refused = Topics.TOOL_RESULTS.dlq().valueSerde().serialize("tool-results.dlq", whole);

        var again = errors.productionFailed(null, new ProducerRecord<>("tool-results.dlq", bytes("k"), refused),
                new RecordTooLargeException("too large"));

        assertThat(again).singleElement().satisfies(record -> {
            assertThat(record.topic()).isEqualTo("tool-results.dlq");
            assertThat(SizeCheckingClientSupplier.sizeUpperBound(record)).isLessThanOrEqualTo(limit);
            assertThat(read(record).reason()).startsWith("cannot read ToolResult (value cut to its first ");
            assertThat(read(record).offset()).isEqualTo(3L);
        });
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aPunctuatorGoesOnAfterItsOwnBugsButNotAfterKafkaStreamsSignals() {
        assertThat(StreamErrors.recoverable(new IllegalStateException("a bug"))).isTrue();
        assertThat(StreamErrors.recoverable(new SerializationException("an unreadable stored value"))).isTrue();
        assertThat(StreamErrors.recoverable(new TaskMigratedException("moved"))).isFalse();
        assertThat(StreamErrors.recoverable(new InvalidStateStoreException("closed"))).isFalse();
    }

    @Test
    void theProducerRefusesARecordOverItsRequestLimitThroughTheCallbackWithoutSendingIt() {
        MockProducer<byte[], byte[]> real = new MockProducer<>(true, null, new ByteArraySerializer(),
                new ByteArraySerializer());
        var producer = new SizeCheckingClientSupplier.SizeCheckingProducer(real, 1_000);
        Exception[] seen = new Exception[1];

        var refused = producer.send(new ProducerRecord<>("decisions", new byte[1], new byte[2_000]),
                (metadata, e) -> seen[0] = e);
        producer.send(new ProducerRecord<>("decisions", new byte[1], new byte[100]));

        assertThat(seen[0]).isInstanceOf(RecordTooLargeException.class).hasMessageContaining("max.request.size (1000)");
        assertThatThrownBy(refused::get).hasCauseInstanceOf(RecordTooLargeException.class);
        assertThat(real.history()).hasSize(1);
        assertThat(real.history().getFirst().value()).hasSize(100);
    }
}
