package dev.pulpo.schemas;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON Schemas (draft 2020-12) of the events, loaded from {@code schemas/<topic>/v<version>.json}.
 * Used wherever a value comes from outside and must be refused with every error listed, such as a
 * workspace an operator publishes.
 */
public final class EventSchemas {
    private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    private final Map<String, Schema> loaded = new ConcurrentHashMap<>();
    private final JsonMapper mapper = JsonMapper.builder().build();

    /** Every way the JSON breaks the topic's schema, each as {@code location: message}; empty when valid. */
    public List<String> validate(Topic<?, ?> topic, String json) {
        return validate(topic, mapper.readTree(json));
    }

    public List<String> validate(Topic<?, ?> topic, JsonNode json) {
        List<Error> errors = schema(topic).validate(json);
        return errors.stream().map(Error::toString).toList();
    }

    private Schema schema(Topic<?, ?> topic) {
        return loaded.computeIfAbsent(topic.schemaResource(), resource -> {
            try (InputStream in = EventSchemas.class.getClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("no JSON Schema on the class path at " + resource);
                }
                return registry.getSchema(in);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read JSON Schema " + resource, e);
            }
        });
    }
}
