package dev.pulpo.orchestrator.stream;

import dev.pulpo.orchestrator.dialogue.ConversationState;
import dev.pulpo.orchestrator.turn.ConversationEngine;
import dev.pulpo.schemas.event.Handoff;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueStore;

/** Applies a handoff event (a release ends the assistant's silence) to the conversation's state. */
final class TakeHandoffEvent implements FixedKeyProcessor<String, Handoff, Void> {
    private final ConversationEngine engine;
    private KeyValueStore<String, ConversationState> conversations;

    TakeHandoffEvent(ConversationEngine engine) {
        this.engine = engine;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, Void> context) {
        this.conversations = context.getStateStore(OrchestratorTopology.CONVERSATIONS_STORE);
    }

    @Override
    public void process(FixedKeyRecord<String, Handoff> record) {
        ConversationState state = conversations.get(record.key());
        if (state != null) {
            conversations.put(record.key(), engine.onHandoffEvent(state, record.value()).state());
        }
    }
}
