package dev.pulpo.orchestrator.topology;

import dev.pulpo.orchestrator.dialogue.ConversationState;
import dev.pulpo.orchestrator.topology.OrchestratorTopology.ResultInWorkspace;
import dev.pulpo.orchestrator.turn.ConversationEngine;
import dev.pulpo.orchestrator.turn.Emission;
import dev.pulpo.orchestrator.turn.TurnOutcome;
import dev.pulpo.schemas.Topics;
import dev.pulpo.schemas.event.ConversationId;
import dev.pulpo.schemas.streams.DeadLetters;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Hands a tool result to the turn waiting for it, in the conversation's own task. */
final class TakeToolResult implements FixedKeyProcessor<String, ResultInWorkspace, Emission> {
    private static final Logger log = LoggerFactory.getLogger(TakeToolResult.class);

    private final ConversationEngine engine;
    private FixedKeyProcessorContext<String, Emission> context;
    private KeyValueStore<String, ConversationState> conversations;
    private PendingDeadlines deadlines;

    TakeToolResult(ConversationEngine engine) {
        this.engine = engine;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, Emission> context) {
        this.context = context;
        this.conversations = context.getStateStore(OrchestratorTopology.CONVERSATIONS_STORE);
        this.deadlines = new PendingDeadlines(context.getStateStore(OrchestratorTopology.PENDING_DEADLINES_STORE));
    }

    @Override
    public void process(FixedKeyRecord<String, ResultInWorkspace> record) {
        ConversationState state = conversations.get(record.key());
        if (state == null || record.value().workspace() == null) {
            log.info("tool result without a conversation or workspace ignored call_id={} conversation={}",
                    record.value().result().callId(), ConversationId.masked(record.key()));
            return;
        }
        TurnOutcome outcome;
        try {
            outcome = engine.onToolResult(state, record.value().result(), record.value().workspace(),
                    context.currentSystemTimeMs());
        } catch (RuntimeException e) {
            // As for messages: keep the result and the reason on the dead-letter topic, and go on.
            log.error("tool result failed call_id={} conversation={}", record.value().result().callId(),
                    ConversationId.masked(record.key()), e);
            String value = new String(Topics.TOOL_RESULTS.valueSerde().serialize(Topics.TOOL_RESULTS.name(),
                    record.value().result()), StandardCharsets.UTF_8);
            context.forward(record.withValue(new Emission.Rejected(DeadLetters.of(OrchestratorTopology.SERVICE,
                    context.recordMetadata().orElseThrow(), record.key(), value, "processing failed: " + e,
                    context.currentSystemTimeMs()))));
            return;
        }
        conversations.put(record.key(), outcome.state());
        deadlines.track(record.key(), outcome.state());
        outcome.emissions().forEach(e -> context.forward(record.withValue(e)));
    }
}
