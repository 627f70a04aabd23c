package dev.pulpo.bench;

import dev.pulpo.kafka.TopicFollower;
import dev.pulpo.kafka.TopicFollower.From;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

/**
 * The reference of docs/ARCHITECTURE.md's latency budget: three tiny Kafka Streams applications, each with its own
 * application id, passing a record {@code a → b → c → d}. Nothing but the hops: what the commit settings cost.
 * Topics have the conversation topics' partition count, keys are conversation-like, and the Streams settings
 * are the services' own (one thread, Streams' defaults) but for the guarantee and the commit interval.
 */
final class ChainPipeline implements Pipeline {
    /** A chain's settings, e.g. {@code eos:100}, {@code alos:20}. */
    record Spec(String guarantee, int commitIntervalMs) {
        static Spec parse(String text) {
            String[] parts = text.split(":");
            if (parts.length != 2) {
                throw new IllegalArgumentException("a chain case is <eos|alos>:<commit.interval.ms>, was " + text);
            }
            String guarantee = switch (parts[0].trim()) {
                case "eos", "exactly_once_v2" -> StreamsConfig.EXACTLY_ONCE_V2;
                case "alos", "at_least_once" -> StreamsConfig.AT_LEAST_ONCE;
                default -> throw new IllegalArgumentException("unknown guarantee " + parts[0]);
            };
            return new Spec(guarantee, Integer.parseInt(parts[1].trim()));
        }

        String tag() {
            return (guarantee.equals(StreamsConfig.EXACTLY_ONCE_V2) ? "eos" : "alos") + "-" + commitIntervalMs;
        }
    }

    private final Spec spec;
    private final int conversations;
    private final List<KafkaStreams> hops = new ArrayList<>();
    private final Producer<String, String> producer;
    private final TopicFollower<String> follower;
    private final String firstTopic;

    ChainPipeline(Spec spec, String bootstrap, Path stateDir, int partitions, int conversations, Phases phases) {
        this.spec = spec;
        this.conversations = conversations;
        String run = spec.tag() + "-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> topics = List.of("chain-" + run + "-a", "chain-" + run + "-b", "chain-" + run + "-c",
                "chain-" + run + "-d");
        createTopics(bootstrap, topics, partitions);
        for (int hop = 0; hop < 3; hop++) {
            StreamsBuilder builder = new StreamsBuilder();
            builder.stream(topics.get(hop), Consumed.with(Serdes.String(), Serdes.String()))
                    .to(topics.get(hop + 1), Produced.with(Serdes.String(), Serdes.String()));
            Properties props = new Properties();
            props.put(StreamsConfig.APPLICATION_ID_CONFIG, "bench-chain-" + run + "-hop" + (hop + 1));
            props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, spec.guarantee());
            props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, spec.commitIntervalMs());
            props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
            props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);
            props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.resolve(run + "-hop" + (hop + 1)).toString());
            KafkaStreams streams = new KafkaStreams(builder.build(), props);
            streams.start();
            hops.add(streams);
        }
        this.firstTopic = topics.getFirst();
        this.producer = new KafkaProducer<>(Kafka.producerConfig(bootstrap, "bench-chain-" + run),
                new StringSerializer(), new StringSerializer());
        this.follower = new TopicFollower<>(topics.getLast(), new StringDeserializer(),
                Kafka.followerConfig(bootstrap, topics.getLast()), From.END,
                (key, value, nanos) -> phases.arrived(value, nanos, Recorder.NONE))
                .startPositioned(Kafka.POSITION_TIMEOUT);
    }

    /** Waits until the three hops process records. */
    ChainPipeline awaitRunning(Duration timeout) throws InterruptedException {
        long until = System.nanoTime() + timeout.toNanos();
        for (KafkaStreams streams : hops) {
            while (streams.state() != KafkaStreams.State.RUNNING) {
                if (streams.state() == KafkaStreams.State.ERROR || System.nanoTime() > until) {
                    throw new IllegalStateException(name() + " did not start: a hop is " + streams.state());
                }
                Thread.sleep(50);
            }
        }
        return this;
    }

    @Override
    public String name() {
        return "chain " + (spec.guarantee().equals(StreamsConfig.EXACTLY_ONCE_V2) ? "exactly_once_v2" : "at_least_once")
                + " commit " + spec.commitIntervalMs() + " ms";
    }

    Spec spec() {
        return spec;
    }

    @Override
    public void send(String id, int seq) {
        producer.send(new ProducerRecord<>(firstTopic, "conversation-" + (seq % conversations), id));
    }

    private static void createTopics(String bootstrap, List<String> topics, int partitions) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(topics.stream().map(t -> new NewTopic(t, partitions, (short) 1)).toList())
                    .all().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot create the chain's topics", e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
        follower.close();
        for (KafkaStreams streams : hops) {
            streams.close(Duration.ofSeconds(30));
        }
    }
}
