package dev.pulpo.kafka.streams.errors;

import dev.pulpo.schemas.Topic;
import dev.pulpo.schemas.Topics;
import java.util.HashMap;
import java.util.Map;

/**
 * Which {@code .dlq} a failed record of a topic goes to: a topic of the catalog to its own, an internal topic of
 * the application (a repartition topic, a store's changelog) to the one of the catalog topic it was made from, as
 * the service says. A
 * dead-letter topic has none: a dead letter that cannot be written is logged and counted, never dead-lettered.
 */
public final class DeadLetterRoutes {
    /** The route of every internal topic of the application without one of its own (changelogs above all). */
    public static final String ANY_INTERNAL = "*";

    private final String applicationId;
    private final Map<String, String> internal;

    /**
     * @param applicationId the Kafka Streams application id, the prefix of its internal topics
     * @param internal      an internal topic, named with or without the {@code <application.id>-} prefix (e.g.
     *                      {@code calls-by-workspace-repartition}), to the catalog topic its records came from;
     *                      {@link #ANY_INTERNAL} for the others (a state store's changelog that cannot be written)
     */
    public DeadLetterRoutes(String applicationId, Map<String, String> internal) {
        this.applicationId = applicationId;
        this.internal = Map.copyOf(internal);
        this.internal.values().forEach(DeadLetterRoutes::catalogTopic);
    }

    public static DeadLetterRoutes catalogOnly(String applicationId) {
        return new DeadLetterRoutes(applicationId, Map.of());
    }

    /** The dead-letter topic of {@code topic}, or null when it has none. */
    public String dlqOf(String topic) {
        if (topic == null || topic.endsWith(Topic.DLQ_SUFFIX)) {
            return null;
        }
        for (Topic<String, ?> source : Topics.sources()) {
            if (source.name().equals(topic)) {
                return source.dlq().name();
            }
        }
        String from = internal.get(topic);
        if (from == null && applicationId != null && topic.startsWith(applicationId + "-")) {
            from = internal.getOrDefault(topic.substring(applicationId.length() + 1), internal.get(ANY_INTERNAL));
        }
        return from == null ? null : catalogTopic(from).dlq().name();
    }

    /** The routes as {@code pulpo.dead-letters.routes.<internal topic>=<catalog topic>} entries of a config map. */
    public static Map<String, String> fromConfig(Map<String, ?> configs) {
        Map<String, String> routes = new HashMap<>();
        configs.forEach((key, value) -> {
            if (key.startsWith(StreamErrors.ROUTE_PREFIX) && value != null) {
                routes.put(key.substring(StreamErrors.ROUTE_PREFIX.length()), value.toString());
            }
        });
        return routes;
    }

    private static Topic<String, ?> catalogTopic(String name) {
        return Topics.sources().stream().filter(t -> t.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("dead-letter route to " + name
                        + ", which is not a topic of the catalog (dev.pulpo.schemas.Topics)"));
    }
}
