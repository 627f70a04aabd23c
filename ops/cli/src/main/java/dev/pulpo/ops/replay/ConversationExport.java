package dev.pulpo.ops.replay;

import dev.pulpo.schemas.Topics;
import dev.pulpo.schemas.event.Decision;
import dev.pulpo.schemas.event.InboundSnapshot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Turns a conversation recorded on {@code inbound-snapshots} and {@code decisions} into a golden
 * conversation to review and keep: each message the customer wrote, with what the system decided as the
 * expectation. That is how real traffic becomes golden data.
 */
public final class ConversationExport {
    private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(15);

    private final String bootstrapServers;

    public ConversationExport(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    /**
     * @param conversation the golden conversation; its turns are the snapshots that got a final decision
     * @param undecided    snapshots without a final decision (duplicates, or still in flight), left out
     */
    public record Exported(GoldenConversation conversation, int undecided) {
    }

    /**
     * Reads both topics from the beginning to their current end (committed records only, no consumer group).
     *
     * @param conversationId {@code {workspace_id}:{user_phone}}
     * @throws IllegalArgumentException when the topics hold no decided message of that conversation
     */
    public Exported export(String conversationId) {
        List<InboundSnapshot> snapshots = new ArrayList<>();
        Map<String, Decision> finals = new HashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.CLIENT_ID_CONFIG, "pulpo-replay-export"),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            partitions.addAll(partitionsOf(consumer, Topics.INBOUND_SNAPSHOTS.name()));
            partitions.addAll(partitionsOf(consumer, Topics.DECISIONS.name()));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (!end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    // Every record of a conversation is keyed by its id, so only those are read.
                    if (!conversationId.equals(record.key()) || record.value() == null) {
                        continue;
                    }
                    if (record.topic().equals(Topics.INBOUND_SNAPSHOTS.name())) {
                        snapshots.add(Topics.INBOUND_SNAPSHOTS.valueSerde().deserialize(record.topic(), record.value()));
                    } else {
                        Decision decision = Topics.DECISIONS.valueSerde().deserialize(record.topic(), record.value());
                        if (decision.isFinal()) {
                            finals.put(decision.snapshotId(), decision);
                        }
                    }
                }
            }
        }
        return toGolden(conversationId, snapshots, finals);
    }

    /** The snapshots in the order they were written (one partition holds a conversation), each with its decision. */
    static Exported toGolden(String conversationId, List<InboundSnapshot> snapshots, Map<String, Decision> finals) {
        List<GoldenConversation.Turn> turns = new ArrayList<>();
        InboundSnapshot first = null;
        int undecided = 0;
        for (InboundSnapshot snapshot : snapshots) {
            Decision decision = finals.get(snapshot.snapshotId());
            if (decision == null) {
                undecided++;
                continue;
            }
            if (first == null) {
                first = snapshot;
            }
            turns.add(new GoldenConversation.Turn(snapshot.text(), new GoldenConversation.Expect(decision.intent(),
                    decision.slots(), PlayedTurn.executedTools(decision), List.of())));
        }
        if (first == null) {
            throw new IllegalArgumentException(snapshots.isEmpty()
                    ? "no message of conversation " + conversationId + " on " + Topics.INBOUND_SNAPSHOTS.name()
                    : "no message of conversation " + conversationId + " has a final decision");
        }
        String phone = first.userPhone();
        String id = "export-" + phone.substring(Math.max(0, phone.length() - 4)) + "-" + first.receivedAt().toLocalDate();
        return new Exported(new GoldenConversation(id, first.workspaceId(), phone, first.receivedAt(), turns), undecided);
    }

    private List<TopicPartition> partitionsOf(KafkaConsumer<String, byte[]> consumer, String topic) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, METADATA_TIMEOUT);
        if (infos == null || infos.isEmpty()) {
            throw new IllegalArgumentException("no topic " + topic + " on " + bootstrapServers);
        }
        return infos.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
    }
}
