package dev.pulpo.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.pulpo.kafka.TopicFollower.From;
import dev.pulpo.ops.broker.LocalKafka;
import dev.pulpo.schemas.SampleEvents;
import dev.pulpo.schemas.Topic;
import dev.pulpo.schemas.event.FlagUpdate;
import dev.pulpo.schemas.serde.JsonSerde;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** On a real in-process KRaft broker: each test follows a topic of its own, of two partitions. */
class TopicFollowerTest {
    /** Started with the class, stopped after it. */
    @AutoClose
    private static final LocalKafka KAFKA =
            new LocalKafka(Path.of("target", "kafka-" + UUID.randomUUID()), 0).start();
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final FlagUpdate FLAGS = SampleEvents.flags();

    private final Topic<String, FlagUpdate> topic = new Topic<>("follow-" + UUID.randomUUID(), Serdes.String(),
            new JsonSerde<>(FlagUpdate.class), 2, false, FlagUpdate.VERSION);
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final List<TopicFollower<?>> followers = new CopyOnWriteArrayList<>();

    record Seen(String key, Object value, long readAtNanos) {
    }

    @AfterEach
    void closeFollowers() {
        followers.forEach(TopicFollower::close);
    }

    @Test
    void fromTheBeginningItCatchesUpWithCommittedRecordsAndTombstonesSkippingUnreadableOnesThenFollows()
            throws Exception {
        createTopic();
        try (KafkaProducer<String, byte[]> producer = transactionalProducer()) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(record("a", json(FLAGS)));
            producer.send(record("b", "{not json".getBytes(StandardCharsets.UTF_8)));
            producer.send(record("c", null));
            producer.commitTransaction();
            producer.beginTransaction();
            producer.send(record("aborted", json(FLAGS)));
            producer.flush();
            producer.abortTransaction();

            follow(new TopicFollower<>(topic, config(), From.BEGINNING, this::record)).startAndCatchUp(WAIT);

            assertThat(seen).extracting(Seen::key).containsExactlyInAnyOrder("a", "c");
            assertThat(valueOf("a")).isEqualTo(FLAGS);
            assertThat(valueOf("c")).isNull();

            producer.beginTransaction();
            producer.send(record("later", json(FLAGS)));
            producer.commitTransaction();
        }
        await().atMost(WAIT).untilAsserted(() -> assertThat(seen).extracting(Seen::key).contains("later"));
        assertThat(seen).extracting(Seen::key).doesNotContain("aborted");
    }

    @Test
    void fromTheEndItReadsOnlyWhatIsWrittenOnceItIsPositioned() throws Exception {
        createTopic();
        try (KafkaProducer<String, String> producer = plainProducer()) {
            producer.send(new ProducerRecord<>(topic.name(), "before", "old")).get();
            long positionedAt = System.nanoTime();
            follow(new TopicFollower<>(topic.name(), new StringDeserializer(), config(), From.END, this::record))
                    .startPositioned(WAIT);
            producer.send(new ProducerRecord<>(topic.name(), "after", "new")).get();

            await().atMost(WAIT).untilAsserted(() -> assertThat(seen).extracting(Seen::key).containsExactly("after"));
            assertThat(valueOf("after")).isEqualTo("new");
            assertThat(seen.getFirst().readAtNanos()).isBetween(positionedAt, System.nanoTime());
        }
    }

    @Test
    void itWaitsForATopicThatDoesNotExistYet() throws Exception {
        TopicFollower<FlagUpdate> follower = follow(new TopicFollower<>(topic, config(), From.BEGINNING, this::record))
                .start();
        assertThat(follower.awaitCaughtUp(Duration.ofSeconds(2))).isFalse();

        createTopic();
        try (KafkaProducer<String, byte[]> producer = plainBytesProducer()) {
            producer.send(record("a", json(FLAGS))).get();
        }
        assertThat(follower.awaitCaughtUp(WAIT)).isTrue();
        await().atMost(WAIT).untilAsserted(() -> assertThat(seen).extracting(Seen::key).containsExactly("a"));
    }

    @Test
    void startingTellsWhenItCannotPositionInTime() {
        TopicFollower<FlagUpdate> follower = follow(new TopicFollower<>(topic, config(), From.END, this::record));

        assertThatThrownBy(() -> follower.startPositioned(Duration.ofSeconds(1)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("could not position on " + topic.name());
        assertThat(followerThreadAlive()).isFalse();
    }

    @Test
    void closeStopsTheThread() {
        createTopic();
        TopicFollower<FlagUpdate> follower = follow(new TopicFollower<>(topic, config(), From.END, this::record))
                .startPositioned(WAIT);
        assertThat(followerThreadAlive()).isTrue();

        follower.close();

        assertThat(followerThreadAlive()).isFalse();
    }

    @Test
    void whenItsConsumerFailsItFollowsAgainFromWhereItWasAfterAPauseAndSaysSoMeanwhile() {
        TopicPartition partition = new TopicPartition(topic.name(), 0);
        MockConsumer<String, byte[]> first = mockConsumer(partition);
        MockConsumer<String, byte[]> second = mockConsumer(partition);
        List<MockConsumer<String, byte[]>> consumers = new CopyOnWriteArrayList<>(List.of(first, second));
        first.schedulePollTask(() -> first.addRecord(new ConsumerRecord<>(topic.name(), 0, 0, "a", json(FLAGS))));
        first.schedulePollTask(() -> first.setPollException(new KafkaException("the broker went away")));
        second.schedulePollTask(() -> second.addRecord(new ConsumerRecord<>(topic.name(), 0, 1, "b", json(FLAGS))));
        TopicFollower<FlagUpdate> follower = follow(new TopicFollower<>(topic.name(), topic.valueSerde(), config(),
                From.BEGINNING, this::record, config -> consumers.removeFirst()));

        follower.start();

        await().atMost(WAIT).until(() -> follower.state() == TopicFollower.State.RESTARTING);
        assertThat(follower.isFollowing()).isFalse();
        assertThat(follower.lastFailure()).contains("the broker went away");
        await().atMost(WAIT).until(follower::isFollowing);
        await().atMost(WAIT).untilAsserted(() -> assertThat(seen).extracting(Seen::key).containsExactly("a", "b"));
        assertThat(follower.failures()).isEqualTo(1);
        assertThat(second.position(partition)).isEqualTo(2);
        assertThat(first.closed()).isTrue();
    }

    @Test
    void aRecordWhoseHandlingThrowsIsSkippedAndTheFollowerGoesOn() throws Exception {
        createTopic();
        try (KafkaProducer<String, byte[]> producer = plainBytesProducer()) {
            producer.send(record("boom", json(FLAGS))).get();
            producer.send(record("after", json(FLAGS))).get();
        }
        TopicFollower<FlagUpdate> follower = follow(new TopicFollower<>(topic, config(), From.BEGINNING,
                (key, value, readAt) -> {
                    if (key.equals("boom")) {
                        throw new IllegalStateException("a bug in the view");
                    }
                    record(key, value, readAt);
                })).startAndCatchUp(WAIT);

        await().atMost(WAIT).untilAsserted(() -> assertThat(seen).extracting(Seen::key).containsExactly("after"));
        assertThat(follower.skipped()).isEqualTo(1);
        assertThat(follower.isFollowing()).isTrue();
    }

    @Test
    void aFollowerNeverStartedClosesQuietly() {
        new TopicFollower<>(topic, config(), From.END, this::record).close();
    }

    private <V> TopicFollower<V> follow(TopicFollower<V> follower) {
        followers.add(follower);
        return follower;
    }

    private void record(String key, Object value, long readAtNanos) {
        seen.add(new Seen(key, value, readAtNanos));
    }

    private Object valueOf(String key) {
        return seen.stream().filter(s -> s.key().equals(key)).findFirst().orElseThrow().value();
    }

    private boolean followerThreadAlive() {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().equals("follow-" + topic.name()) && t.isAlive());
    }

    private MockConsumer<String, byte[]> mockConsumer(TopicPartition partition) {
        MockConsumer<String, byte[]> consumer = new MockConsumer<>("earliest");
        consumer.updatePartitions(topic.name(), List.of(new PartitionInfo(topic.name(), 0, null, null, null)));
        consumer.updateBeginningOffsets(Map.of(partition, 0L));
        consumer.updateEndOffsets(Map.of(partition, 0L));
        return consumer;
    }

    private Map<String, Object> config() {
        // A group id is dropped: the follower reads every partition itself.
        return Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "ignored");
    }

    private void createTopic() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic.name(), topic.partitions(), (short) 1)))
                    .all().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private ProducerRecord<String, byte[]> record(String key, byte[] value) {
        return new ProducerRecord<>(topic.name(), key, value);
    }

    private byte[] json(FlagUpdate value) {
        return topic.valueSerde().serialize(topic.name(), value);
    }

    private KafkaProducer<String, byte[]> transactionalProducer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "follower-test-" + UUID.randomUUID()),
                new StringSerializer(), new ByteArraySerializer());
    }

    private KafkaProducer<String, byte[]> plainBytesProducer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer());
    }

    private KafkaProducer<String, String> plainProducer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()),
                new StringSerializer(), new StringSerializer());
    }
}
