package dev.pulpo.orchestrator.topology;

import dev.pulpo.orchestrator.dialogue.ConversationState;
import dev.pulpo.orchestrator.topology.OrchestratorTopology.SnapshotInWorkspace;
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

/** Loads the conversation, lets the engine take the message, stores the state and forwards what it emits. */
final class TakeMessage implements FixedKeyProcessor<String, SnapshotInWorkspace, Emission> {
    private static final Logger log = LoggerFactory.getLogger(TakeMessage.class);

    private final ConversationEngine engine;
    private FixedKeyProcessorContext<String, Emission> context;
    private KeyValueStore<String, ConversationState> conversations;

    TakeMessage(ConversationEngine engine) {
        this.engine = engine;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, Emission> context) {
        this.context = context;
        this.conversations = context.getStateStore(OrchestratorTopology.CONVERSATIONS_STORE);
    }

    @Override
    public void process(FixedKeyRecord<String, SnapshotInWorkspace> record) {
        SnapshotInWorkspace in = record.value();
        if (in.workspace() == null) {
            reject(record, "unknown workspace " + in.snapshot().workspaceId());
            return;
        }
        if (!record.key().equals(in.snapshot().conversationId())) {
            reject(record, "key " + record.key() + " is not the snapshot's conversation id");
            return;
        }
        ConversationState state = conversations.get(record.key());
        TurnOutcome outcome;
        try {
            outcome = engine.onSnapshot(state == null ? ConversationState.empty() : state, in.snapshot(),
                    in.workspace(), record.timestamp(), context.currentSystemTimeMs());
        } catch (RuntimeException e) {
            // One message that trips a bug must not stop every conversation of the partition: it is kept, with
            // the reason, on the dead-letter topic, and the conversation's state stays as it was.
            log.error("turn failed snapshot_id={} conversation={}", in.snapshot().snapshotId(),
                    ConversationId.masked(record.key()), e);
            reject(record, "processing failed: " + e);
            return;
        }
        conversations.put(record.key(), outcome.state());
        outcome.emissions().forEach(e -> context.forward(record.withValue(e)));
    }

    private void reject(FixedKeyRecord<String, SnapshotInWorkspace> record, String reason) {
        log.warn("snapshot rejected snapshot_id={} conversation={} reason=\"{}\"", record.value().snapshot().snapshotId(),
                ConversationId.masked(record.key()), reason);
        String value = new String(Topics.INBOUND_SNAPSHOTS.valueSerde()
                .serialize(Topics.INBOUND_SNAPSHOTS.name(), record.value().snapshot()), StandardCharsets.UTF_8);
        context.forward(record.withValue(new Emission.Rejected(DeadLetters.of(OrchestratorTopology.SERVICE,
                context.recordMetadata().orElseThrow(), record.key(), value, reason, context.currentSystemTimeMs()))));
    }
}
