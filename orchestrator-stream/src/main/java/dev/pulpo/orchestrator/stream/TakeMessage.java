package dev.pulpo.orchestrator.stream;

import dev.pulpo.kafka.streams.errors.Punctuations;
import dev.pulpo.kafka.streams.errors.StreamErrors;
import dev.pulpo.orchestrator.dialogue.ConversationState;
import dev.pulpo.orchestrator.dialogue.StateLimits;
import dev.pulpo.orchestrator.stream.OrchestratorTopology.SnapshotInWorkspace;
import dev.pulpo.orchestrator.turn.ConversationEngine;
import dev.pulpo.orchestrator.turn.Emission;
import dev.pulpo.orchestrator.turn.TurnOutcome;
import dev.pulpo.schemas.Topics;
import dev.pulpo.schemas.event.ConversationId;
import dev.pulpo.schemas.event.Workspace;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the conversation, lets the engine take the message, stores the state and forwards what it emits.
 * It also answers, once a second, the turns whose tool results or model answers are overdue: a plain (not fixed-key)
 * processor, because only it may forward from a punctuator.
 */
final class TakeMessage implements Processor<String, SnapshotInWorkspace, String, Emission> {
    private static final Logger log = LoggerFactory.getLogger(TakeMessage.class);
    private static final Duration OVERDUE_CHECK = Duration.ofSeconds(1);
    private static final Duration RETENTION_CHECK = Duration.ofHours(1);
    private static final String ANSWER_OVERDUE_TURNS = "answer-overdue-turns";

    private final ConversationEngine engine;
    private final Duration retention;
    private final FlagsLookup.Factory flagsLookup;
    private final String pipelineVersion;
    private FlagsLookup flags;
    private ConversationRetention activity;
    private ProcessorContext<String, Emission> context;
    private KeyValueStore<String, ConversationState> conversations;
    private PendingDeadlines deadlines;
    private ReadOnlyKeyValueStore<String, ValueAndTimestamp<Workspace>> workspaces;

    TakeMessage(ConversationEngine engine, Duration retention, FlagsLookup.Factory flagsLookup,
            String pipelineVersion) {
        this.engine = engine;
        this.pipelineVersion = pipelineVersion;
        this.retention = retention;
        this.flagsLookup = flagsLookup;
    }

    @Override
    public void init(ProcessorContext<String, Emission> context) {
        this.context = context;
        this.conversations = context.getStateStore(OrchestratorTopology.CONVERSATIONS_STORE);
        this.deadlines = new PendingDeadlines(context.getStateStore(OrchestratorTopology.PENDING_DEADLINES_STORE));
        this.workspaces = context.getStateStore(OrchestratorTopology.WORKSPACES_STORE);
        this.flags = flagsLookup.open(context);
        this.activity = new ConversationRetention(context.getStateStore(OrchestratorTopology.LAST_SEEN_STORE),
                context.getStateStore(OrchestratorTopology.SILENCE_INDEX_STORE));
        // A check that fails is logged and counted, and runs again at its next time (kafka-support's Punctuations).
        context.schedule(OVERDUE_CHECK, PunctuationType.WALL_CLOCK_TIME,
                Punctuations.guarded(context, ANSWER_OVERDUE_TURNS, this::answerOverdueTurns));
        context.schedule(RETENTION_CHECK, PunctuationType.WALL_CLOCK_TIME,
                Punctuations.guarded(context, "forget-silent-conversations", this::forgetSilentConversations));
    }

    @Override
    public void process(Record<String, SnapshotInWorkspace> record) {
        SnapshotInWorkspace in = record.value();
        if (in.workspace() == null) {
            reject(record, "unknown workspace " + in.snapshot().workspaceId());
            return;
        }
        if (!record.key().equals(in.snapshot().conversationId())) {
            reject(record, "key " + StateLimits.clip(record.key(), StateLimits.MAX_ID_CHARS)
                    + " is not the snapshot's conversation id");
            return;
        }
        String unfit = StateLimits.identityProblem(in.snapshot());
        if (unfit != null) {
            reject(record, unfit);
            return;
        }
        TurnOutcome outcome;
        try {
            ConversationState state = conversations.get(record.key());
            outcome = engine.onSnapshot(state == null ? ConversationState.empty() : state, in.snapshot(),
                    in.workspace(), flags.forWorkspace(in.workspace().workspaceId()), record.timestamp(),
                    context.currentSystemTimeMs());
        } catch (RuntimeException e) {
            // One message that trips a bug must not stop every conversation of the partition: it is kept, with
            // the reason, on the dead-letter topic, and the conversation's state stays as it was.
            log.error("turn failed snapshot_id={} conversation={}", in.snapshot().snapshotId(),
                    ConversationId.masked(record.key()), e);
            reject(record, "processing failed: " + e);
            // The customer waits for an answer: a generic apology (FailedTurn).
            FailedTurn.apology(in.snapshot(), in.workspace(), pipelineVersion, context.currentSystemTimeMs())
                    .forEach(emission -> context.forward(record.withValue(emission)));
            return;
        }
        conversations.put(record.key(), outcome.state());
        deadlines.track(record.key(), outcome.state());
        activity.touch(record.key(), context.currentSystemTimeMs());
        outcome.emissions().forEach(e -> context.forward(record.withValue(e)));
    }

    /** A customer silent longer than the retention starts afresh: their state is deleted, not kept forever. */
    private void forgetSilentConversations(long nowMs) {
        int forgotten = 0;
        for (String conversationId : activity.silentSince(nowMs - retention.toMillis())) {
            ConversationState state = conversations.get(conversationId);
            if (state != null && state.pending() != null) {
                continue; // its deadline check answers it first
            }
            conversations.delete(conversationId);
            activity.forget(conversationId);
            forgotten++;
        }
        if (forgotten > 0) {
            log.info("conversations deleted after {} of silence count={}", retention, forgotten);
        }
    }

    private void answerOverdueTurns(long nowMs) {
        List<String> overdue = new ArrayList<>();
        try (KeyValueIterator<String, Long> all = deadlines.store().all()) {
            while (all.hasNext()) {
                KeyValue<String, Long> entry = all.next();
                if (entry.value <= nowMs) {
                    overdue.add(entry.key);
                }
            }
        }
        for (String conversationId : overdue) {
            // One turn that cannot be answered must not hold the others: it is logged and counted, and its
            // deadline dropped, since it would fail the same way every second. Its conversation's next message
            // expires the turn again (and is dead-lettered with the reason if that fails too).
            if (!Punctuations.step(context, ANSWER_OVERDUE_TURNS, () -> answerOverdueTurn(conversationId, nowMs))) {
                deadlines.store().delete(conversationId);
            }
        }
    }

    private void answerOverdueTurn(String conversationId, long nowMs) {
        ConversationState state = conversations.get(conversationId);
        ValueAndTimestamp<Workspace> workspace = state == null || state.pending() == null ? null
                : workspaces.get(state.pending().snapshot().workspaceId());
        if (workspace == null) {
            deadlines.store().delete(conversationId);
            return;
        }
        TurnOutcome outcome = engine.onDeadline(state, workspace.value(),
                flags.forWorkspace(workspace.value().workspaceId()), nowMs);
        conversations.put(conversationId, outcome.state());
        deadlines.track(conversationId, outcome.state());
        outcome.emissions().forEach(e -> context.forward(new Record<>(conversationId, e, nowMs)));
    }

    private void reject(Record<String, SnapshotInWorkspace> record, String reason) {
        log.warn("snapshot rejected snapshot_id={} conversation={} reason=\"{}\"",
                StateLimits.clip(record.value().snapshot().snapshotId(), StateLimits.MAX_ID_CHARS),
                ConversationId.masked(record.key()), reason);
        String value = new String(Topics.INBOUND_SNAPSHOTS.valueSerde()
                .serialize(Topics.INBOUND_SNAPSHOTS.name(), record.value().snapshot()), StandardCharsets.UTF_8);
        StreamErrors.from(context.appConfigs()).deadLettered(Topics.INBOUND_SNAPSHOTS.dlq().name(), "processing");
        context.forward(record.withValue(new Emission.Rejected(DeadLetterValue.of(OrchestratorTopology.SERVICE,
                context.recordMetadata().orElseThrow(), record.key(), value, reason, context.currentSystemTimeMs()))));
    }
}
