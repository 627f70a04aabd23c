package dev.pulpo.tools.executor;

import dev.pulpo.schemas.event.ToolCall;
import dev.pulpo.schemas.event.ToolNames;
import dev.pulpo.schemas.event.Workspace;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The tools every workspace has without configuration, answered from the workspace itself. The calendar
 * tools are not here: they need the calendar's state and live in the calendar package.
 */
@Component
public class BuiltinTools {
    /** The result of the call, or empty when the tool is not one of these. */
    public Optional<Map<String, Object>> run(ToolCall call, Workspace workspace) {
        return switch (call.tool()) {
            case ToolNames.GET_BUSINESS_HOURS -> Optional.of(businessHours(workspace));
            case ToolNames.GET_SERVICES -> Optional.of(services(workspace));
            // The orchestrator, which holds the conversation, writes it to `handoffs` once this call is ok.
            case ToolNames.HANDOFF_TO_HUMAN -> Optional.of(Map.of("status", "handed_off"));
            default -> Optional.empty();
        };
    }

    private static Map<String, Object> businessHours(Workspace workspace) {
        Map<String, Object> hours = new LinkedHashMap<>();
        for (String day : List.of("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")) {
            hours.put(day, workspace.hours().getOrDefault(day, List.of()));
        }
        return Map.of("timezone", workspace.timezone(), "hours", hours);
    }

    private static Map<String, Object> services(Workspace workspace) {
        List<Map<String, Object>> services = workspace.services().stream()
                .map(s -> Map.<String, Object>of(
                        "id", s.id(),
                        "name", s.name(),
                        "price_min", s.priceMin(),
                        "price_max", s.priceMax(),
                        "duration_minutes", s.durationMinutes()))
                .toList();
        return Map.of("currency", workspace.currency(), "services", services);
    }
}
