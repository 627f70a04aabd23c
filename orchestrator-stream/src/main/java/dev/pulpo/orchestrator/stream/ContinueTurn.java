package dev.pulpo.orchestrator.stream;

import dev.pulpo.kafka.streams.errors.StreamErrors;
import dev.pulpo.orchestrator.dialogue.ConversationState;
import dev.pulpo.orchestrator.routing.RouteFlags;
import dev.pulpo.orchestrator.stream.OrchestratorTopology.InWorkspace;
import dev.pulpo.orchestrator.turn.Emission;
import dev.pulpo.orchestrator.turn.TurnOutcome;
import dev.pulpo.schemas.Topic;
import dev.pulpo.schemas.event.ConversationId;
import dev.pulpo.schemas.event.Workspace;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands what a pending turn waits for (a tool result, a model's answer) to that turn, in the conversation's own
 * task, and forwards what the turn emits next.
 */
final class ContinueTurn<V> implements FixedKeyProcessor<String, InWorkspace<V>, Emission> {
    private static final Logger log = LoggerFactory.getLogger(ContinueTurn.class);

    /** One of the engine's entry points for a pending turn. */
    @FunctionalInterface
    interface Step<V> {
        TurnOutcome apply(ConversationState state, V input, Workspace workspace, RouteFlags flags, long nowMs);
    }

    private final Topic<String, V> source;
    private final Step<V> step;
    private final FlagsLookup.Factory flagsLookup;
    private FixedKeyProcessorContext<String, Emission> context;
    private KeyValueStore<String, ConversationState> conversations;
    private PendingDeadlines deadlines;
    private FlagsLookup flags;

    ContinueTurn(Topic<String, V> source, Step<V> step, FlagsLookup.Factory flagsLookup) {
        this.source = source;
        this.step = step;
        this.flagsLookup = flagsLookup;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, Emission> context) {
        this.context = context;
        this.conversations = context.getStateStore(OrchestratorTopology.CONVERSATIONS_STORE);
        this.deadlines = new PendingDeadlines(context.getStateStore(OrchestratorTopology.PENDING_DEADLINES_STORE));
        this.flags = flagsLookup.open(context);
    }

    @Override
    public void process(FixedKeyRecord<String, InWorkspace<V>> record) {
        ConversationState state = conversations.get(record.key());
        Workspace workspace = record.value().workspace();
        if (state == null || workspace == null) {
            log.info("{} record without a conversation or workspace ignored conversation={}", source.name(),
                    ConversationId.masked(record.key()));
            return;
        }
        TurnOutcome outcome;
        try {
            outcome = step.apply(state, record.value().value(), workspace, flags.forWorkspace(workspace.workspaceId()),
                    context.currentSystemTimeMs());
        } catch (RuntimeException e) {
            // As for messages: keep the record and the reason on the dead-letter topic, and go on.
            log.error("{} record failed conversation={}", source.name(), ConversationId.masked(record.key()), e);
            String value = new String(source.valueSerde().serialize(source.name(), record.value().value()),
                    StandardCharsets.UTF_8);
            StreamErrors.from(context.appConfigs()).deadLettered(source.dlq().name(), "processing");
            context.forward(record.withValue(new Emission.Rejected(DeadLetterValue.of(OrchestratorTopology.SERVICE,
                    context.recordMetadata().orElseThrow(), record.key(), value, "processing failed: " + e,
                    context.currentSystemTimeMs()))));
            return;
        }
        conversations.put(record.key(), outcome.state());
        deadlines.track(record.key(), outcome.state());
        outcome.emissions().forEach(e -> context.forward(record.withValue(e)));
    }
}
