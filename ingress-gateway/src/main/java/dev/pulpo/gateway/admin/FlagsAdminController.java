package dev.pulpo.gateway.admin;

import dev.pulpo.gateway.kafka.EventPublisher;
import dev.pulpo.gateway.web.BadRequestException;
import dev.pulpo.gateway.workspace.WorkspaceDirectory;
import dev.pulpo.schemas.Topics;
import dev.pulpo.schemas.admin.FlagChange;
import dev.pulpo.schemas.event.FlagUpdate;
import dev.pulpo.schemas.serde.EventMapper;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Run-time routing flags on {@code orchestrator-control}, keyed by scope ({@code global} or a workspace id). In the
 * body, a flag left out keeps the scope's value, {@code null} clears it (the broader scope's value applies), and a
 * value sets it.
 */
@RestController
@RequestMapping("/admin/flags")
class FlagsAdminController {
    private static final Logger log = LoggerFactory.getLogger(FlagsAdminController.class);
    static final String ENABLE = "enable_slm_pipeline";
    static final String CANARY = "slm_canary_percent";
    private static final Set<String> FIELDS = Set.of("scope", ENABLE, CANARY);

    private final FlagsView flags;
    private final WorkspaceDirectory workspaces;
    private final EventPublisher publisher;
    private final JsonMapper events = EventMapper.create();
    private final JsonMapper reader = JsonMapper.builder().build();

    FlagsAdminController(FlagsView flags, WorkspaceDirectory workspaces, EventPublisher publisher) {
        this.flags = flags;
        this.workspaces = workspaces;
        this.publisher = publisher;
    }

    /** The flags of every scope that has some: {@code {"global": {...}, "<workspace id>": {...}}}. */
    @GetMapping
    Map<String, JsonNode> get() {
        Map<String, JsonNode> byScope = new LinkedHashMap<>();
        for (FlagUpdate update : flags.all()) {
            byScope.put(update.scope(), events.valueToTree(update));
        }
        return byScope;
    }

    @PutMapping
    JsonNode put(@RequestBody(required = false) String body) {
        JsonNode request = parse(body);
        for (String field : request.propertyNames()) {
            if (!FIELDS.contains(field)) {
                throw new BadRequestException(HttpStatus.BAD_REQUEST, "unknown field '" + field
                        + "'; the flags are " + ENABLE + " and " + CANARY, field);
            }
        }
        String scope = scope(request);
        FlagChange<Boolean> enable = enable(request);
        FlagChange<Integer> canary = canary(request);
        if (enable.kind() == FlagChange.Kind.KEEP && canary.kind() == FlagChange.Kind.KEEP) {
            throw new BadRequestException(HttpStatus.BAD_REQUEST,
                    "nothing to change: give " + ENABLE + " and/or " + CANARY + " (null clears one)", null);
        }
        FlagUpdate update = FlagChange.apply(scope, flags.find(scope).orElse(null), enable, canary, "admin-api",
                OffsetDateTime.now(ZoneOffset.UTC));
        Acks.await(Topics.ORCHESTRATOR_CONTROL.name(), publisher.publish(Topics.ORCHESTRATOR_CONTROL, scope, update));
        log.info("admin flags published scope={} enable_slm_pipeline={} slm_canary_percent={}", scope,
                update.enableSlmPipeline(), update.slmCanaryPercent());
        return events.valueToTree(update);
    }

    private JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            throw BadRequestException.missing("scope");
        }
        try {
            JsonNode node = reader.readTree(body);
            if (node != null && node.isObject()) {
                return node;
            }
        } catch (JacksonException e) {
            // answered below
        }
        throw new BadRequestException(HttpStatus.BAD_REQUEST, "the body must be a JSON object such as "
                + "{\"scope\": \"global\", \"" + ENABLE + "\": true, \"" + CANARY + "\": 10}", null);
    }

    private String scope(JsonNode request) {
        JsonNode scope = request.get("scope");
        if (scope == null || scope.isNull()) {
            throw BadRequestException.missing("scope");
        }
        if (!scope.isString() || scope.asString().isBlank()) {
            throw new BadRequestException(HttpStatus.BAD_REQUEST,
                    "'scope' must be \"global\" or a workspace id", "scope");
        }
        String value = scope.asString();
        if (!FlagUpdate.GLOBAL.equals(value) && workspaces.find(value).isEmpty()) {
            throw new BadRequestException(HttpStatus.NOT_FOUND, "unknown workspace " + value, "scope");
        }
        return value;
    }

    private static FlagChange<Boolean> enable(JsonNode request) {
        if (!request.has(ENABLE)) {
            return FlagChange.keep();
        }
        JsonNode value = request.get(ENABLE);
        if (value.isNull()) {
            return FlagChange.clear();
        }
        if (!value.isBoolean()) {
            throw new BadRequestException(HttpStatus.BAD_REQUEST, "'" + ENABLE + "' must be true, false or null",
                    ENABLE);
        }
        return FlagChange.set(value.asBoolean());
    }

    private static FlagChange<Integer> canary(JsonNode request) {
        if (!request.has(CANARY)) {
            return FlagChange.keep();
        }
        JsonNode value = request.get(CANARY);
        if (value.isNull()) {
            return FlagChange.clear();
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt() || value.asInt() < 0 || value.asInt() > 100) {
            throw new BadRequestException(HttpStatus.BAD_REQUEST,
                    "'" + CANARY + "' must be an integer from 0 to 100, or null", CANARY);
        }
        return FlagChange.set(value.asInt());
    }
}
