package dev.pulpo.ops.replay;

import dev.pulpo.ops.broker.LocalKafka;
import dev.pulpo.ops.launcher.AllInOne;
import dev.pulpo.schemas.Topics;
import dev.pulpo.schemas.event.Channel;
import dev.pulpo.schemas.event.ConversationId;
import dev.pulpo.schemas.event.InboundSnapshot;
import dev.pulpo.schemas.event.Workspace;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Plays golden conversations through the real system: a fresh in-process broker, the four services of
 * {@link AllInOne} on it, and each conversation's turns written to {@code inbound-snapshots} one at a time,
 * each waiting for its final decision. Conversations run side by side; each has a workspace of its own
 * (a copy of the one it names), so it starts from an empty calendar as well as an empty state.
 */
public final class GoldenReplay {
    private static final Pattern WORKSPACE_ID = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$");

    /** The routes a replay can take, named as decisions name them. */
    public enum Route {
        legacy(false), slm_pipeline(true);

        private final boolean slm;

        Route(boolean slm) {
            this.slm = slm;
        }

        /** The orchestrator's route flags, as properties and as the placeholders its YAML reads them from. */
        Map<String, String> orchestratorProperties() {
            return Map.of(
                    "pulpo.orchestrator.enable-slm-pipeline", String.valueOf(slm),
                    "pulpo.orchestrator.slm-canary-percent", "0",
                    // A replay scores the route it was asked for: an automatic rollback halfway would score
                    // legacy under the SLM route's name. A fallback share never exceeds 1.
                    "pulpo.slm.rollback-fallback-rate", "1.0");
        }
    }

    /**
     * @param workDir     the broker's log, the services' state; the caller owns and deletes it
     * @param concurrency conversations played at once
     * @param turnTimeout how long a turn waits for its final decision before it counts as "no decision"
     * @param ollamaUrl   where the slm_pipeline route's models are; null for the orchestrator's own setting
     *                    (OLLAMA_BASE_URL)
     */
    public record Settings(Path workDir, Route route, int concurrency, Duration turnTimeout, String ollamaUrl) {
    }

    /** What the replay played, and how long starting the system and playing the turns took. */
    public record Run(List<PlayedConversation> conversations, Duration startup, Duration playing) {
    }

    private static final Duration WARM_UP_TIMEOUT = Duration.ofSeconds(120);

    private final Settings settings;

    public GoldenReplay(Settings settings) {
        this.settings = settings;
    }

    /**
     * @param workspaces every workspace the conversations name, by id
     * @throws IllegalArgumentException when a conversation names a workspace not given
     */
    public Run play(List<GoldenConversation> conversations, Map<String, Workspace> workspaces)
            throws InterruptedException {
        long started = System.nanoTime();
        LocalKafka kafka = new LocalKafka(settings.workDir().resolve("kafka"), 0);
        try (kafka) {
            kafka.start();
            // The services' global tables load the workspaces at start, so they are written first.
            List<String> isolated = publishWorkspaces(kafka.bootstrapServers(), conversations, workspaces);
            AllInOne system = new AllInOne(new AllInOne.Settings(settings.workDir(), 0, kafka.bootstrapServers(), 0,
                    serviceProperties()));
            try (system) {
                system.start();
                try (DecisionFeed feed = new DecisionFeed(kafka.bootstrapServers()).start();
                        Producer<String, InboundSnapshot> producer = snapshotProducer(kafka.bootstrapServers())) {
                    warmUp(isolated.getFirst(), feed, producer);
                    Duration startup = Duration.ofNanos(System.nanoTime() - started);
                    long playStarted = System.nanoTime();
                    List<PlayedConversation> played = playAll(conversations, isolated, feed, producer);
                    return new Run(played, startup, Duration.ofNanos(System.nanoTime() - playStarted));
                }
            }
        }
    }

    private Map<String, String> serviceProperties() {
        Map<String, String> properties = new java.util.HashMap<>(settings.route().orchestratorProperties());
        // The conversations' workspaces are the only ones the replay needs; the gateway's demo seed is not.
        properties.put("pulpo.gateway.seed-demo-workspace", "false");
        if (settings.ollamaUrl() != null) {
            properties.put("pulpo.slm.base-url", settings.ollamaUrl());
        }
        return properties;
    }

    private List<PlayedConversation> playAll(List<GoldenConversation> conversations, List<String> workspaceIds,
            DecisionFeed feed, Producer<String, InboundSnapshot> producer) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, settings.concurrency()),
                Thread.ofPlatform().name("replay-", 0).daemon().factory());
        try {
            List<Future<PlayedConversation>> futures = new ArrayList<>();
            for (int i = 0; i < conversations.size(); i++) {
                GoldenConversation conversation = conversations.get(i);
                String workspaceId = workspaceIds.get(i);
                futures.add(pool.submit(() -> playOne(conversation, workspaceId, feed, producer)));
            }
            List<PlayedConversation> played = new ArrayList<>();
            for (Future<PlayedConversation> future : futures) {
                try {
                    played.add(future.get());
                } catch (ExecutionException e) {
                    throw new IllegalStateException("replaying a conversation failed", e.getCause());
                }
            }
            return played;
        } finally {
            pool.shutdownNow();
        }
    }

    /** The turns in order, each waiting for its final decision; after one gets none, the rest are not sent. */
    /**
     * One throwaway turn through the orchestrator and the tool executor before the clock starts: the first
     * exactly-once transactions of a fresh system are slow (producer fencing, partition assignment), and the
     * golden turns should be measured, and timed out, on a system that already flows.
     */
    private void warmUp(String workspaceId, DecisionFeed feed, Producer<String, InboundSnapshot> producer)
            throws InterruptedException {
        String phone = "+5490000000000";
        String conversationId = ConversationId.of(workspaceId, phone);
        String snapshotId = "warm-up-" + UUID.randomUUID();
        CompletableFuture<DecisionFeed.Arrival> decided = feed.finalDecisionOf(snapshotId);
        producer.send(new ProducerRecord<>(Topics.INBOUND_SNAPSHOTS.name(), conversationId,
                new InboundSnapshot(InboundSnapshot.VERSION, snapshotId, conversationId, workspaceId, phone, Channel.API,
                        null, "cual es el horario?", List.of(), null, null, InboundSnapshot.REPLY_VIA_NONE,
                        java.time.OffsetDateTime.now())));
        try {
            decided.get(WARM_UP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            throw new IllegalStateException("the system did not answer a warm-up turn within " + WARM_UP_TIMEOUT, e);
        }
    }

    private PlayedConversation playOne(GoldenConversation conversation, String workspaceId, DecisionFeed feed,
            Producer<String, InboundSnapshot> producer) throws InterruptedException {
        String conversationId = ConversationId.of(workspaceId, conversation.userPhone());
        List<PlayedTurn> turns = new ArrayList<>();
        String stoppedBecause = null;
        for (int i = 0; i < conversation.turns().size(); i++) {
            if (stoppedBecause != null) {
                turns.add(PlayedTurn.unanswered("not sent: " + stoppedBecause));
                continue;
            }
            String snapshotId = UUID.randomUUID().toString();
            InboundSnapshot snapshot = new InboundSnapshot(InboundSnapshot.VERSION, snapshotId, conversationId,
                    workspaceId, conversation.userPhone(), Channel.API, "replay-" + snapshotId,
                    conversation.turns().get(i).user(), List.of(), null, null, InboundSnapshot.REPLY_VIA_NONE,
                    conversation.now());
            CompletableFuture<DecisionFeed.Arrival> decided = feed.finalDecisionOf(snapshotId);
            long sentAt = System.nanoTime();
            producer.send(new ProducerRecord<>(Topics.INBOUND_SNAPSHOTS.name(), conversationId, snapshot),
                    (metadata, error) -> {
                        if (error != null) {
                            decided.completeExceptionally(error);
                        }
                    });
            try {
                DecisionFeed.Arrival arrival = decided.get(settings.turnTimeout().toMillis(), TimeUnit.MILLISECONDS);
                turns.add(PlayedTurn.decided(arrival.decision(),
                        TimeUnit.NANOSECONDS.toMillis(arrival.readAtNanos() - sentAt)));
            } catch (TimeoutException e) {
                String none = "no decision within " + settings.turnTimeout().toSeconds() + " s";
                turns.add(PlayedTurn.unanswered(none));
                stoppedBecause = "turn " + (i + 1) + " got " + none;
            } catch (ExecutionException e) {
                String failed = "the snapshot could not be written: " + e.getCause().getMessage();
                turns.add(PlayedTurn.unanswered(failed));
                stoppedBecause = "turn " + (i + 1) + ": " + failed;
            }
        }
        return new PlayedConversation(conversation, turns);
    }

    /** Writes one copy of its workspace per conversation; returns each conversation's copy's id, in order. */
    private static List<String> publishWorkspaces(String bootstrapServers, List<GoldenConversation> conversations,
            Map<String, Workspace> workspaces) {
        List<String> ids = new ArrayList<>();
        try (Producer<String, Workspace> producer = new KafkaProducer<>(producerConfig(bootstrapServers),
                new StringSerializer(), Topics.WORKSPACES.valueSerde().serializer())) {
            for (GoldenConversation conversation : conversations) {
                Workspace original = workspaces.get(conversation.workspaceId());
                if (original == null) {
                    throw new IllegalArgumentException(conversation.id() + " names workspace "
                            + conversation.workspaceId() + ", which was not given");
                }
                Workspace copy = withId(original, isolatedWorkspaceId(original.workspaceId(), conversation.id()));
                producer.send(new ProducerRecord<>(Topics.WORKSPACES.name(), copy.workspaceId(), copy));
                ids.add(copy.workspaceId());
            }
            producer.flush();
        }
        return ids;
    }

    /**
     * The id of a conversation's own copy of a workspace: {@code <original>--<conversation>}, or, when that
     * does not fit the workspace schema's id pattern, a shortened original and a hash of both.
     */
    static String isolatedWorkspaceId(String original, String conversationId) {
        String plain = original + "--" + conversationId;
        if (WORKSPACE_ID.matcher(plain).matches()) {
            return plain;
        }
        String hash = sha256Hex(original + "\n" + conversationId).substring(0, 12);
        String prefix = original.replaceAll("[^A-Za-z0-9_.-]", "_");
        if (prefix.isEmpty() || !Character.isLetterOrDigit(prefix.charAt(0))) {
            prefix = "w" + prefix;
        }
        return prefix.substring(0, Math.min(prefix.length(), 64 - "--".length() - hash.length())) + "--" + hash;
    }

    private static Workspace withId(Workspace w, String id) {
        return w.withId(id);
    }

    private static Producer<String, InboundSnapshot> snapshotProducer(String bootstrapServers) {
        return new KafkaProducer<>(producerConfig(bootstrapServers), new StringSerializer(),
                Topics.INBOUND_SNAPSHOTS.valueSerde().serializer());
    }

    private static Map<String, Object> producerConfig(String bootstrapServers) {
        return Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                // A turn waits on its one record: send it now rather than batch.
                ProducerConfig.LINGER_MS_CONFIG, 0,
                ProducerConfig.CLIENT_ID_CONFIG, "pulpo-replay-" + UUID.randomUUID());
    }

    private static String sha256Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
