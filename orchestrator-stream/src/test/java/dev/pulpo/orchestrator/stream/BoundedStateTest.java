package dev.pulpo.orchestrator.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulpo.orchestrator.dialogue.ConversationState;
import dev.pulpo.orchestrator.reply.Replies;
import dev.pulpo.schemas.DemoWorkspace;
import dev.pulpo.schemas.EventSchemas;
import dev.pulpo.schemas.SampleEvents;
import dev.pulpo.schemas.Topics;
import dev.pulpo.schemas.event.Channel;
import dev.pulpo.schemas.event.ConversationId;
import dev.pulpo.schemas.event.DeadLetter;
import dev.pulpo.schemas.event.Decision;
import dev.pulpo.schemas.event.InboundSnapshot;
import dev.pulpo.schemas.event.OutboundMessage;
import dev.pulpo.schemas.event.ToolCall;
import dev.pulpo.schemas.event.ToolResult;
import dev.pulpo.schemas.serde.JsonSerde;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12, "Bounded state": whatever comes in, and however much of it, a conversation's state stays bounded, and so
 * does every record the orchestrator writes. The incident: 30,000-character message ids sent to one conversation
 * grew its state past Kafka's 1 MB, and the stream thread died on {@code RecordTooLargeException}.
 */
class BoundedStateTest {
    private static final int MAX_RECORD_BYTES = 100 * 1024;
    private static final String OTHER = ConversationId.of(DemoWorkspace.ID, "+5491155550002");
    private static final JsonSerde<ConversationState> STATE = new JsonSerde<>(ConversationState.class);

    @TempDir
    Path stateDir;

    private OrchestratorHarness harness;
    private TestInputTopic<String, InboundSnapshot> snapshots;
    private TestInputTopic<String, ToolResult> toolResults;
    private TestOutputTopic<String, Decision> decisions;
    private TestOutputTopic<String, ToolCall> toolCalls;
    private TestOutputTopic<String, OutboundMessage> outbound;
    private KeyValueStore<String, ConversationState> conversations;

    @BeforeEach
    void start() {
        harness = new OrchestratorHarness(stateDir);
        snapshots = harness.input(Topics.INBOUND_SNAPSHOTS);
        toolResults = harness.input(Topics.TOOL_RESULTS);
        decisions = harness.output(Topics.DECISIONS);
        toolCalls = harness.output(Topics.TOOL_CALLS);
        outbound = harness.output(Topics.OUTBOUND_MESSAGES);
        conversations = harness.driver.getKeyValueStore(OrchestratorTopology.CONVERSATIONS_STORE);
    }

    @AfterEach
    void close() throws InterruptedException {
        harness.close();
    }

    @Test
    void aMessageThatFindsTheQueueFullIsDroppedAndTheCustomerToldOnceToWait() {
        // Given a turn waiting for its tool, and 10 messages waiting behind it (the default limit)
        snapshots.pipeInput(SampleEvents.CONVERSATION, twilio("s0", "SM0", "horarios?", 0));
        ToolCall call = toolCalls.readValue();
        for (int i = 1; i <= 10; i++) {
            snapshots.pipeInput(SampleEvents.CONVERSATION, twilio("s" + i, "SM" + i, "hola " + i, i));
        }
        assertThat(conversations.get(SampleEvents.CONVERSATION).queued()).hasSize(10);
        assertThat(decisions.readValuesToList()).extracting(Decision::isFinal).containsExactly(false);

        // When two more come
        snapshots.pipeInput(SampleEvents.CONVERSATION, twilio("s11", "SM11", "hola??", 11));
        snapshots.pipeInput(SampleEvents.CONVERSATION, twilio("s12", "SM12", "HOLA", 12));

        // Then the first is answered "one moment", once, without a turn; neither waits
        Decision busy = decisions.readValue();
        assertThat(busy.isFinal()).isTrue();
        assertThat(busy.intent()).isEqualTo("busy");
        assertThat(busy.snapshotId()).isEqualTo("s11");
        assertThat(busy.actions()).isEmpty();
        assertThat(busy.assistant()).isEqualTo(new Replies().oneMoment()).startsWith("Un momento");
        assertThat(new EventSchemas().validate(Topics.DECISIONS, new String(Topics.DECISIONS.valueSerde()
                .serialize(Topics.DECISIONS.name(), busy), java.nio.charset.StandardCharsets.UTF_8)))
                .as("the decisions contract knows the intent").isEmpty();
        assertThat(outbound.readValuesToList()).extracting(OutboundMessage::body).containsExactly(busy.assistant());
        assertThat(decisions.isEmpty()).isTrue();
        assertThat(conversations.get(SampleEvents.CONVERSATION).queued()).hasSize(10)
                .extracting(InboundSnapshot::snapshotId).doesNotContain("s11", "s12");
        assertThat(harness.counter("orchestrator.messages.dropped", "reason", "queue_full")).isEqualTo(2);
        assertThat(harness.counter("orchestrator.requests", "route", "legacy")).as("not turns").isZero();

        // When the turn gets its result, every message that waited is answered, in order
        toolResults.pipeInput(call.conversationId(), ok(call, Map.of("hours", Map.of())));
        List<Decision> answered = decisions.readValuesToList();
        assertThat(answered).extracting(Decision::snapshotId).containsExactly("s0", "s1", "s2", "s3", "s4", "s5",
                "s6", "s7", "s8", "s9", "s10");
        assertThat(conversations.get(SampleEvents.CONVERSATION).toldToWait()).isFalse();
        outbound.readValuesToList();

        // Then a later flood is told again, once
        snapshots.pipeInput(SampleEvents.CONVERSATION, twilio("t0", "SMt0", "horarios?", 20));
        for (int i = 1; i <= 12; i++) {
            snapshots.pipeInput(SampleEvents.CONVERSATION, twilio("t" + i, "SMt" + i, "hola " + i, 20 + i));
        }
        assertThat(decisions.readValuesToList()).extracting(Decision::intent).containsExactly("info_hours", "busy");
        assertThat(outbound.readValuesToList()).hasSize(1);
    }

    @Test
    void aToolResultTooLargeToKeepIsAnsweredAsAFailedCall() {
        // Given a turn waiting for the hours
        snapshots.pipeInput(SampleEvents.CONVERSATION, SampleEvents.snapshot("s1", "horarios?"));
        ToolCall call = toolCalls.readValue();

        // When the tool answers 40 KB
        toolResults.pipeInput(call.conversationId(), ok(call, Map.of("hours", Map.of(), "junk", "x".repeat(40_000))));

        // Then the turn answers as for a failed call, and nothing of the result is kept
        Decision decision = decisions.readValuesToList().getLast();
        assertThat(decision.isFinal()).isTrue();
        assertThat(decision.actions()).singleElement().satisfies(a -> {
            assertThat(a.status()).isEqualTo(ToolResult.FAILED);
            assertThat(a.reason()).startsWith("result too large");
        });
        assertThat(decision.assistant()).isEqualTo(new Replies().toolFailed());
        assertThat(sizeOfState(SampleEvents.CONVERSATION)).isLessThan(4_096);
    }

    @Test
    void aSnapshotWhoseIdIsTooLongToNameAMessageGoesToTheDlqCutToASizeItCanBeWritten() {
        // Given a writer other than the gateway, with a 200,000-character snapshot id
        TestOutputTopic<String, DeadLetter> dlq = harness.output(Topics.INBOUND_SNAPSHOTS.dlq());
        InboundSnapshot odd = new InboundSnapshot(InboundSnapshot.VERSION, "s".repeat(200_000),
                SampleEvents.CONVERSATION, DemoWorkspace.ID, SampleEvents.PHONE, Channel.N8N, null, "hola", List.of(),
                null, null, null, SampleEvents.NOW);

        // When
        snapshots.pipeInput(SampleEvents.CONVERSATION, odd);

        // Then
        DeadLetter dead = dlq.readValue();
        assertThat(dead.reason()).startsWith("snapshot_id is longer than 128 characters (value cut to 65536 of its");
        assertThat(dead.value()).hasSize(DeadLetterValue.MAX_VALUE_CHARS);
        assertThat(decisions.isEmpty()).isTrue();
        assertThat(conversations.get(SampleEvents.CONVERSATION)).isNull();
    }

    /**
     * The acceptance test of issue 12: 200 messages as large as the gateway lets in (and message ids as large as
     * any writer may put on inbound-snapshots) to one conversation, on the real topology; no value of the
     * conversations store, and no record written to any topic (its changelog included), ever passes 100 KB, and
     * another customer is still answered.
     */
    @Test
    void twoHundredMaximalMessagesToOneConversationKeepEveryStateAndRecordUnder100Kb() {
        String profile = "Ñ".repeat(128);
        List<Integer> stateSizes = new ArrayList<>();
        List<String> longIds = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            // Message ids of 128 characters (the gateway's most) and of 30,000 (any other writer's)
            String messageId = i % 2 == 0 ? String.format("%03d", i) + "m".repeat(125)
                    : String.format("%03d", i) + "M".repeat(29_997);
            if (i % 2 == 1) {
                longIds.add(messageId);
            }
            snapshots.pipeInput(SampleEvents.CONVERSATION, maximal("s" + i, messageId, profile, text(i), i));
            stateSizes.add(sizeOfState(SampleEvents.CONVERSATION));
            if (i % 25 == 24) {
                // Now and then the tools answer, so the turns go on and the messages that waited are taken
                answerToolCalls();
                stateSizes.add(sizeOfState(SampleEvents.CONVERSATION));
            }
        }
        // A redelivery of a message with a 30,000-character id is still a duplicate
        int before = decisions.readValuesToList().size();
        snapshots.pipeInput(SampleEvents.CONVERSATION, maximal("again", longIds.getLast(), profile, text(0), 199));
        assertThat(decisions.isEmpty()).as("nothing decided for the redelivery, %s before", before).isTrue();

        // Then no state value passed 100 KB (about 65 KB at most, with these messages)
        assertThat(stateSizes.stream().mapToInt(Integer::intValue).max().orElseThrow())
                .as("the largest state value, of %s", stateSizes).isLessThanOrEqualTo(MAX_RECORD_BYTES);
        ConversationState last = conversations.get(SampleEvents.CONVERSATION);
        assertThat(last.recentMessageIds()).hasSize(64)
                .allSatisfy(m -> assertThat(m.id().length()).isLessThanOrEqualTo(71));
        assertThat(last.queued()).hasSizeLessThanOrEqualTo(10);
        assertThat(last.recentTurns()).hasSizeLessThanOrEqualTo(10)
                .allSatisfy(t -> assertThat(t.text().length()).isLessThanOrEqualTo(1_000));
        assertThat(harness.counter("orchestrator.messages.dropped", "reason", "queue_full")).isPositive();

        // And another customer is answered
        snapshots.pipeInput(OTHER, new InboundSnapshot(InboundSnapshot.VERSION, "other-1", OTHER, DemoWorkspace.ID,
                "+5491155550002", Channel.API, null, "hola", List.of(), null, null, null, SampleEvents.NOW));
        assertThat(decisions.readValuesToList()).filteredOn(d -> d.conversationId().equals(OTHER))
                .singleElement().satisfies(d -> assertThat(d.intent()).isEqualTo("greeting"));

        // And no record on any topic, the state's changelog included, passed 100 KB
        for (String topic : harness.driver.producedTopicNames()) {
            TestOutputTopic<String, byte[]> raw = harness.driver.createOutputTopic(topic, new StringDeserializer(),
                    new ByteArrayDeserializer());
            for (TestRecord<String, byte[]> record : raw.readRecordsToList()) {
                int bytes = (record.key() == null ? 0 : record.key().length())
                        + (record.value() == null ? 0 : record.value().length);
                assertThat(bytes).as("a record on %s", topic).isLessThanOrEqualTo(MAX_RECORD_BYTES);
            }
        }
        assertThat(harness.driver.producedTopicNames()).contains("orchestrator-test-conversations-changelog");
    }

    /** Texts of 4,096 characters, the gateway's most: plain, accented, emoji; some ask for a tool. */
    private static String text(int i) {
        String start = switch (i % 4) {
            case 0 -> "horarios? ";
            case 1 -> "cuanto sale el corte? ";
            case 2 -> "hola! ";
            default -> "gracias ";
        };
        String filler = switch (i % 3) {
            case 0 -> "a";
            case 1 -> "ñ";
            default -> "😀";
        };
        StringBuilder text = new StringBuilder(start);
        while (text.codePointCount(0, text.length()) < 4_096) {
            text.append(filler);
        }
        return text.toString();
    }

    private void answerToolCalls() {
        for (ToolCall call : toolCalls.readValuesToList()) {
            toolResults.pipeInput(call.conversationId(), ok(call, Map.of("hours", Map.of(), "services", List.of())));
        }
    }

    private int sizeOfState(String conversationId) {
        ConversationState state = conversations.get(conversationId);
        return state == null ? 0 : STATE.serialize(OrchestratorTopology.CONVERSATIONS_STORE, state).length;
    }

    private static InboundSnapshot maximal(String snapshotId, String messageId, String profile, String text,
            int second) {
        return new InboundSnapshot(InboundSnapshot.VERSION, snapshotId, SampleEvents.CONVERSATION, DemoWorkspace.ID,
                SampleEvents.PHONE, Channel.TWILIO, messageId, text, List.of(), profile, "+14155238886", null,
                at(second));
    }

    private static InboundSnapshot twilio(String snapshotId, String messageSid, String text, int second) {
        return new InboundSnapshot(InboundSnapshot.VERSION, snapshotId, SampleEvents.CONVERSATION, DemoWorkspace.ID,
                SampleEvents.PHONE, Channel.TWILIO, messageSid, text, List.of(), null, "+14155238886", null,
                at(second));
    }

    private static OffsetDateTime at(int second) {
        return SampleEvents.NOW.plusSeconds(second);
    }

    private static ToolResult ok(ToolCall call, Map<String, Object> result) {
        return new ToolResult(ToolResult.VERSION, call.callId(), call.decisionId(), call.conversationId(),
                call.workspaceId(), call.tool(), ToolResult.OK, result, null, 1, SampleEvents.NOW);
    }
}
