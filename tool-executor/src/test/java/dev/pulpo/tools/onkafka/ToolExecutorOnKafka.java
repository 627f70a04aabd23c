package dev.pulpo.tools.onkafka;

import static org.awaitility.Awaitility.await;

import dev.pulpo.ops.broker.LocalKafka;
import dev.pulpo.schemas.DemoWorkspace;
import dev.pulpo.schemas.Topics;
import dev.pulpo.schemas.event.ApiKey;
import dev.pulpo.schemas.event.ToolCall;
import dev.pulpo.schemas.event.ToolResult;
import dev.pulpo.tools.ToolExecutorApplication;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;

/**
 * A real in-process KRaft broker with Pulpo's topics and the demo salon on {@code workspaces}, and the tool-executor
 * Spring application started against it, as {@code java -jar} would start it (exactly-once, its own yml).
 */
final class ToolExecutorOnKafka implements AutoCloseable {
    static final String ADMIN_TOKEN = "on-kafka-admin-token";
    private final LocalKafka broker;
    private final HttpClient http = HttpClient.newHttpClient();

    private ToolExecutorOnKafka(LocalKafka broker) {
        this.broker = broker;
    }

    /** Starts the broker (it creates every topic of the catalog) and publishes the demo salon. */
    static ToolExecutorOnKafka startBroker() {
        LocalKafka broker = new LocalKafka(Path.of("target", "kafka-" + UUID.randomUUID()), 0).start();
        ToolExecutorOnKafka kafka = new ToolExecutorOnKafka(broker);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(kafka.producerConfig(),
                new StringSerializer(), new org.apache.kafka.common.serialization.ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.WORKSPACES.name(), DemoWorkspace.ID,
                    Topics.WORKSPACES.valueSerde().serialize(Topics.WORKSPACES.name(), DemoWorkspace.load())));
        }
        return kafka;
    }

    String bootstrapServers() {
        return broker.bootstrapServers();
    }

    /** A state dir of its own under target/, for one tool-executor and its restarts. */
    static Path newStateDir() {
        return Path.of("target", "on-kafka-state", UUID.randomUUID().toString()).toAbsolutePath();
    }

    /** Starts tool-executor on this broker and that state dir, and waits until it processes records. */
    ConfigurableApplicationContext startToolExecutor(Path stateDir) {
        // As command-line arguments: they win over tool-executor.yml, which builder properties (defaults) do not.
        ConfigurableApplicationContext app = ToolExecutorApplication.builder().run(
                "--spring.kafka.bootstrap-servers=" + bootstrapServers(),
                "--PULPO_STATE_DIR=" + stateDir,
                "--server.port=0",
                "--ADMIN_TOKEN=" + ADMIN_TOKEN,
                "--spring.main.banner-mode=off",
                "--management.metrics.use-global-registry=false");
        StreamsBuilderFactoryBean streams = app.getBean(StreamsBuilderFactoryBean.class);
        await().atMost(Duration.ofSeconds(30)).until(() -> streams.getKafkaStreams() != null
                && streams.getKafkaStreams().state() == KafkaStreams.State.RUNNING);
        return app;
    }

    KafkaProducer<String, ToolCall> callsProducer() {
        return new KafkaProducer<>(producerConfig(), new StringSerializer(), Topics.TOOL_CALLS.valueSerde().serializer());
    }

    static void send(KafkaProducer<String, ToolCall> producer, ToolCall call) {
        producer.send(new ProducerRecord<>(Topics.TOOL_CALLS.name(), call.conversationId(), call));
    }

    /** Reads tool-results from the beginning, committed records only, as the orchestrator does. */
    KafkaConsumer<String, ToolResult> resultsConsumer() {
        KafkaConsumer<String, ToolResult> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), Topics.TOOL_RESULTS.valueSerde().deserializer());
        consumer.subscribe(List.of(Topics.TOOL_RESULTS.name()));
        return consumer;
    }

    /** Polls until {@code count} results match, and returns them, each with the key it was written under. */
    static List<Keyed> awaitResults(KafkaConsumer<String, ToolResult> consumer, Predicate<ToolResult> wanted, int count) {
        List<Keyed> seen = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(10)).until(() -> {
            consumer.poll(Duration.ofMillis(100)).forEach(r -> {
                if (wanted.test(r.value())) {
                    seen.add(new Keyed(r.key(), r.value()));
                }
            });
            return seen.size() >= count;
        });
        return List.copyOf(seen);
    }

    record Keyed(String key, ToolResult result) {
    }

    /** GET on the application's port as the operator: the status and the body. */
    HttpResponse<String> get(ConfigurableApplicationContext app, String path) {
        return get(app, path, ADMIN_TOKEN);
    }

    /** GET on the application's port with this bearer token, or none when null. */
    HttpResponse<String> get(ConfigurableApplicationContext app, String path, String bearer) {
        String port = app.getEnvironment().getProperty("local.server.port");
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET();
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Publishes a key's record to api-keys, as ./pulpo keys does, and waits until the broker stored it. */
    void publishKey(ApiKey key) {
        try (KafkaProducer<String, ApiKey> producer = new KafkaProducer<>(producerConfig(), new StringSerializer(),
                Topics.API_KEYS.valueSerde().serializer())) {
            producer.send(new ProducerRecord<>(Topics.API_KEYS.name(), key.keyId(), key)).get();
        } catch (Exception e) {
            throw new IllegalStateException("could not publish the key", e);
        }
    }

    private Map<String, Object> producerConfig() {
        return Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, "0");
    }

    @Override
    public void close() {
        http.close();
        broker.close();
    }
}
