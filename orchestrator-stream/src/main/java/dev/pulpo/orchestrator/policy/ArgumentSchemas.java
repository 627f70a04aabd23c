package dev.pulpo.orchestrator.policy;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Validates a call's arguments against its tool's JSON Schema with networknt's validator. Compiled
 * schemas are kept per schema, since a manifest changes far less often than calls are made.
 */
@Component
public class ArgumentSchemas {
    private static final int MAX_CACHED = 1024;

    private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    private final JsonMapper json = JsonMapper.builder().build();
    private final Map<Map<String, Object>, Schema> compiled = new ConcurrentHashMap<>();

    /** Every way the arguments break the schema; empty when they validate. */
    public List<String> errors(Map<String, Object> schema, Map<String, Object> args) {
        Schema validator = compiled.get(schema);
        if (validator == null) {
            if (compiled.size() >= MAX_CACHED) {
                compiled.clear(); // manifests changed a lot: start over rather than grow without bound
            }
            validator = registry.getSchema(json.valueToTree(schema));
            compiled.put(schema, validator);
        }
        JsonNode instance = json.valueToTree(args);
        return validator.validate(instance).stream().map(Object::toString).toList();
    }
}
