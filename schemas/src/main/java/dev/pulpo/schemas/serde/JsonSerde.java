package dev.pulpo.schemas.serde;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Jackson serde for one event type. A value it cannot read fails with a {@link SerializationException}
 * that names the topic, the type and the reason, so a dead-letter record explains itself.
 */
public final class JsonSerde<T> implements Serde<T>, Serializer<T>, Deserializer<T> {
    private final Class<T> type;
    private final JsonMapper mapper;

    public JsonSerde(Class<T> type) {
        this(type, EventMapper.create());
    }

    public JsonSerde(Class<T> type, JsonMapper mapper) {
        this.type = type;
        this.mapper = mapper;
    }

    public Class<T> type() {
        return type;
    }

    @Override
    public byte[] serialize(String topic, T data) {
        if (data == null) {
            return null;
        }
        try {
            return mapper.writeValueAsBytes(data);
        } catch (JacksonException e) {
            throw new SerializationException("topic " + topic + ": cannot write " + type.getSimpleName() + ": "
                    + e.getOriginalMessage(), e);
        }
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        try {
            T value = mapper.readValue(data, type);
            if (value == null) {
                throw new SerializationException("topic " + topic + ": cannot read " + type.getSimpleName()
                        + ": the value is JSON null");
            }
            return value;
        } catch (JacksonException e) {
            throw new SerializationException("topic " + topic + ": cannot read " + type.getSimpleName() + ": "
                    + reason(e), e);
        }
    }

    private static String reason(JacksonException e) {
        // A record's constructor refusing a value surfaces as the cause; its message is the real reason.
        Throwable cause = e.getCause();
        if (cause instanceof IllegalArgumentException && cause.getMessage() != null) {
            return cause.getMessage();
        }
        return e.getOriginalMessage();
    }

    @Override
    public void configure(java.util.Map<String, ?> configs, boolean isKey) {
        // Configured by construction: the type and the mapper are all it needs.
    }

    @Override
    public Serializer<T> serializer() {
        return this;
    }

    @Override
    public Deserializer<T> deserializer() {
        return this;
    }

    @Override
    public void close() {
        // Nothing to release: the mapper is thread-safe and shared.
    }
}
