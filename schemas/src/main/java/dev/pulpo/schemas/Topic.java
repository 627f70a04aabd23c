package dev.pulpo.schemas;

import dev.pulpo.schemas.event.DeadLetter;
import dev.pulpo.schemas.serde.JsonSerde;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * A topic with everything a client needs to use it right: its name, serdes, partitions and whether it
 * is compacted. Topics keyed by conversation id share one partition count, so Kafka Streams can join
 * them in one task.
 *
 * @param schemaVersion the version of the value's JSON Schema, {@code schemas/<name>/v<version>.json}
 */
public record Topic<K, V>(
        String name,
        Serde<K> keySerde,
        JsonSerde<V> valueSerde,
        int partitions,
        boolean compacted,
        int schemaVersion) {

    public static final String DLQ_SUFFIX = ".dlq";

    /** The dead-letter topic of this one: same key, the failed record and its reason as value. */
    public Topic<String, DeadLetter> dlq() {
        return new Topic<>(name + DLQ_SUFFIX, Serdes.String(), new JsonSerde<>(DeadLetter.class), 1, false,
                DeadLetter.VERSION);
    }

    public String schemaResource() {
        String base = name.endsWith(DLQ_SUFFIX) ? "dlq" : name;
        return "schemas/" + base + "/v" + schemaVersion + ".json";
    }

    @Override
    public String toString() {
        return name;
    }
}
