package dev.pulpo.orchestrator.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulpo.orchestrator.dialogue.ConversationState;
import dev.pulpo.orchestrator.reply.Replies;
import dev.pulpo.schemas.DemoWorkspace;
import dev.pulpo.schemas.EventSchemas;
import dev.pulpo.schemas.SampleEvents;
import dev.pulpo.schemas.Topics;
import dev.pulpo.schemas.event.Channel;
import dev.pulpo.schemas.event.DeadLetter;
import dev.pulpo.schemas.event.Decision;
import dev.pulpo.schemas.event.InboundSnapshot;
import dev.pulpo.schemas.event.OutboundMessage;
import dev.pulpo.schemas.event.ToolCall;
import dev.pulpo.schemas.event.ToolResult;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12, "Bounded state": however fast a customer writes, the messages waiting behind a turn stay bounded, and a
 * snapshot too large to name a message is refused with a dead letter small enough to write.
 */
class BoundedStateTest {
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
