package dev.pulpo.schemas.admin;

import dev.pulpo.schemas.EventSchemas;
import dev.pulpo.schemas.Topics;
import dev.pulpo.schemas.event.BuiltinToolSpecs;
import dev.pulpo.schemas.event.ToolSpec;
import dev.pulpo.schemas.event.Workspace;
import java.time.DateTimeException;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.kafka.common.errors.SerializationException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Decides whether a workspace an operator publishes may go to {@code workspaces}: its JSON Schema, then what a
 * schema cannot say (the time zone exists, an interval opens before it closes, a number belongs to one business
 * only, the policy names tools somebody describes, ...). Every error is listed, each as {@code location: message}
 * with JSON-path locations such as {@code $.hours.monday[0]}, so one round trip fixes the whole file.
 *
 * <p>Free of Spring, so {@code ./pulpo workspace put} and {@code PUT /admin/workspaces/{id}} refuse the same files.
 */
public final class WorkspaceValidator {
    private final EventSchemas schemas;
    private final JsonMapper reader = JsonMapper.builder().build();

    public WorkspaceValidator() {
        this(new EventSchemas());
    }

    public WorkspaceValidator(EventSchemas schemas) {
        this.schemas = schemas;
    }

    /**
     * The outcome: the workspace as it will be stored when valid, else every error.
     *
     * @param workspace null when {@code errors} is not empty
     */
    public record Result(Workspace workspace, List<String> errors) {
        public Result {
            errors = List.copyOf(errors);
        }

        public boolean valid() {
            return errors.isEmpty();
        }
    }

    /**
     * @param json       the workspace as an operator wrote it (snake_case, as {@code workspaces/demo-salon.json})
     * @param expectedId the id the workspace must have (the one in the URL), or null to take the file's
     * @param existing   the workspaces already published, to find numbers another workspace answers on
     */
    public Result validate(String json, String expectedId, Collection<Workspace> existing) {
        JsonNode tree;
        try {
            tree = reader.readTree(json);
        } catch (JacksonException e) {
            return new Result(null, List.of("$: not valid JSON: " + e.getOriginalMessage()));
        }
        if (tree == null || !tree.isObject()) {
            return new Result(null, List.of("$: a workspace must be a JSON object"));
        }
        List<String> errors = new ArrayList<>();
        schemas.validate(Topics.WORKSPACES, tree).forEach(error -> errors.add(jsonPath(error)));
        checkId(tree, expectedId, errors);
        checkTimezone(tree, errors);
        checkHours(tree, errors);
        checkPhones(tree, existing, errors);
        checkVariables(tree, existing, errors);
        checkServices(tree, errors);
        checkTools(tree, errors);
        if (!errors.isEmpty()) {
            return new Result(null, errors);
        }
        try {
            // The record's own guards have the last word, and the stored form is the record's.
            Workspace workspace = Topics.WORKSPACES.valueSerde().deserialize(Topics.WORKSPACES.name(),
                    json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return new Result(workspace, List.of());
        } catch (SerializationException | IllegalArgumentException e) {
            return new Result(null, List.of("$: " + e.getMessage()));
        }
    }

    /**
     * The schema validator names places as JSON pointers ({@code /phone_numbers/0: ...}, the root as an empty
     * pointer); operators read {@code $.phone_numbers[0]: ...} as the checks below write it.
     */
    static String jsonPath(String error) {
        int colon = error.indexOf(": ");
        if (colon < 0 || (colon > 0 && error.charAt(0) != '/')) {
            return error;
        }
        StringBuilder path = new StringBuilder("$");
        for (String segment : error.substring(0, colon).split("/")) {
            if (segment.isEmpty()) {
                continue;
            }
            String name = segment.replace("~1", "/").replace("~0", "~");
            if (name.chars().allMatch(Character::isDigit)) {
                path.append('[').append(name).append(']');
            } else {
                path.append('.').append(name);
            }
        }
        return path + error.substring(colon);
    }

    private static void checkId(JsonNode tree, String expectedId, List<String> errors) {
        JsonNode id = tree.get("workspace_id");
        if (expectedId != null && id != null && id.isString() && !expectedId.equals(id.asString())) {
            errors.add("$.workspace_id: '" + id.asString() + "' differs from the workspace id in the path, '"
                    + expectedId + "'");
        }
    }

    private static void checkTimezone(JsonNode tree, List<String> errors) {
        JsonNode zone = tree.get("timezone");
        if (zone == null || !zone.isString() || zone.asString().isBlank()) {
            return;
        }
        try {
            ZoneId.of(zone.asString());
        } catch (DateTimeException e) {
            errors.add("$.timezone: unknown time zone '" + zone.asString()
                    + "'; use an IANA name such as America/Argentina/Buenos_Aires");
        }
    }

    private static void checkHours(JsonNode tree, List<String> errors) {
        JsonNode hours = tree.get("hours");
        if (hours == null || !hours.isObject()) {
            return;
        }
        for (Map.Entry<String, JsonNode> day : hours.properties()) {
            JsonNode intervals = day.getValue();
            if (!intervals.isArray()) {
                continue;
            }
            LocalTime previousClose = null;
            for (int i = 0; i < intervals.size(); i++) {
                String where = "$.hours." + day.getKey() + "[" + i + "]";
                LocalTime[] interval = interval(intervals.get(i));
                if (interval == null) {
                    continue; // the schema already says what is wrong with it
                }
                if (!interval[0].isBefore(interval[1])) {
                    errors.add(where + ": opens at " + interval[0] + " but closes at " + interval[1]
                            + "; an interval must open before it closes");
                } else if (previousClose != null && interval[0].isBefore(previousClose)) {
                    errors.add(where + ": opens at " + interval[0] + ", before the previous interval closes at "
                            + previousClose + "; list a day's intervals in order, without overlaps");
                }
                if (interval[0].isBefore(interval[1])) {
                    previousClose = interval[1];
                }
            }
        }
    }

    private static LocalTime[] interval(JsonNode pair) {
        if (pair == null || !pair.isArray() || pair.size() != 2 || !pair.get(0).isString() || !pair.get(1).isString()) {
            return null;
        }
        try {
            return new LocalTime[] {LocalTime.parse(pair.get(0).asString()), LocalTime.parse(pair.get(1).asString())};
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static void checkPhones(JsonNode tree, Collection<Workspace> existing, List<String> errors) {
        JsonNode phones = tree.get("phone_numbers");
        JsonNode id = tree.get("workspace_id");
        if (phones == null || !phones.isArray()) {
            return;
        }
        String self = id != null && id.isString() ? id.asString() : null;
        for (int i = 0; i < phones.size(); i++) {
            JsonNode phone = phones.get(i);
            if (!phone.isString()) {
                continue;
            }
            for (Workspace other : existing) {
                if (!Objects.equals(other.workspaceId(), self) && other.phoneNumbers().contains(phone.asString())) {
                    errors.add("$.phone_numbers[" + i + "]: " + phone.asString() + " already belongs to workspace "
                            + other.workspaceId() + " (" + other.name() + "); a number answers for one workspace only");
                }
            }
        }
    }

    /**
     * Two workspaces whose ids differ only in case or punctuation would read the same operator variables
     * ({@link WorkspaceVariables}): each could send the other's secrets and call the other's allowed hosts.
     */
    private static void checkVariables(JsonNode tree, Collection<Workspace> existing, List<String> errors) {
        JsonNode id = tree.get("workspace_id");
        if (id == null || !id.isString() || id.asString().isBlank()) {
            return;
        }
        String key = WorkspaceVariables.key(id.asString());
        for (Workspace other : existing) {
            if (!other.workspaceId().equals(id.asString()) && WorkspaceVariables.key(other.workspaceId()).equals(key)) {
                errors.add("$.workspace_id: '" + id.asString() + "' and workspace '" + other.workspaceId()
                        + "' would share their secrets and allowed hosts (" + WorkspaceVariables.SECRET_PREFIX + key
                        + "__*, " + WorkspaceVariables.allowedHosts(id.asString())
                        + "); choose an id that differs in more than case and punctuation");
            }
        }
    }

    private static void checkServices(JsonNode tree, List<String> errors) {
        JsonNode services = tree.get("services");
        if (services == null || !services.isArray()) {
            return;
        }
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < services.size(); i++) {
            JsonNode service = services.get(i);
            String where = "$.services[" + i + "]";
            JsonNode id = service.get("id");
            if (id != null && id.isString() && !ids.add(id.asString().toLowerCase(java.util.Locale.ROOT))) {
                errors.add(where + ".id: '" + id.asString() + "' is the id of an earlier service too");
            }
            JsonNode min = service.get("price_min");
            JsonNode max = service.get("price_max");
            if (min != null && max != null && min.isIntegralNumber() && max.isIntegralNumber()
                    && min.asLong() > max.asLong()) {
                errors.add(where + ": price_min " + min.asLong() + " is above price_max " + max.asLong());
            }
        }
    }

    /**
     * An HTTP tool sends its arguments to a URL outside Pulpo, so they must be described: without an
     * {@code args_schema} the model could put anything from the conversation in them.
     */
    private static void checkHttpToolArguments(JsonNode tool, String where, List<String> errors) {
        JsonNode kind = tool.get("kind");
        if (kind == null || !kind.isString() || !ToolSpec.HTTP.equals(kind.asString())) {
            return;
        }
        JsonNode args = tool.get("args_schema");
        if (args == null || args.isNull()) {
            errors.add(where + ": an http tool needs an args_schema; its arguments leave Pulpo for the tool's URL,"
                    + " so say which ones it takes");
        }
    }

    private static void checkTools(JsonNode tree, List<String> errors) {
        Set<String> described = new HashSet<>();
        JsonNode tools = tree.get("tools");
        if (tools != null && tools.isArray()) {
            for (int i = 0; i < tools.size(); i++) {
                JsonNode tool = tools.get(i);
                JsonNode name = tool.get("name");
                if (name != null && name.isString() && !described.add(name.asString())) {
                    errors.add("$.tools[" + i + "].name: '" + name.asString() + "' is described twice");
                }
                checkHttpToolArguments(tool, "$.tools[" + i + "]", errors);
            }
        }
        JsonNode policy = tree.get("policy");
        JsonNode allowed = policy == null ? null : policy.get("tools");
        if (allowed == null || !allowed.isArray()) {
            return;
        }
        for (int i = 0; i < allowed.size(); i++) {
            JsonNode name = allowed.get(i);
            if (name.isString() && !name.asString().isBlank() && !described.contains(name.asString())
                    && BuiltinToolSpecs.find(name.asString()).isEmpty()) {
                errors.add("$.policy.tools[" + i + "]: '" + name.asString()
                        + "' is neither a built-in tool nor described in tools");
            }
        }
    }
}
