package dev.pulpo.orchestrator.topology;

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
 * The orchestrator's flow, top to bottom, as in ARCHITECTURE.md: messages, tool results, model answers and
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
                Consumed.with(Topics.WORKSPACES.keySerde(), Topics.WORKSPACES.valueSerde()).withName("read-workspaces"),
                Materialized.as(WORKSPACES_STORE));

        // 2. The run-time routing flags, on every instance: a change routes the next turn, without a restart.
        builder.addGlobalStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(FLAGS_STORE),
                        Serdes.String(), Topics.ORCHESTRATOR_CONTROL.valueSerde()).withLoggingDisabled(),
                Topics.ORCHESTRATOR_CONTROL.name(), Consumed.with(Topics.ORCHESTRATOR_CONTROL.keySerde(),
                        Topics.ORCHESTRATOR_CONTROL.valueSerde()).withName("read-orchestrator-control"),
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
                        Named.as("join-workspace-to-message"))
                .process(() -> new TakeMessage(engine, settings.conversationRetention(), flags),
                        Named.as("take-message"), CONVERSATIONS_STORE, PENDING_DEADLINES_STORE, LAST_SEEN_STORE,
                        SILENCE_INDEX_STORE);

        // 5. Tool results, with their workspace, continue the turn that asked for them.
        KStream<String, Emission> fromResults = deadLetters.readOrDeadLetter(builder, Topics.TOOL_RESULTS)
                .leftJoin(workspaces, (conversationId, result) -> result.workspaceId(), InWorkspace::new,
                        Named.as("join-workspace-to-tool-result"))
                .processValues(() -> new ContinueTurn<>(Topics.TOOL_RESULTS, engine::onToolResult, flags),
                        Named.as("take-tool-result"), CONVERSATIONS_STORE, PENDING_DEADLINES_STORE);

        // 6. Model answers (SLM route), with their workspace, continue the turn that asked for them.
        KStream<String, Emission> fromModels = deadLetters.readOrDeadLetter(builder, Topics.MODEL_REPLIES)
                .leftJoin(workspaces, (conversationId, reply) -> reply.workspaceId(), InWorkspace::new,
                        Named.as("join-workspace-to-model-reply"))
                .processValues(() -> new ContinueTurn<>(Topics.MODEL_REPLIES, engine::onModelReply, flags),
                        Named.as("take-model-reply"), CONVERSATIONS_STORE, PENDING_DEADLINES_STORE);

        // 7. Releases of handed-off conversations (ours, on the same topic, are handoffs and change nothing).
        deadLetters.readOrDeadLetter(builder, Topics.HANDOFFS)
                .processValues(() -> new TakeHandoffEvent(engine), Named.as("take-handoff-event"), CONVERSATIONS_STORE);

        // 8. Whatever a turn emits goes to its topic; model calls go to the worker.
        KStream<String, Emission> emitted = fromMessages
                .merge(fromResults, Named.as("merge-tool-result-emissions"))
                .merge(fromModels, Named.as("merge-model-reply-emissions"));
        emitted.split(Named.as("emit-"))
                .branch((k, e) -> e instanceof Emission.DecisionMade, Branched.withConsumer(
                        s -> write(s, Topics.DECISIONS, e -> ((Emission.DecisionMade) e).decision()), "decision"))
                .branch((k, e) -> e instanceof Emission.CallRequested, Branched.withConsumer(
                        s -> write(s, Topics.TOOL_CALLS, e -> ((Emission.CallRequested) e).call()), "tool-call"))
                .branch((k, e) -> e instanceof Emission.ModelCall, Branched.withConsumer(
                        s -> s.processValues(() -> new CallModel(models), Named.as("call-model")), "model-call"))
                .branch((k, e) -> e instanceof Emission.ReplyToSend, Branched.withConsumer(
                        s -> write(s, Topics.OUTBOUND_MESSAGES, e -> ((Emission.ReplyToSend) e).message()), "reply"))
                .branch((k, e) -> e instanceof Emission.HandedOff, Branched.withConsumer(
                        s -> write(s, Topics.HANDOFFS, e -> ((Emission.HandedOff) e).handoff()), "handoff"))
                .branch((k, e) -> e instanceof Emission.Rejected, Branched.withConsumer(
                        s -> s.mapValues(e -> ((Emission.Rejected) e).deadLetter(), Named.as("unwrap-rejected"))
                                .to((k, deadLetter, context) -> dlqOf(deadLetter),
                                        Produced.with(Serdes.String(), Topics.INBOUND_SNAPSHOTS.dlq().valueSerde())
                                                .withName("emit-to-dlq")), "rejected"));

        // 9. Final SLM decisions feed the automatic rollback, which writes to orchestrator-control when too many
        //    of a scope's latest SLM turns fell back to legacy.
        emitted.process(() -> new WatchSlmHealth(slmSettings, telemetry, flags), Named.as("watch-slm-health"),
                        SLM_HEALTH_STORE)
                .to(Topics.ORCHESTRATOR_CONTROL.name(), Produced.with(Topics.ORCHESTRATOR_CONTROL.keySerde(),
                        Topics.ORCHESTRATOR_CONTROL.valueSerde()).withName("emit-to-orchestrator-control"));
    }

    /** The dead-letter topic of the input a rejected record came from. */
    private static String dlqOf(DeadLetter deadLetter) {
        return Topics.sources().stream().filter(t -> t.name().equals(deadLetter.sourceTopic())).findFirst()
                .orElse(Topics.INBOUND_SNAPSHOTS).dlq().name();
    }

    private static <V> void write(KStream<String, Emission> stream, Topic<String, V> topic,
            Function<Emission, V> unwrap) {
        stream.mapValues(unwrap::apply, Named.as("unwrap-emitted-" + topic.name()))
                .to(topic.name(), Produced.with(topic.keySerde(), topic.valueSerde()).withName("emit-to-" + topic.name()));
    }

    record SnapshotInWorkspace(InboundSnapshot snapshot, Workspace workspace) {
    }

    /** A tool result or a model answer, with its workspace. */
    record InWorkspace<V>(V value, Workspace workspace) {
    }
}
