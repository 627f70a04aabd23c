package dev.pulpo.kafka.streams.errors;

import dev.pulpo.schemas.Topics;
import dev.pulpo.schemas.event.ConversationId;
import dev.pulpo.schemas.event.DeadLetter;
import dev.pulpo.schemas.serde.JsonSerde;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.errors.internals.DefaultErrorHandlerContext;
import org.apache.kafka.streams.processor.TaskId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a Kafka Streams service does with a record it cannot read, process or write: it sends it to its source
 * topic's {@code .dlq} as a {@link DeadLetter} (the reason, the coordinates and as much of the original value as
 * a record may carry), counts it, logs it once, and processing goes on. One instance per service, shared by the
 * exception handlers Kafka Streams creates (it travels to them in the Streams config, under {@link #CONFIG}), the
 * uncaught-exception handler and the punctuators.
 *
 * <p>Dead letters of a stream task are handed back to Kafka Streams, which writes them in the task's transaction;
 * the global thread (global tables and stores) has no producer and cannot take them back, and a store's changelog
 * record is written without a processor context Kafka Streams could write them with, so those are sent on a
 * producer of this instance's own, outside any transaction.
 */
public final class StreamErrors implements AutoCloseable {
    /** The Streams config key under which a service's instance reaches the handlers. */
    public static final String CONFIG = "pulpo.stream.errors";
    /**
     * Streams config {@code pulpo.dead-letters.routes.<internal topic>=<catalog topic>}: the {@code .dlq} of an
     * internal topic's records (see {@link DeadLetterRoutes}).
     */
    public static final String ROUTE_PREFIX = "pulpo.dead-letters.routes.";
    static final int DEFAULT_MAX_REQUEST_SIZE = 1_048_576;
    /** Room a dead letter keeps, under the producer's request limit, for its framing and headers. */
    private static final int FRAMING_BYTES = 1_024;
    private static final int MAX_REASON_CHARS = 2_000;
    private static final Logger log = LoggerFactory.getLogger(StreamErrors.class);
    /** Instances made for a config that carries none (a test driver, a tool), one per application id. */
    private static final Map<String, StreamErrors> STANDALONE = new ConcurrentHashMap<>();
    private static final JsonSerde<DeadLetter> LETTERS = Topics.INBOUND_SNAPSHOTS.dlq().valueSerde();

    /** The step a record failed at, as the metrics and logs name it. */
    public enum Stage {
        DESERIALIZATION, PROCESSING, PRODUCTION;

        public String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final String service;
    private final ErrorCounters counters;
    private final Map<String, String> routes;
    private final Clock clock;
    private final AtomicLong threadsReplaced = new AtomicLong();
    private final Object lock = new Object();
    private volatile Settings settings;
    private Producer<byte[], byte[]> aside;
    private boolean closed;

    private record Settings(String applicationId, DeadLetterRoutes routes, int maxRequestSize,
            Map<String, Object> producerConfig) {
    }

    /**
     * @param service  the service named in its dead letters
     * @param routes   internal topic to catalog topic (see {@link DeadLetterRoutes}); the Streams config's
     *                 {@code pulpo.dead-letters.routes.*} entries are added to them
     */
    public StreamErrors(String service, ErrorCounters counters, Map<String, String> routes) {
        this(service, counters, routes, Clock.systemUTC());
    }

    StreamErrors(String service, ErrorCounters counters, Map<String, String> routes, Clock clock) {
        this.service = service;
        this.counters = counters;
        this.routes = Map.copyOf(routes);
        this.clock = clock;
        counters.register(ErrorCounters.THREADS_REPLACED);
    }

    /**
     * The instance a Streams config carries, configured for it; for a config without one (a test driver, a tool),
     * one per application id that logs and dead-letters without counting.
     */
    public static StreamErrors from(Map<String, ?> configs) {
        StreamErrors errors = configs.get(CONFIG) instanceof StreamErrors carried ? carried
                : STANDALONE.computeIfAbsent(String.valueOf(configs.get(StreamsConfig.APPLICATION_ID_CONFIG)),
                        id -> new StreamErrors(id, ErrorCounters.NONE, Map.of()));
        errors.configure(configs);
        return errors;
    }

    /** Learns the application id, the routes and the producer settings from the Streams config; the first wins. */
    public void configure(Map<String, ?> configs) {
        if (settings != null) {
            return;
        }
        synchronized (lock) {
            if (settings == null) {
                String applicationId = configs.get(StreamsConfig.APPLICATION_ID_CONFIG) == null ? null
                        : configs.get(StreamsConfig.APPLICATION_ID_CONFIG).toString();
                Map<String, String> all = new HashMap<>(routes);
                all.putAll(DeadLetterRoutes.fromConfig(configs));
                settings = new Settings(applicationId, new DeadLetterRoutes(applicationId, all),
                        maxRequestSize(configs), producerConfig(configs, applicationId));
            }
        }
    }

    public String service() {
        return service;
    }

    /** Stream threads replaced since start. */
    public long threadsReplaced() {
        return threadsReplaced.get();
    }

    // ---- the handlers ------------------------------------------------------------------------------------------

    /** A record whose key or value could not be read: its bytes, as they are, go to its topic's {@code .dlq}. */
    public List<ProducerRecord<byte[], byte[]>> deserializationFailed(ErrorHandlerContext context,
            ConsumerRecord<byte[], byte[]> record, Exception e) {
        String reason = describe(e);
        ProducerRecord<byte[], byte[]> letter = letter(record.topic(), record.partition(), record.offset(),
                record.key(), record.value(), reason);
        return handOver(Stage.DESERIALIZATION, context, record.topic(), record.partition(), record.offset(),
                record.key(), letter, reason, null);
    }

    /** A processor threw: the record it was processing (as read from its source topic) goes to that topic's {@code .dlq}. */
    public List<ProducerRecord<byte[], byte[]>> processingFailed(ErrorHandlerContext context, Exception e) {
        if (context.topic() == null) {
            // A punctuation, or a record one forwarded: no source record to keep.
            punctuationFailed(context.processorNodeId(), context.taskId(), e);
            return List.of();
        }
        String reason = "processing failed at " + context.processorNodeId() + ": " + e;
        ProducerRecord<byte[], byte[]> letter = letter(context.topic(), context.partition(), context.offset(),
                context.sourceRawKey(), context.sourceRawValue(), reason);
        return handOver(Stage.PROCESSING, context, context.topic(), context.partition(), context.offset(),
                context.sourceRawKey(), letter, reason, e);
    }

    /**
     * A record could not be written (too large, unserializable, refused): the record being processed when it was
     * produced goes to its source topic's {@code .dlq}; one a punctuation produced, to its own topic's. The value
     * kept is the source's when Kafka Streams still has it, the failed record's when it is the one dead-lettered.
     *
     * @param record the record that failed; its value is null when it could not even be serialized
     */
    public List<ProducerRecord<byte[], byte[]>> productionFailed(ErrorHandlerContext context,
            ProducerRecord<byte[], byte[]> record, Exception e) {
        String reason = "could not write to " + record.topic() + ": " + e;
        if (record.topic().endsWith(dev.pulpo.schemas.Topic.DLQ_SUFFIX)) {
            // A dead letter that cannot be written is not dead-lettered again; one too large is cut to fit.
            ProducerRecord<byte[], byte[]> cut = e instanceof RecordTooLargeException ? refitted(record) : null;
            if (cut == null) {
                lost(Stage.PRODUCTION, record.topic(), -1, -1L, record.key(), reason, null);
                return List.of();
            }
            log.warn("dead letter too large, written cut dlq={} key={} bytes={} cut_to={}", record.topic(),
                    maskedKey(record.key()), record.value().length, cut.value().length);
            if (withoutProcessorContext(context)) {
                sendAside(Stage.PRODUCTION, cut);
                return List.of();
            }
            return List.of(cut);
        }
        ProducerRecord<byte[], byte[]> letter;
        String source = context == null ? null : context.topic();
        if (source != null && settings().routes().dlqOf(source) != null) {
            letter = letter(source, context.partition(), context.offset(),
                    context.sourceRawKey() != null ? context.sourceRawKey() : record.key(), context.sourceRawValue(),
                    reason);
            return handOver(Stage.PRODUCTION, context, source, context.partition(), context.offset(), record.key(),
                    letter, reason, null);
        }
        // No source record (a punctuation's output, or a store's changelog, which Kafka Streams writes without
        // one): the failed record itself, on the .dlq its topic is routed to.
        int partition = record.partition() == null ? -1 : record.partition();
        if (record.topic().endsWith("-changelog")) {
            reason += " (the store keeps the value; its changelog does not, so a restore loses it)";
        }
        letter = letter(record.topic(), partition, -1L, record.key(), record.value(), reason);
        return handOver(Stage.PRODUCTION, context, record.topic(), partition, -1L, record.key(), letter, reason, null);
    }

    /**
     * Counts a dead letter a processor wrote itself (an unreadable record read as bytes, a turn rejected, a reply
     * given up on), so {@code pulpo_dead_letters_total} counts every dead letter, not only the handlers'.
     *
     * @param stage {@code deserialization}, {@code processing}, {@code production}, or the step's own word
     */
    public void deadLettered(String dlqTopic, String stage) {
        counters.increment(ErrorCounters.DEAD_LETTERS, "topic", dlqTopic, "stage", stage);
    }

    // ---- threads and punctuations --------------------------------------------------------------------------------

    /** A stream thread died: counted and logged once; the caller has it replaced. */
    public void threadFailed(Throwable e) {
        String thread = Thread.currentThread().getName();
        String task = taskOf(e).map(TaskId::toString).orElse("-");
        if (thread.endsWith("-GlobalStreamThread")) {
            log.error("global stream thread failed: it cannot be replaced, the Kafka Streams client stops "
                    + "application_id={} thread={}", applicationId(), thread, e);
            return;
        }
        long n = threadsReplaced.incrementAndGet();
        counters.increment(ErrorCounters.THREADS_REPLACED);
        log.error("stream thread failed and is replaced application_id={} thread={} task={} replaced_so_far={}",
                applicationId(), thread, task, n, e);
    }

    /** A punctuation (or a step of one) failed and is skipped until its next run. */
    public void punctuationFailed(String punctuator, TaskId task, Exception e) {
        counters.increment(ErrorCounters.PUNCTUATION_FAILURES, "punctuator", punctuator == null ? "-" : punctuator);
        log.error("punctuation failed and goes on at its next run application_id={} punctuator={} task={}",
                applicationId(), punctuator, task, e);
    }

    /**
     * Whether a punctuator may catch {@code e} and go on: not Kafka Streams' own signals (a task migrated or
     * corrupted, a store closed by a rebalance, a fenced producer), which it must see to keep its guarantees.
     */
    public static boolean recoverable(RuntimeException e) {
        return !(e instanceof KafkaException) || e instanceof SerializationException;
    }

    // ---- dead letters --------------------------------------------------------------------------------------------

    private List<ProducerRecord<byte[], byte[]>> handOver(Stage stage, ErrorHandlerContext context, String topic,
            int partition, long offset, byte[] key, ProducerRecord<byte[], byte[]> letter, String reason,
            Exception e) {
        if (letter == null) {
            lost(stage, topic, partition, offset, key, reason + " (no dead-letter topic for " + topic + ")", e);
            return List.of();
        }
        counters.increment(ErrorCounters.DEAD_LETTERS, "topic", letter.topic(), "stage", stage.tag());
        String line = "dead-lettered stage={} topic={} partition={} offset={} key={} dlq={} reason=\"{}\"";
        Object[] args = {stage.tag(), topic, partition, offset, maskedKey(key), letter.topic(), reason};
        if (e != null) {
            log.warn(line, append(args, e));
        } else {
            log.warn(line, args);
        }
        if (isGlobal(context) || withoutProcessorContext(context)) {
            sendAside(stage, letter);
            return List.of();
        }
        return List.of(letter);
    }

    private void lost(Stage stage, String topic, int partition, long offset, byte[] key, String reason, Exception e) {
        counters.increment(ErrorCounters.DEAD_LETTERS_LOST, "stage", stage.tag());
        String line = "record skipped without a dead letter stage={} topic={} partition={} offset={} key={} reason=\"{}\"";
        Object[] args = {stage.tag(), topic, partition, offset, maskedKey(key), reason};
        if (e != null) {
            log.error(line, append(args, e));
        } else {
            log.error(line, args);
        }
    }

    /** The dead letter of a record of {@code topic}, cut to fit a request; null when the topic has no {@code .dlq}. */
    ProducerRecord<byte[], byte[]> letter(String topic, int partition, long offset, byte[] key, byte[] value,
            String reason) {
        String dlq = settings().routes().dlqOf(topic);
        if (dlq == null) {
            return null;
        }
        String keyText = key == null ? null : new String(key, StandardCharsets.UTF_8);
        String text = value == null ? null : new String(value, StandardCharsets.UTF_8);
        OffsetDateTime now = OffsetDateTime.now(clock.withZone(ZoneOffset.UTC));
        DeadLetter letter = new DeadLetter(DeadLetter.VERSION, topic, partition, offset, keyText, text, cap(reason),
                service, now);
        return new ProducerRecord<>(dlq, null, key, fitted(dlq, key, letter));
    }

    /** The letter as bytes, its value cut (and the reason saying so) until the record fits a request. */
    private byte[] fitted(String dlq, byte[] key, DeadLetter letter) {
        int budget = settings().maxRequestSize() - FRAMING_BYTES - (key == null ? 0 : key.length);
        byte[] bytes = LETTERS.serialize(dlq, letter);
        String text = letter.value();
        int keep = text == null ? 0 : text.length();
        while (bytes.length > budget && text != null) {
            // Shrink in proportion (JSON escaping keeps the ratio), a little more, and always by one at least.
            keep = keep == 0 ? -1 : (int) Math.min(keep - 1L, (long) keep * budget / bytes.length * 95 / 100);
            String cut = keep < 0 ? null : cut(text, keep);
            String note = cut == null ? " (value left out: it does not fit a record)"
                    : " (value cut to its first " + cut.length() + " of " + text.length() + " characters)";
            DeadLetter shorter = new DeadLetter(letter.schemaVersion(), letter.sourceTopic(), letter.partition(),
                    letter.offset(), letter.key(), cut, letter.reason() + note, letter.service(), letter.failedAt());
            bytes = LETTERS.serialize(dlq, shorter);
            if (cut == null) {
                break;
            }
        }
        return bytes;
    }

    /**
     * A dead letter a processor wrote whole (a huge unreadable record, say) and the producer refused: the same letter,
     * its value cut to fit; null when it cannot be read or cut any smaller.
     */
    private ProducerRecord<byte[], byte[]> refitted(ProducerRecord<byte[], byte[]> refused) {
        if (refused.value() == null) {
            return null;
        }
        try {
            DeadLetter letter = LETTERS.deserialize(refused.topic(), refused.value());
            byte[] bytes = fitted(refused.topic(), refused.key(), letter);
            return bytes.length < refused.value().length
                    ? new ProducerRecord<>(refused.topic(), refused.partition(), refused.key(), bytes) : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private void sendAside(Stage stage, ProducerRecord<byte[], byte[]> letter) {
        Producer<byte[], byte[]> producer;
        synchronized (lock) {
            if (closed) {
                lost(stage, letter.topic(), -1, -1L, letter.key(), "the service is stopping", null);
                return;
            }
            if (aside == null) {
                aside = new KafkaProducer<>(settings().producerConfig(), new ByteArraySerializer(),
                        new ByteArraySerializer());
            }
            producer = aside;
        }
        producer.send(letter, (metadata, e) -> {
            if (e != null) {
                lost(stage, letter.topic(), -1, -1L, letter.key(), "the dead letter could not be written: " + e, null);
            }
        });
    }

    /** The global thread's tasks are numbered -1; it has no producer to take dead letters back. */
    private static boolean isGlobal(ErrorHandlerContext context) {
        return context != null && context.taskId() != null && context.taskId().subtopology() < 0;
    }

    /**
     * A record Kafka Streams wrote with no processor context (a store's changelog): Kafka Streams 4.3 would write its
     * dead letters with none either, and its send callback fails on that (a null context), failing the thread.
     */
    private static boolean withoutProcessorContext(ErrorHandlerContext context) {
        return context instanceof DefaultErrorHandlerContext internal && internal.processorContext().isEmpty();
    }

    private Settings settings() {
        Settings s = settings;
        if (s == null) {
            configure(Map.of());
            s = settings;
        }
        return s;
    }

    private String applicationId() {
        Settings s = settings;
        return s == null ? service : s.applicationId();
    }

    static String describe(Exception e) {
        return e.getMessage() == null || e.getMessage().isBlank() ? e.toString() : e.getMessage();
    }

    private static String cap(String reason) {
        String text = reason == null || reason.isBlank() ? "unknown" : reason;
        return text.length() <= MAX_REASON_CHARS ? text : text.substring(0, MAX_REASON_CHARS) + "…";
    }

    /** The first {@code length} characters, without splitting a surrogate pair. */
    private static String cut(String text, int length) {
        int end = Math.min(length, text.length());
        if (end > 0 && Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end);
    }

    private static String maskedKey(byte[] key) {
        return key == null ? "-" : ConversationId.masked(new String(key, StandardCharsets.UTF_8));
    }

    private static Object[] append(Object[] args, Object last) {
        Object[] all = java.util.Arrays.copyOf(args, args.length + 1);
        all[args.length] = last;
        return all;
    }

    private static Optional<TaskId> taskOf(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof StreamsException s && s.taskId().isPresent()) {
                return s.taskId();
            }
        }
        return Optional.empty();
    }

    /** The producers' request limit, which a dead letter stays under. */
    static int maxRequestSize(Map<String, ?> configs) {
        Object value = configs.get(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG));
        if (value == null) {
            value = configs.get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG);
        }
        return value == null ? DEFAULT_MAX_REQUEST_SIZE : Integer.parseInt(value.toString().trim());
    }

    /** A plain idempotent producer with the service's client settings (servers, security), for the global thread. */
    private static Map<String, Object> producerConfig(Map<String, ?> configs, String applicationId) {
        Map<String, Object> producer = new HashMap<>();
        for (String name : ProducerConfig.configNames()) {
            if (configs.containsKey(name)) {
                producer.put(name, configs.get(name));
            }
        }
        String prefix = StreamsConfig.PRODUCER_PREFIX;
        configs.forEach((key, value) -> {
            if (key.startsWith(prefix) && ProducerConfig.configNames().contains(key.substring(prefix.length()))) {
                producer.put(key.substring(prefix.length()), value);
            }
        });
        producer.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        producer.remove(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG);
        producer.remove(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG);
        producer.put(ProducerConfig.ACKS_CONFIG, "all");
        producer.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producer.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        producer.put(ProducerConfig.CLIENT_ID_CONFIG, (applicationId == null ? "pulpo" : applicationId)
                + "-global-dead-letters");
        return producer;
    }

    /** Closes the global thread's dead-letter producer, once the Streams client has stopped. */
    @Override
    public void close() {
        Producer<byte[], byte[]> producer;
        synchronized (lock) {
            closed = true;
            producer = aside;
            aside = null;
        }
        if (producer != null) {
            producer.close(java.time.Duration.ofSeconds(5));
        }
    }
}
