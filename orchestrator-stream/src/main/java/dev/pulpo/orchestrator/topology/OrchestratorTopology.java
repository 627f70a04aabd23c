package dev.pulpo.orchestrator.topology;

import dev.pulpo.orchestrator.config.OrchestratorSettings;
import dev.pulpo.orchestrator.dialogue.ConversationState;
import dev.pulpo.orchestrator.turn.ConversationEngine;
import dev.pulpo.orchestrator.turn.Emission;
import dev.pulpo.schemas.Topic;
import dev.pulpo.schemas.Topics;
import dev.pulpo.schemas.event.InboundSnapshot;
import dev.pulpo.schemas.event.ToolResult;
import dev.pulpo.schemas.event.Workspace;
import dev.pulpo.schemas.serde.JsonSerde;
import dev.pulpo.schemas.streams.DeadLetters;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.GlobalKTable;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.Stores;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The orchestrator's flow, top to bottom, as in ARCHITECTURE.md: messages, tool results and handoff
 * releases of a conversation meet in one task, around the conversation's state; everything a turn decides
 * leaves on {@code decisions}, {@code tool-calls}, {@code outbound-messages} and {@code handoffs}.
 */
@Component
public class OrchestratorTopology {
    public static final String SERVICE = "orchestrator-stream";
    /** Every workspace, on every instance. */
    public static final String WORKSPACES_STORE = "orchestrator-workspaces";
    /** Each conversation's slots, dialogue in progress, pending turn and recent message ids. */
    public static final String CONVERSATIONS_STORE = "conversations";
    /** The deadline of each turn waiting for tool results, so overdue ones are found without a full scan. */
    public static final String PENDING_DEADLINES_STORE = "pending-turn-deadlines";
    /** When each conversation was last active, and the same indexed by time, to delete long-silent ones. */
    public static final String LAST_SEEN_STORE = "conversation-last-seen";
    public static final String SILENCE_INDEX_STORE = "conversations-by-silence";

    private final ConversationEngine engine;
    private final OrchestratorSettings settings;

    public OrchestratorTopology(ConversationEngine engine, OrchestratorSettings settings) {
        this.engine = engine;
        this.settings = settings;
    }

    @Autowired
    public void build(StreamsBuilder builder) {
        DeadLetters deadLetters = new DeadLetters(SERVICE);

        // 1. Workspaces, from the compacted topic, on every instance: a turn needs its business's catalog.
        GlobalKTable<String, Workspace> workspaces = builder.globalTable(Topics.WORKSPACES.name(),
                Consumed.with(Topics.WORKSPACES.keySerde(), Topics.WORKSPACES.valueSerde()).withName("read-workspaces"),
                Materialized.as(WORKSPACES_STORE));

        // 2. The conversation state, keyed like the inputs, so one task owns a conversation.
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(CONVERSATIONS_STORE),
                Serdes.String(), new JsonSerde<>(ConversationState.class)));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(PENDING_DEADLINES_STORE),
                Serdes.String(), Serdes.Long()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(LAST_SEEN_STORE),
                Serdes.String(), Serdes.Long()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(SILENCE_INDEX_STORE),
                Serdes.String(), Serdes.String()));

        // 3. Customer messages (a malformed one goes to inbound-snapshots.dlq), with their workspace, start turns;
        //    the same step answers, on the wall clock, turns whose tool results are overdue, and deletes
        //    conversations silent past the retention.
        KStream<String, Emission> fromMessages = deadLetters.readOrDeadLetter(builder, Topics.INBOUND_SNAPSHOTS)
                .leftJoin(workspaces, (conversationId, snapshot) -> snapshot.workspaceId(), SnapshotInWorkspace::new,
                        Named.as("join-workspace-to-message"))
                .process(() -> new TakeMessage(engine, settings.conversationRetention()), Named.as("take-message"),
                        CONVERSATIONS_STORE, PENDING_DEADLINES_STORE, LAST_SEEN_STORE, SILENCE_INDEX_STORE);

        // 4. Tool results, with their workspace, continue the turn that asked for them.
        KStream<String, Emission> fromResults = deadLetters.readOrDeadLetter(builder, Topics.TOOL_RESULTS)
                .leftJoin(workspaces, (conversationId, result) -> result.workspaceId(), ResultInWorkspace::new,
                        Named.as("join-workspace-to-tool-result"))
                .processValues(() -> new TakeToolResult(engine), Named.as("take-tool-result"), CONVERSATIONS_STORE,
                        PENDING_DEADLINES_STORE);

        // 5. Releases of handed-off conversations (ours, on the same topic, are handoffs and change nothing).
        deadLetters.readOrDeadLetter(builder, Topics.HANDOFFS)
                .processValues(() -> new TakeHandoffEvent(engine), Named.as("take-handoff-event"), CONVERSATIONS_STORE);

        // 6. Whatever a turn emits goes to its topic.
        fromMessages.merge(fromResults, Named.as("merge-emissions"))
                .split(Named.as("emit-"))
                .branch((k, e) -> e instanceof Emission.DecisionMade, Branched.withConsumer(
                        s -> write(s, Topics.DECISIONS, e -> ((Emission.DecisionMade) e).decision()), "decision"))
                .branch((k, e) -> e instanceof Emission.CallRequested, Branched.withConsumer(
                        s -> write(s, Topics.TOOL_CALLS, e -> ((Emission.CallRequested) e).call()), "tool-call"))
                .branch((k, e) -> e instanceof Emission.ReplyToSend, Branched.withConsumer(
                        s -> write(s, Topics.OUTBOUND_MESSAGES, e -> ((Emission.ReplyToSend) e).message()), "reply"))
                .branch((k, e) -> e instanceof Emission.HandedOff, Branched.withConsumer(
                        s -> write(s, Topics.HANDOFFS, e -> ((Emission.HandedOff) e).handoff()), "handoff"))
                .branch((k, e) -> e instanceof Emission.Rejected r
                                && r.deadLetter().sourceTopic().equals(Topics.TOOL_RESULTS.name()),
                        Branched.withConsumer(s -> write(s, Topics.TOOL_RESULTS.dlq(),
                                e -> ((Emission.Rejected) e).deadLetter()), "rejected-tool-result"))
                .branch((k, e) -> e instanceof Emission.Rejected, Branched.withConsumer(
                        s -> write(s, Topics.INBOUND_SNAPSHOTS.dlq(), e -> ((Emission.Rejected) e).deadLetter()),
                        "rejected-message"));
    }

    private static <V> void write(KStream<String, Emission> stream, Topic<String, V> topic,
            Function<Emission, V> unwrap) {
        stream.mapValues(unwrap::apply, Named.as("unwrap-emitted-" + topic.name()))
                .to(topic.name(), Produced.with(topic.keySerde(), topic.valueSerde()).withName("emit-to-" + topic.name()));
    }

    record SnapshotInWorkspace(InboundSnapshot snapshot, Workspace workspace) {
    }

    record ResultInWorkspace(ToolResult result, Workspace workspace) {
    }
}
