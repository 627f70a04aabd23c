package dev.pulpo.gateway.admin;

import dev.pulpo.gateway.kafka.EventPublisher;
import dev.pulpo.gateway.web.BadRequestException;
import dev.pulpo.gateway.workspace.WorkspaceDirectory;
import dev.pulpo.schemas.Topics;
import dev.pulpo.schemas.admin.WorkspaceValidator;
import dev.pulpo.schemas.event.Workspace;
import dev.pulpo.schemas.serde.EventMapper;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Workspaces as data: an operator adds or changes a business with one PUT, validated as
 * {@code ./pulpo workspace put} validates it, and published to the compacted {@code workspaces} topic that every
 * service follows. Behind the admin token ({@link AdminTokenInterceptor}).
 */
@RestController
@RequestMapping("/admin/workspaces")
class WorkspaceAdminController {
    private static final Logger log = LoggerFactory.getLogger(WorkspaceAdminController.class);

    /** One line of the list: enough to find a workspace and the numbers it answers on. */
    record Summary(String workspaceId, String name, List<String> phoneNumbers) {
    }

    private final WorkspaceDirectory directory;
    private final EventPublisher publisher;
    private final WorkspaceValidator validator;
    private final JsonMapper events = EventMapper.create();

    WorkspaceAdminController(WorkspaceDirectory directory, EventPublisher publisher, WorkspaceValidator validator) {
        this.directory = directory;
        this.publisher = publisher;
        this.validator = validator;
    }

    /** Validates the workspace, publishes it (acks=all) and answers it as stored. */
    @PutMapping("/{id}")
    JsonNode put(@PathVariable String id, @RequestBody(required = false) String body) {
        if (body == null || body.isBlank()) {
            throw new BadRequestException(HttpStatus.BAD_REQUEST, "the body must be the workspace as JSON", null);
        }
        WorkspaceValidator.Result result = validator.validate(body, id, directory.all());
        if (!result.valid()) {
            log.info("admin workspace refused workspace={} errors={}", id, result.errors().size());
            throw new InvalidWorkspaceException(result.errors());
        }
        Workspace workspace = result.workspace();
        Acks.await(Topics.WORKSPACES.name(), publisher.publish(Topics.WORKSPACES, workspace.workspaceId(), workspace));
        log.info("admin workspace published workspace={} name=\"{}\" numbers={}", workspace.workspaceId(),
                workspace.name(), workspace.phoneNumbers().size());
        return events.valueToTree(workspace);
    }

    @GetMapping
    List<Summary> list() {
        return directory.all().stream()
                .sorted(Comparator.comparing(Workspace::workspaceId))
                .map(w -> new Summary(w.workspaceId(), w.name(), w.phoneNumbers()))
                .toList();
    }

    @GetMapping("/{id}")
    JsonNode get(@PathVariable String id) {
        return directory.find(id).map(w -> (JsonNode) events.valueToTree(w))
                .orElseThrow(() -> new BadRequestException(HttpStatus.NOT_FOUND, "unknown workspace " + id, "id"));
    }
}
