package dev.pulpo.orchestrator.slm;

import dev.pulpo.orchestrator.dialogue.PlannedCall;
import dev.pulpo.schemas.event.ToolSpec;
import dev.pulpo.schemas.event.Workspace;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The planner's contract with its model: the workspace's tool manifest in, the tool calls out. The calls are
 * only proposals: the policy checks each against the manifest's schema and the per-turn limit before anything
 * runs.
 */
public class Planner {
    /** More calls than this in one answer is no plan a turn can keep (a turn makes at most a few calls). */
    static final int MAX_CALLS = 16;
    private static final String SYSTEM = """
            Sos el planificador de un asistente de WhatsApp de un negocio. Según lo que pide el cliente, elegí qué \
            herramientas llamar y con qué argumentos (ninguna, "calls": [], si ninguna sirve para lo que pide). \
            Respondé SOLO un objeto JSON:
            {"calls": [{"tool": "nombre", "args": {...}}]}
            Usá solo herramientas de la lista, con argumentos que cumplan su esquema JSON. Para reservar, primero \
            consultá la disponibilidad (check_availability). Fechas "AAAA-MM-DD", horas "HH:MM".
            Herramientas:
            %s""";

    private final JsonMapper json = JsonMapper.builder().build();

    public String system(Workspace workspace) {
        StringBuilder tools = new StringBuilder();
        for (String name : workspace.policy().tools()) {
            Optional<ToolSpec> spec = workspace.tool(name);
            spec.ifPresent(s -> tools.append("- ").append(s.name()).append(": ")
                    .append(s.description() == null ? "" : s.description()).append(" args ")
                    .append(json.writeValueAsString(s.argsSchema())).append('\n'));
        }
        return SYSTEM.formatted(tools);
    }

    /** Whether the workspace has tools of its own (HTTP tools its policy allows), beyond the built-in ones. */
    public static boolean hasOwnTools(Workspace workspace) {
        return workspace.tools().stream().anyMatch(t -> ToolSpec.HTTP.equals(t.kind())
                && workspace.policy().tools().contains(t.name()));
    }

    public String user(String text, String intent, Map<String, String> slots, String lastBookingId,
            ZonedDateTime now) {
        StringBuilder b = new StringBuilder();
        b.append("Hoy es ").append(now.toLocalDate()).append(' ').append(now.toLocalTime().withNano(0)).append(".\n");
        b.append("Intent: ").append(intent).append(".\n");
        b.append("Datos: ").append(slots.isEmpty() ? "ninguno" : slots).append(".\n");
        if (lastBookingId != null) {
            b.append("Último turno reservado: booking_id=").append(lastBookingId).append(".\n");
        }
        return b.append("Mensaje del cliente: ").append(text).toString();
    }

    /**
     * @param optional whether no call at all is an answer (a message the built-in dialogue has no tool for, which
     *                 one of the workspace's own tools may serve)
     * @throws InvalidModelOutput when the answer is not {@code {"calls": [...]}} with a tool name and an args
     *                            object per call, has no call where one is needed, or more than
     *                            {@value #MAX_CALLS}
     */
    public List<PlannedCall> read(String answer, boolean optional) {
        JsonNode calls = Extractor.object(json, answer).path("calls");
        if (!calls.isArray() || (calls.isEmpty() && !optional)) {
            throw new InvalidModelOutput("no calls planned for a step that needs tools");
        }
        if (calls.size() > MAX_CALLS) {
            throw new InvalidModelOutput(calls.size() + " calls planned, at most " + MAX_CALLS);
        }
        List<PlannedCall> planned = new ArrayList<>();
        for (JsonNode call : calls) {
            JsonNode tool = call.path("tool");
            JsonNode args = call.path("args");
            if (!tool.isString() || tool.asString().isBlank() || !(args.isMissingNode() || args.isObject())) {
                throw new InvalidModelOutput("a call needs a tool name and an args object: " + call);
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> values = args.isObject() ? json.convertValue(args, Map.class) : Map.of();
            planned.add(new PlannedCall(tool.asString(), values));
        }
        return planned;
    }
}
