package dev.pulpo.kafka.streams;

import dev.pulpo.kafka.streams.errors.StreamErrors;
import dev.pulpo.schemas.Topic;
import dev.pulpo.schemas.event.DeadLetter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Reads a topic so that a record nobody can read never stops the application: it goes to the topic's
 * {@code .dlq} with the reason, its coordinates and its original bytes, and the stream goes on.
 * Deserialising here, not in the source's serde, is what makes that possible under exactly-once.
 */
public final class DeadLetters {
    private final String service;

    /** @param service the application that gave up on the record, named in the dead letter */
    public DeadLetters(String service) {
        this.service = service;
    }

    public <V> KStream<String, V> readOrDeadLetter(StreamsBuilder builder, Topic<String, V> topic) {
        KStream<String, byte[]> raw = builder.stream(topic.name(),
                Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("read-" + topic.name()));
        Map<String, KStream<String, Parsed<V>>> branches = raw
                .processValues(() -> new ParseProcessor<>(topic, service), Named.as("parse-" + topic.name()))
                .split(Named.as("parsed-" + topic.name() + "-"))
                .branch((key, parsed) -> parsed.value() != null, Branched.as("ok"))
                .defaultBranch(Branched.as("failed"));
        Topic<String, DeadLetter> dlq = topic.dlq();
        branches.get("parsed-" + topic.name() + "-failed")
                .mapValues(Parsed::deadLetter, Named.as("dead-letter-" + topic.name()))
                .to(dlq.name(), Produced.with(dlq.keySerde(), dlq.valueSerde()).withName("write-" + dlq.name()));
        return branches.get("parsed-" + topic.name() + "-ok")
                .mapValues(Parsed::value, Named.as("unwrap-" + topic.name()));
    }

    /** A dead letter for a record a processor could not handle after reading it, e.g. an unknown workspace. */
    public static DeadLetter of(String service, RecordMetadata origin, String key, String value, String reason,
            long wallClockMs) {
        return new DeadLetter(DeadLetter.VERSION, origin.topic(), origin.partition(), origin.offset(), key, value, reason,
                service, OffsetDateTime.ofInstant(Instant.ofEpochMilli(wallClockMs), ZoneOffset.UTC));
    }

    /** Either the value read or the dead letter that says why it could not be. */
    record Parsed<V>(V value, DeadLetter deadLetter) {
    }

    private static final class ParseProcessor<V> implements FixedKeyProcessor<String, byte[], Parsed<V>> {
        private final Topic<String, V> topic;
        private final String service;
        private FixedKeyProcessorContext<String, Parsed<V>> context;

        ParseProcessor(Topic<String, V> topic, String service) {
            this.topic = topic;
            this.service = service;
        }

        @Override
        public void init(FixedKeyProcessorContext<String, Parsed<V>> context) {
            this.context = context;
        }

        @Override
        public void process(FixedKeyRecord<String, byte[]> record) {
            String reason;
            if (record.key() == null) {
                reason = "topic " + topic.name() + ": the record has no key";
            } else if (record.value() == null) {
                reason = "topic " + topic.name() + ": the record has no value";
            } else {
                try {
                    context.forward(record.withValue(new Parsed<>(
                            topic.valueSerde().deserialize(topic.name(), record.value()), null)));
                    return;
                } catch (SerializationException e) {
                    reason = e.getMessage();
                }
            }
            String text = record.value() == null ? null : new String(record.value(), StandardCharsets.UTF_8);
            RecordMetadata origin = context.recordMetadata().orElseThrow();
            StreamErrors.from(context.appConfigs()).deadLettered(topic.dlq().name(),
                    StreamErrors.Stage.DESERIALIZATION.tag());
            context.forward(record.withValue(new Parsed<>(null,
                    of(service, origin, record.key(), text, reason, context.currentSystemTimeMs()))));
        }
    }
}
