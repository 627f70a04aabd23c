package dev.pulpo.orchestrator.slm;

import dev.pulpo.orchestrator.dialogue.ConversationState;
import dev.pulpo.orchestrator.dialogue.Slots;
import dev.pulpo.orchestrator.nlu.Intent;
import dev.pulpo.orchestrator.nlu.Understanding;
import dev.pulpo.schemas.event.Workspace;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The extractor's contract with its model: what the prompt says, and how the answer becomes an
 * {@link Understanding} the dialogue can use. An answer that breaks the contract (not JSON, an unknown intent,
 * a confidence outside [0,1], a date that is not a date) is {@link InvalidModelOutput}, and the turn goes to
 * legacy: a guess is never passed on as a fact.
 */
public class Extractor {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEEE yyyy-MM-dd HH:mm", Locale.forLanguageTag("es-AR"));
    private static final String SYSTEM = """
            Sos el extractor de un asistente de WhatsApp de un negocio (una peluquería). Leé el mensaje del cliente \
            y respondé SOLO un objeto JSON, sin texto alrededor, con estos campos:
            {"intent": uno de %s,
             "confidence": número entre 0 y 1 (qué tan seguro estás del intent),
             "service": el nombre exacto de un servicio del catálogo, o null,
             "date": la fecha a la que se refiere, "AAAA-MM-DD", resuelta contra la fecha de hoy, o null,
             "time": la hora, "HH:MM" en 24 horas, o null ("a las 3" de la tarde es "15:00"),
             "affirmative": true si todo el mensaje es un sí ("sí", "dale", "de una"),
             "negative": true si todo el mensaje es un no,
             "only_details": true si el mensaje solo da un servicio, una fecha o una hora, sin pedir nada}
            Intents: greeting (saludo), info_hours (horarios), info_price (precios), info_location (dirección), \
            book (sacar turno), cancel (cancelar turno), reschedule (cambiar turno), goodbye (despedida), \
            human_handoff (quiere hablar con una persona), out_of_scope (otra cosa).
            Ejemplo: "hola, cuánto sale el corte?" -> {"intent":"info_price","confidence":0.95,\
            "service":"Corte de Cabello","date":null,"time":null,"affirmative":false,"negative":false,\
            "only_details":false}""";

    private final JsonMapper json = JsonMapper.builder().build();

    public String system() {
        return SYSTEM.formatted(Arrays.stream(Intent.values()).map(Intent::wire)
                .collect(Collectors.joining(", ", "[", "]")));
    }

    public String user(String text, Workspace workspace, ConversationState state, ZonedDateTime now) {
        StringBuilder b = new StringBuilder();
        b.append("Hoy es ").append(DAY.format(now)).append(" (").append(workspace.timezone()).append(").\n");
        b.append("Catálogo: ").append(workspace.services().stream().map(Workspace.Service::name)
                .collect(Collectors.joining(", "))).append(".\n");
        if (state.flow() != null) {
            b.append("Diálogo en curso: ").append(state.flow());
            state.slots().forEach((k, v) -> b.append(", ").append(k).append("=").append(v));
            b.append(".\n");
        }
        return b.append("Mensaje del cliente: ").append(text).toString();
    }

    /**
     * @throws InvalidModelOutput when the answer breaks the contract
     */
    public Understanding read(String answer, Workspace workspace) {
        JsonNode root = object(json, answer);
        String intentName = root.path("intent").asString("");
        Intent intent;
        try {
            intent = Intent.fromWire(intentName);
        } catch (IllegalArgumentException e) {
            throw new InvalidModelOutput("unknown intent \"" + intentName + "\"");
        }
        JsonNode confidence = root.path("confidence");
        if (!confidence.isNumber() || confidence.asDouble() < 0 || confidence.asDouble() > 1) {
            throw new InvalidModelOutput("confidence must be a number within [0,1], was " + confidence);
        }
        // A service outside the catalog is dropped, not booked: the dialogue asks for one the business has.
        Optional<String> service = text(root, Slots.SERVICE).flatMap(workspace::service).map(Workspace.Service::name);
        Optional<LocalDate> date = text(root, Slots.DATE).map(d -> parse(d, LocalDate::parse, "date"));
        Optional<LocalTime> time = text(root, Slots.TIME).map(t -> parse(t.length() == 4 ? "0" + t : t,
                LocalTime::parse, "time"));
        return new Understanding(intent, confidence.asDouble(), service, date, time,
                root.path("affirmative").asBoolean(false), root.path("negative").asBoolean(false),
                root.path("only_details").asBoolean(false));
    }

    static JsonNode object(JsonMapper json, String answer) {
        if (answer == null || answer.isBlank()) {
            throw new InvalidModelOutput("empty answer");
        }
        try {
            JsonNode root = json.readTree(answer.strip());
            if (!root.isObject()) {
                throw new InvalidModelOutput("answer is not a JSON object");
            }
            return root;
        } catch (JacksonException e) {
            throw new InvalidModelOutput("answer is not JSON: " + e.getOriginalMessage());
        }
    }

    private static Optional<String> text(JsonNode root, String field) {
        JsonNode node = root.path(field);
        return node.isString() && !node.asString().isBlank() ? Optional.of(node.asString().strip()) : Optional.empty();
    }

    private static <T> T parse(String value, java.util.function.Function<String, T> parser, String field) {
        try {
            return parser.apply(value);
        } catch (DateTimeParseException e) {
            throw new InvalidModelOutput(field + " \"" + value + "\" is not ISO-8601");
        }
    }
}
