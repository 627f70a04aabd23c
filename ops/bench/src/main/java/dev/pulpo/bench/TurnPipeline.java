package dev.pulpo.bench;

import dev.pulpo.ops.launcher.AllInOne;
import dev.pulpo.schemas.DemoWorkspace;
import dev.pulpo.schemas.Topics;
import dev.pulpo.schemas.event.Action;
import dev.pulpo.schemas.event.Channel;
import dev.pulpo.schemas.event.ConversationId;
import dev.pulpo.schemas.event.Decision;
import dev.pulpo.schemas.event.InboundSnapshot;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The real turn: the four services of {@link AllInOne} on the benchmark's broker, customer messages written
 * to {@code inbound-snapshots} as the gateway writes them, and the final decision read from
 * {@code decisions} (read_committed). An hours question crosses the three exactly-once hops of a turn
 * with a tool call: inbound → orchestrator → tool-calls → tool-executor → tool-results → orchestrator →
 * decisions.
 */
final class TurnPipeline implements Pipeline {
    private final int commitIntervalMs;
    private final int conversations;
    private final String text;
    private final String phonePrefix;
    private final ZoneId zone;
    private final AllInOne system;
    private final Producer<String, InboundSnapshot> producer;
    private final OutputFollower<Decision> follower;
    private final AtomicInteger finals = new AtomicInteger();
    private final AtomicInteger withToolOk = new AtomicInteger();
    private final Map<String, AtomicInteger> intents = new java.util.concurrent.ConcurrentHashMap<>();

    TurnPipeline(int commitIntervalMs, String bootstrap, Path workDir, int conversations, String text,
            Map<String, String> extraProperties, Phases phases) throws InterruptedException {
        this.commitIntervalMs = commitIntervalMs;
        this.conversations = conversations;
        this.text = text;
        // Each case's customers are new to the system: no slots or queued turns carried from an earlier case.
        this.phonePrefix = "+549" + (100 + Math.floorMod(UUID.randomUUID().hashCode(), 800));
        this.zone = ZoneId.of(DemoWorkspace.load().timezone());
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("PULPO_COMMIT_INTERVAL_MS", String.valueOf(commitIntervalMs));
        // The benchmark publishes the demo salon itself, before the services start.
        properties.put("pulpo.gateway.seed-demo-workspace", "false");
        properties.putAll(extraProperties);
        this.system = new AllInOne(new AllInOne.Settings(workDir, 0, bootstrap, 0, properties));
        system.start();
        this.producer = new KafkaProducer<>(Kafka.producerConfig(bootstrap, "bench-turns-" + commitIntervalMs),
                new StringSerializer(), Topics.INBOUND_SNAPSHOTS.valueSerde().serializer());
        this.follower = new OutputFollower<>(bootstrap, Topics.DECISIONS.name(),
                Topics.DECISIONS.valueSerde().deserializer(), (key, decision, nanos) -> {
                    if (decision != null && decision.isFinal()) {
                        count(decision);
                        phases.arrived(decision.snapshotId(), nanos, decision.debug().tTotalMs());
                    }
                }).start();
    }

    private void count(Decision decision) {
        if (!decision.snapshotId().contains("#")) {
            return;
        }
        finals.incrementAndGet();
        intents.computeIfAbsent(decision.intent(), i -> new AtomicInteger()).incrementAndGet();
        List<Action> actions = decision.actions();
        if (!actions.isEmpty() && actions.stream().allMatch(a -> "ok".equals(a.status()))) {
            withToolOk.incrementAndGet();
        }
    }

    @Override
    public String name() {
        return "turn (AllInOne) commit " + commitIntervalMs + " ms";
    }

    int commitIntervalMs() {
        return commitIntervalMs;
    }

    @Override
    public void send(String id, int seq) {
        String phone = phonePrefix + String.format("%07d", seq % conversations);
        String conversationId = ConversationId.of(DemoWorkspace.ID, phone);
        InboundSnapshot snapshot = new InboundSnapshot(InboundSnapshot.VERSION, id, conversationId, DemoWorkspace.ID,
                phone, Channel.API, id, text, List.of(), null, null, InboundSnapshot.REPLY_VIA_NONE,
                OffsetDateTime.now(zone));
        producer.send(new ProducerRecord<>(Topics.INBOUND_SNAPSHOTS.name(), conversationId, snapshot));
    }

    /** What the final decisions were: a check that the turns took the path meant (intent, tool call ok). */
    Map<String, Object> checks() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("final_decisions", finals.get());
        json.put("with_tool_calls_all_ok", withToolOk.get());
        Map<String, Integer> byIntent = new java.util.TreeMap<>();
        intents.forEach((intent, n) -> byIntent.put(intent, n.get()));
        json.put("intents", byIntent);
        return json;
    }

    @Override
    public void close() {
        producer.close(java.time.Duration.ofSeconds(5));
        follower.close();
        system.close();
    }
}
