package dev.pulpo.gateway.admin;

import dev.pulpo.gateway.kafka.EventPublisher;
import dev.pulpo.gateway.web.BadRequestException;
import dev.pulpo.gateway.workspace.WorkspaceDirectory;
import dev.pulpo.schemas.Topics;
import dev.pulpo.schemas.event.ConversationId;
import dev.pulpo.schemas.event.Handoff;
import dev.pulpo.schemas.serde.EventMapper;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Gives a conversation handed to a person back to the assistant: a {@code release} on {@code handoffs}, keyed by
 * the conversation id, which the orchestrator reads to end its silence. Behind the admin token.
 */
@RestController
class ConversationReleaseController {
    private static final Logger log = LoggerFactory.getLogger(ConversationReleaseController.class);
    static final String REASON = "released by operator";
    private static final Pattern CONVERSATION = Pattern.compile("^(.+):(\\+[1-9][0-9]{6,14})$");

    private final WorkspaceDirectory workspaces;
    private final EventPublisher publisher;
    private final JsonMapper events = EventMapper.create();

    ConversationReleaseController(WorkspaceDirectory workspaces, EventPublisher publisher) {
        this.workspaces = workspaces;
        this.publisher = publisher;
    }

    /** @param id {@code {workspace_id}:{customer phone, E.164}}; the {@code +} may be sent as {@code %2B} */
    @PostMapping("/conversations/{id}/release")
    ResponseEntity<JsonNode> release(@PathVariable String id) {
        Matcher matcher = CONVERSATION.matcher(id.strip());
        if (!matcher.matches()) {
            throw new BadRequestException(HttpStatus.BAD_REQUEST, "'" + id + "' is not a conversation id; expected "
                    + "{workspace_id}:{phone in E.164}, e.g. demo:+5491155550001", "id");
        }
        String workspaceId = matcher.group(1);
        if (workspaces.find(workspaceId).isEmpty()) {
            throw new BadRequestException(HttpStatus.NOT_FOUND, "unknown workspace " + workspaceId, "id");
        }
        String conversationId = ConversationId.of(workspaceId, matcher.group(2));
        Handoff release = new Handoff(Handoff.VERSION, conversationId, workspaceId, Handoff.RELEASE, REASON,
                List.of(), OffsetDateTime.now(ZoneOffset.UTC));
        Acks.await(Topics.HANDOFFS.name(), publisher.publish(Topics.HANDOFFS, conversationId, release));
        log.info("admin release published conversation={}", ConversationId.masked(conversationId));
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(events.valueToTree(release));
    }
}
