package dev.pulpo.orchestrator.stream;

import dev.pulpo.kafka.streams.DeadLetters;
import dev.pulpo.orchestrator.config.OrchestratorSettings;
import dev.pulpo.orchestrator.dialogue.ConversationState;
import dev.pulpo.orchestrator.routing.SlmHealth;
import dev.pulpo.orchestrator.slm.ModelWorker;
import dev.pulpo.orchestrator.slm.SlmSettings;
import dev.pulpo.orchestrator.telemetry.RoutingGauges;
import dev.pulpo.orchestrator.telemetry.TurnTelemetry;
import dev.pulpo.orchestrator.turn.ConversationEngine;
import dev.pulpo.orchestrator.turn.Emission;
import dev.pulpo.schemas.Topic;
import dev.pulpo.schemas.Topics;
import dev.pulpo.schemas.event.ConversationId;
import dev.pulpo.schemas.event.DeadLetter;
import dev.pulpo.schemas.event.InboundSnapshot;
import dev.pulpo.schemas.event.Workspace;
import dev.pulpo.schemas.serde.JsonSerde;
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
 * The orchestrator's flow, top to bottom, as in docs/ARCHITECTURE.md: messages, tool results, model answers and
 * handoff releases of a conversation meet in one task, around the conversation's state; everything a turn
 * decides leaves on {@code decisions}, {@code tool-calls}, {@code outbound-messages} and {@code handoffs}, and
 * its model calls go to the model worker, off the stream thread.
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
    /** Every scope's run-time routing flags, on every instance. */
    public static final String FLAGS_STORE = "orchestrator-flags";
    /** Per scope, the latest SLM turns and whether each fell back, for the automatic rollback. */
    public static final String SLM_HEALTH_STORE = "slm-health";

    // The processors' names, so the topology's description, its tests and its metrics name the same steps.
    static final String READ_WORKSPACES = "read-workspaces";
    static final String READ_ORCHESTRATOR_CONTROL = "read-orchestrator-control";
    static final String JOIN_WORKSPACE_TO_MESSAGE = "join-workspace-to-message";
    static final String TAKE_MESSAGE = "take-message";
    static final String JOIN_WORKSPACE_TO_TOOL_RESULT = "join-workspace-to-tool-result";
    static final String TAKE_TOOL_RESULT = "take-tool-result";
    static final String JOIN_WORKSPACE_TO_MODEL_REPLY = "join-workspace-to-model-reply";
    static final String TAKE_MODEL_REPLY = "take-model-reply";
    static final String TAKE_HANDOFF_EVENT = "take-handoff-event";
    static final String MERGE_TOOL_RESULT_EMISSIONS = "merge-tool-result-emissions";
    static final String MERGE_MODEL_REPLY_EMISSIONS = "merge-model-reply-emissions";
    static final String SPLIT_EMISSIONS = "emit-";
    static final String DECISION_BRANCH = "decision";
    static final String TOOL_CALL_BRANCH = "tool-call";
    static final String MODEL_CALL_BRANCH = "model-call";
    static final String REPLY_BRANCH = "reply";
    static final String HANDOFF_BRANCH = "handoff";
    static final String REJECTED_BRANCH = "rejected";
    static final String UNROUTED_BRANCH = "unrouted";
    static final String CALL_MODEL = "call-model";
    static final String UNWRAP_REJECTED = "unwrap-rejected";
    static final String WRITE_DLQ = "emit-to-dlq";
    /** Followed by the topic's name: each emitted kind is unwrapped and written by a step of its own. */
    static final String UNWRAP_EMITTED_PREFIX = "unwrap-emitted-";
    static final String WRITE_PREFIX = "emit-to-";
    static final String FAIL_UNROUTED = "fail-unrouted-emission";
    static final String WATCH_SLM_HEALTH = "watch-slm-health";
    static final String WRITE_ORCHESTRATOR_CONTROL = "emit-to-orchestrator-control";

    private final ConversationEngine engine;
    private final OrchestratorSettings settings;
    private final SlmSettings slmSettings;
    private final ModelWorker models;
    private final TurnTelemetry telemetry;
    private final RoutingGauges gauges;

    public OrchestratorTopology(ConversationEngine engine, OrchestratorSettings settings, SlmSettings slmSettings,
            ModelWorker models, TurnTelemetry telemetry, RoutingGauges gauges) {
        this.engine = engine;
        this.settings = settings;
        this.slmSettings = slmSettings;
        this.models = models;
        this.telemetry = telemetry;
        this.gauges = gauges;
    }

    @Autowired
    public void build(StreamsBuilder builder) {
        DeadLetters deadLetters = new DeadLetters(SERVICE);
        FlagsLookup.Factory flags = new FlagsLookup.Factory(settings.enableSlmPipeline(), settings.slmCanaryPercent());

        // 1. Workspaces, from the compacted topic, on every instance: a turn needs its business's catalog.
        GlobalKTable<String, Workspace> workspaces = builder.globalTable(Topics.WORKSPACES.name(),
                Consumed.with(Topics.WORKSPACES.keySerde(), Topics.WORKSPACES.valueSerde()).withName(READ_WORKSPACES),
                Materialized.as(WORKSPACES_STORE));

        // 2. The run-time routing flags, on every instance: a change routes the next turn, without a restart.
        builder.addGlobalStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(FLAGS_STORE),
                        Serdes.String(), Topics.ORCHESTRATOR_CONTROL.valueSerde()).withLoggingDisabled(),
                Topics.ORCHESTRATOR_CONTROL.name(), Consumed.with(Topics.ORCHESTRATOR_CONTROL.keySerde(),
                        Topics.ORCHESTRATOR_CONTROL.valueSerde()).withName(READ_ORCHESTRATOR_CONTROL),
                () -> new KeepFlags(gauges));

        // 3. The conversation state, keyed like the inputs, so one task owns a conversation.
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(CONVERSATIONS_STORE),
                Serdes.String(), new JsonSerde<>(ConversationState.class)));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(PENDING_DEADLINES_STORE),
                Serdes.String(), Serdes.Long()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(LAST_SEEN_STORE),
                Serdes.String(), Serdes.Long()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(SILENCE_INDEX_STORE),
                Serdes.String(), Serdes.String()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(SLM_HEALTH_STORE),
                Serdes.String(), new JsonSerde<>(SlmHealth.class)));

        // 4. Customer messages (a malformed one goes to inbound-snapshots.dlq), with their workspace, start turns
        //    on the route the canary gives them; the same step answers, on the wall clock, turns whose tool
        //    results or model answers are overdue, and deletes conversations silent past the retention.
        KStream<String, Emission> fromMessages = deadLetters.readOrDeadLetter(builder, Topics.INBOUND_SNAPSHOTS)
                .leftJoin(workspaces, (conversationId, snapshot) -> snapshot.workspaceId(), SnapshotInWorkspace::new,
                        Named.as(JOIN_WORKSPACE_TO_MESSAGE))
                .process(() -> new TakeMessage(engine, settings.conversationRetention(), flags, settings.pipelineVersion()),
                        Named.as(TAKE_MESSAGE), CONVERSATIONS_STORE, PENDING_DEADLINES_STORE, LAST_SEEN_STORE,
                        SILENCE_INDEX_STORE);

        // 5. Tool results, with their workspace, continue the turn that asked for them.
        KStream<String, Emission> fromResults = deadLetters.readOrDeadLetter(builder, Topics.TOOL_RESULTS)
                .leftJoin(workspaces, (conversationId, result) -> result.workspaceId(), InWorkspace::new,
                        Named.as(JOIN_WORKSPACE_TO_TOOL_RESULT))
                .processValues(() -> new ContinueTurn<>(Topics.TOOL_RESULTS, engine::onToolResult, flags),
                        Named.as(TAKE_TOOL_RESULT), CONVERSATIONS_STORE, PENDING_DEADLINES_STORE);

        // 6. Model answers (SLM route), with their workspace, continue the turn that asked for them.
        KStream<String, Emission> fromModels = deadLetters.readOrDeadLetter(builder, Topics.MODEL_REPLIES)
                .leftJoin(workspaces, (conversationId, reply) -> reply.workspaceId(), InWorkspace::new,
                        Named.as(JOIN_WORKSPACE_TO_MODEL_REPLY))
                .processValues(() -> new ContinueTurn<>(Topics.MODEL_REPLIES, engine::onModelReply, flags),
                        Named.as(TAKE_MODEL_REPLY), CONVERSATIONS_STORE, PENDING_DEADLINES_STORE);

        // 7. Releases of handed-off conversations (ours, on the same topic, are handoffs and change nothing).
        deadLetters.readOrDeadLetter(builder, Topics.HANDOFFS)
                .processValues(() -> new TakeHandoffEvent(engine), Named.as(TAKE_HANDOFF_EVENT), CONVERSATIONS_STORE);

        // 8. Whatever a turn emits goes to its topic; model calls go to the worker.
        KStream<String, Emission> emitted = fromMessages
                .merge(fromResults, Named.as(MERGE_TOOL_RESULT_EMISSIONS))
                .merge(fromModels, Named.as(MERGE_MODEL_REPLY_EMISSIONS));
        emitted.split(Named.as(SPLIT_EMISSIONS))
                .branch((k, e) -> e instanceof Emission.DecisionMade, Branched.withConsumer(
                        s -> write(s, Topics.DECISIONS, e -> ((Emission.DecisionMade) e).decision()), DECISION_BRANCH))
                .branch((k, e) -> e instanceof Emission.CallRequested, Branched.withConsumer(
                        s -> write(s, Topics.TOOL_CALLS, e -> ((Emission.CallRequested) e).call()), TOOL_CALL_BRANCH))
                .branch((k, e) -> e instanceof Emission.ModelCall, Branched.withConsumer(
                        s -> s.processValues(() -> new CallModel(models), Named.as(CALL_MODEL)), MODEL_CALL_BRANCH))
                .branch((k, e) -> e instanceof Emission.ReplyToSend, Branched.withConsumer(
                        s -> write(s, Topics.OUTBOUND_MESSAGES, e -> ((Emission.ReplyToSend) e).message()), REPLY_BRANCH))
                .branch((k, e) -> e instanceof Emission.HandedOff, Branched.withConsumer(
                        s -> write(s, Topics.HANDOFFS, e -> ((Emission.HandedOff) e).handoff()), HANDOFF_BRANCH))
                .branch((k, e) -> e instanceof Emission.Rejected, Branched.withConsumer(
                        s -> s.mapValues(e -> ((Emission.Rejected) e).deadLetter(), Named.as(UNWRAP_REJECTED))
                                .to((k, deadLetter, context) -> dlqOf(deadLetter),
                                        Produced.with(Serdes.String(), Topics.INBOUND_SNAPSHOTS.dlq().valueSerde())
                                                .withName(WRITE_DLQ)), REJECTED_BRANCH))
                // A new kind of emission without a branch above must never be dropped in silence.
                .defaultBranch(Branched.withConsumer(s -> s.foreach(OrchestratorTopology::failUnrouted,
                        Named.as(FAIL_UNROUTED)), UNROUTED_BRANCH));

        // 9. Final SLM decisions feed the automatic rollback, which writes to orchestrator-control when too many
        //    of a scope's latest SLM turns fell back to legacy.
        emitted.process(() -> new WatchSlmHealth(slmSettings, telemetry, flags), Named.as(WATCH_SLM_HEALTH),
                        SLM_HEALTH_STORE)
                .to(Topics.ORCHESTRATOR_CONTROL.name(), Produced.with(Topics.ORCHESTRATOR_CONTROL.keySerde(),
                        Topics.ORCHESTRATOR_CONTROL.valueSerde()).withName(WRITE_ORCHESTRATOR_CONTROL));
    }

    /** Fails the stream thread: an emission with no topic is a bug, and losing it would lose a turn. */
    static void failUnrouted(String conversationId, Emission emission) {
        throw new IllegalStateException("no topic for emission " + emission.getClass().getSimpleName()
                + " of conversation " + ConversationId.masked(conversationId) + ": add its branch to OrchestratorTopology");
    }

    /** The dead-letter topic of the input a rejected record came from. */
    private static String dlqOf(DeadLetter deadLetter) {
        return Topics.sources().stream().filter(t -> t.name().equals(deadLetter.sourceTopic())).findFirst()
                .orElse(Topics.INBOUND_SNAPSHOTS).dlq().name();
    }

    private static <V> void write(KStream<String, Emission> stream, Topic<String, V> topic,
            Function<Emission, V> unwrap) {
        stream.mapValues(unwrap::apply, Named.as(UNWRAP_EMITTED_PREFIX + topic.name()))
                .to(topic.name(), Produced.with(topic.keySerde(), topic.valueSerde()).withName(WRITE_PREFIX + topic.name()));
    }

    record SnapshotInWorkspace(InboundSnapshot snapshot, Workspace workspace) {
    }

    /** A tool result or a model answer, with its workspace. */
    record InWorkspace<V>(V value, Workspace workspace) {
    }
}
