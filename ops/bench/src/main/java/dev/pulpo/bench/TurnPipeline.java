package dev.pulpo.bench;

import dev.pulpo.kafka.TopicFollower;
import dev.pulpo.kafka.TopicFollower.From;
import dev.pulpo.ops.launcher.AllInOne;
import dev.pulpo.schemas.DemoWorkspace;
import dev.pulpo.schemas.Topics;
import dev.pulpo.schemas.event.Channel;
import dev.pulpo.schemas.event.ConversationId;
import dev.pulpo.schemas.event.Decision;
import dev.pulpo.schemas.event.InboundSnapshot;
import dev.pulpo.schemas.event.Timings;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The real turn: the four services of {@link AllInOne} on the benchmark's broker, customer messages written
 * to {@code inbound-snapshots} as the gateway writes them, and the final decision read from
 * {@code decisions} (read_committed). An hours question crosses the three exactly-once hops of a turn
 * with a tool call: inbound → orchestrator → tool-calls → tool-executor → tool-results → orchestrator →
 * decisions. On the SLM route ({@code extraProperties} switching it on), the turn also waits for its three model
 * calls, each answer coming back through {@code model-replies}.
 */
final class TurnPipeline implements Pipeline {
    private final String name;
    private final int commitIntervalMs;
    private final int conversations;
    private final String text;
    private final String phonePrefix;
    private final String snapshotPrefix;
    private final ZoneId zone;
    private final AllInOne system;
    private final Producer<String, InboundSnapshot> producer;
    private final TopicFollower<Decision> follower;
    private final TurnChecks checks;
    /** The steady phase's final decisions' own stage timings, for where the time went. */
    private final List<Timings> steadyTimings = new ArrayList<>();

    /**
     * @param name            the case's name in the table and the results file
     * @param extraProperties settings for the four services, above their own (the SLM route's, for instance)
     * @param expected        what every final decision must be
     */
    TurnPipeline(String name, int commitIntervalMs, String bootstrap, Path workDir, int conversations, String text,
            Map<String, String> extraProperties, TurnChecks.Expected expected, Phases phases)
            throws InterruptedException {
        this.name = name;
        this.checks = new TurnChecks(expected);
        this.commitIntervalMs = commitIntervalMs;
        this.conversations = conversations;
        this.text = text;
        // Each case's customers are new to the system: no slots or queued turns carried from an earlier case.
        this.phonePrefix = "+549" + (100 + Math.floorMod(UUID.randomUUID().hashCode(), 800));
        // Snapshot ids unique to the case: the services derive decision and tool call ids from them, and every case
        // runs on the same broker, so a "steady#12" of an earlier case would be a call id the tool executor has
        // already answered for another conversation (and refuses), or an earlier case's late decision counted here.
        this.snapshotPrefix = UUID.randomUUID().toString().substring(0, 8) + "-";
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
        // Positioned at the end before the first snapshot is sent; each decision is timed as it is read.
        this.follower = new TopicFollower<>(Topics.DECISIONS,
                Kafka.followerConfig(bootstrap, Topics.DECISIONS.name()), From.END, (key, decision, nanos) -> {
                    String id = decision == null ? null : phaseId(decision.snapshotId());
                    if (id != null && decision.isFinal()) {
                        checks.record(decision);
                        if ("steady".equals(Phases.phaseOf(id))) {
                            synchronized (steadyTimings) {
                                steadyTimings.add(decision.debug());
                            }
                        }
                        phases.arrived(id, nanos, decision.debug().tTotalMs());
                    }
                }).startPositioned(Kafka.POSITION_TIMEOUT);
    }

    @Override
    public String name() {
        return name;
    }

    int commitIntervalMs() {
        return commitIntervalMs;
    }

    @Override
    public void send(String id, int seq) {
        String phone = phonePrefix + String.format("%07d", seq % conversations);
        String conversationId = ConversationId.of(DemoWorkspace.ID, phone);
        String snapshotId = snapshotPrefix + id;
        InboundSnapshot snapshot = new InboundSnapshot(InboundSnapshot.VERSION, snapshotId, conversationId,
                DemoWorkspace.ID, phone, Channel.API, snapshotId, text, List.of(), null, null, InboundSnapshot.REPLY_VIA_NONE,
                OffsetDateTime.now(zone));
        producer.send(new ProducerRecord<>(Topics.INBOUND_SNAPSHOTS.name(), conversationId, snapshot));
    }

    /** The phase's id ({@code <phase>#<seq>}) of one of this case's snapshots; null for anyone else's. */
    private String phaseId(String snapshotId) {
        return snapshotId != null && snapshotId.startsWith(snapshotPrefix)
                ? snapshotId.substring(snapshotPrefix.length()) : null;
    }

    /** What the final decisions were: a check that the turns took the path meant (route, intent, tool call ok). */
    TurnChecks checks() {
        return checks;
    }

    /**
     * The median of each stage the steady phase's turns report of themselves ({@code debug}, as in the TELEMETRY
     * line): on the SLM route, t_extract, t_plan and t_nlg are each a model call's round trip through
     * {@code model-replies}, t_broker the tool call's hops.
     */
    Map<String, Object> steadyStagesP50() {
        List<Timings> timings;
        synchronized (steadyTimings) {
            timings = List.copyOf(steadyTimings);
        }
        Map<String, Object> json = new LinkedHashMap<>();
        if (timings.isEmpty()) {
            return json;
        }
        json.put("turns", timings.size());
        json.put("t_extract_ms", p50(timings, Timings::tExtractMs));
        json.put("t_plan_ms", p50(timings, Timings::tPlanMs));
        json.put("t_policy_ms", p50(timings, Timings::tPolicyMs));
        json.put("t_broker_ms", p50(timings, Timings::tBrokerMs));
        json.put("t_reduce_ms", p50(timings, Timings::tReduceMs));
        json.put("t_nlg_ms", p50(timings, Timings::tNlgMs));
        json.put("t_total_ms", p50(timings, Timings::tTotalMs));
        return json;
    }

    private static double p50(List<Timings> timings, java.util.function.ToLongFunction<Timings> stage) {
        return LatencyStats.ofMillis(timings.stream().mapToDouble(t -> stage.applyAsLong(t)).toArray()).p50Ms();
    }

    @Override
    public void close() {
        producer.close(java.time.Duration.ofSeconds(5));
        follower.close();
        system.close();
    }
}
