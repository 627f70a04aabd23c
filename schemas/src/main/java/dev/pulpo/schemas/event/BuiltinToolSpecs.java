package dev.pulpo.schemas.event;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The manifest entries of the built-in tools, used for any tool a workspace allows in its policy without
 * describing it: their argument schemas are the contract between the dialogue and the executor.
 */
public final class BuiltinToolSpecs {
    private static final Map<String, Object> DATE = Map.of("type", "string", "pattern", "^\\d{4}-\\d{2}-\\d{2}$");
    private static final Map<String, Object> TIME = Map.of("type", "string", "pattern", "^([01]\\d|2[0-3]):[0-5]\\d$");
    private static final Map<String, Object> TEXT = Map.of("type", "string", "minLength", 1, "maxLength", 200);

    private static final List<ToolSpec> ALL = List.of(
            spec(ToolNames.GET_BUSINESS_HOURS, "The opening hours of every day", Map.of(), List.of(), true),
            spec(ToolNames.GET_SERVICES, "The services with their prices and durations", Map.of("service", TEXT),
                    List.of(), true),
            spec(ToolNames.CHECK_AVAILABILITY, "Free start times of a day for a service",
                    Map.of("service", TEXT, "date", DATE, "time", TIME), List.of("service", "date"), true),
            spec(ToolNames.BOOK_APPOINTMENT, "Books a free slot for the customer",
                    Map.of("service", TEXT, "date", DATE, "time", TIME), List.of("service", "date", "time"), false),
            spec(ToolNames.CANCEL_APPOINTMENT, "Cancels the customer's booking (the next one by default)",
                    Map.of("booking_id", TEXT), List.of(), false),
            spec(ToolNames.RESCHEDULE_APPOINTMENT, "Moves the customer's booking to a free slot",
                    Map.of("booking_id", TEXT, "date", DATE, "time", TIME), List.of("date", "time"), false),
            spec(ToolNames.HANDOFF_TO_HUMAN, "Hands the conversation to a person",
                    Map.of("reason", Map.of("type", "string", "maxLength", 500)), List.of(), false));

    private BuiltinToolSpecs() {
    }

    public static Optional<ToolSpec> find(String name) {
        return ALL.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    public static List<ToolSpec> all() {
        return ALL;
    }

    private static ToolSpec spec(String name, String description, Map<String, Object> properties,
            List<String> required, boolean idempotent) {
        return new ToolSpec(name, description, ToolSpec.BUILTIN, Map.of("type", "object", "properties", properties,
                "required", required, "additionalProperties", false), 5000, idempotent, null);
    }
}
