package dev.pulpo.schemas;

import dev.pulpo.schemas.event.ApiKey;
import dev.pulpo.schemas.event.Decision;
import dev.pulpo.schemas.event.FlagUpdate;
import dev.pulpo.schemas.event.Handoff;
import dev.pulpo.schemas.event.InboundSnapshot;
import dev.pulpo.schemas.event.ModelReply;
import dev.pulpo.schemas.event.OutboundMessage;
import dev.pulpo.schemas.event.OutboundStatus;
import dev.pulpo.schemas.event.ToolCall;
import dev.pulpo.schemas.event.ToolResult;
import dev.pulpo.schemas.event.Workspace;
import dev.pulpo.schemas.serde.JsonSerde;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;

/** Every topic of the system, the only place their names are written. */
public final class Topics {
    /** Partitions of every topic keyed by conversation id; they must agree for co-partitioning. */
    public static final int CONVERSATION_PARTITIONS = 3;

    public static final Topic<String, InboundSnapshot> INBOUND_SNAPSHOTS =
            conversation("inbound-snapshots", InboundSnapshot.class, InboundSnapshot.VERSION);
    public static final Topic<String, Decision> DECISIONS =
            conversation("decisions", Decision.class, Decision.VERSION);
    public static final Topic<String, ToolCall> TOOL_CALLS =
            conversation("tool-calls", ToolCall.class, ToolCall.VERSION);
    public static final Topic<String, ToolResult> TOOL_RESULTS =
            conversation("tool-results", ToolResult.class, ToolResult.VERSION);
    /** The orchestrator's own: model answers, written off the stream thread, read back by the conversation's task. */
    public static final Topic<String, ModelReply> MODEL_REPLIES =
            conversation("model-replies", ModelReply.class, ModelReply.VERSION);
    public static final Topic<String, OutboundMessage> OUTBOUND_MESSAGES =
            conversation("outbound-messages", OutboundMessage.class, OutboundMessage.VERSION);
    public static final Topic<String, OutboundStatus> OUTBOUND_STATUS =
            conversation("outbound-status", OutboundStatus.class, OutboundStatus.VERSION);
    public static final Topic<String, Handoff> HANDOFFS =
            conversation("handoffs", Handoff.class, Handoff.VERSION);
    public static final Topic<String, Workspace> WORKSPACES =
            new Topic<>("workspaces", Serdes.String(), new JsonSerde<>(Workspace.class), 1, true, Workspace.VERSION);
    public static final Topic<String, FlagUpdate> ORCHESTRATOR_CONTROL =
            new Topic<>("orchestrator-control", Serdes.String(), new JsonSerde<>(FlagUpdate.class), 1, true,
                    FlagUpdate.VERSION);
    /** Callers' keys, bound to a workspace, hashed; every gateway instance (and the executor) reads them all. */
    public static final Topic<String, ApiKey> API_KEYS =
            new Topic<>("api-keys", Serdes.String(), new JsonSerde<>(ApiKey.class), 1, true, ApiKey.VERSION);

    private Topics() {
    }

    /** The topics that carry events, without their dead-letter topics. */
    public static List<Topic<String, ?>> sources() {
        return List.of(INBOUND_SNAPSHOTS, DECISIONS, TOOL_CALLS, TOOL_RESULTS, MODEL_REPLIES, OUTBOUND_MESSAGES,
                OUTBOUND_STATUS, HANDOFFS, WORKSPACES, ORCHESTRATOR_CONTROL, API_KEYS);
    }

    /** Every topic, each source followed by its {@code .dlq}. */
    public static List<Topic<String, ?>> all() {
        List<Topic<String, ?>> all = new ArrayList<>();
        for (Topic<String, ?> topic : sources()) {
            all.add(topic);
            all.add(topic.dlq());
        }
        return List.copyOf(all);
    }

    /** Every topic as the admin client creates it, compacted ones with {@code cleanup.policy=compact}. */
    public static List<org.apache.kafka.clients.admin.NewTopic> newTopics(short replicationFactor) {
        return all().stream()
                .map(t -> new org.apache.kafka.clients.admin.NewTopic(t.name(), t.partitions(), replicationFactor)
                        .configs(t.compacted() ? java.util.Map.of("cleanup.policy", "compact") : java.util.Map.of()))
                .toList();
    }

    private static <V> Topic<String, V> conversation(String name, Class<V> type, int version) {
        return new Topic<>(name, Serdes.String(), new JsonSerde<>(type), CONVERSATION_PARTITIONS, false, version);
    }
}
