package dev.pulpo.gateway.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.pulpo.gateway.auth.ApiKeyDirectory;
import dev.pulpo.gateway.kafka.EventPublisher;
import dev.pulpo.gateway.web.BadRequestException;
import dev.pulpo.gateway.workspace.WorkspaceDirectory;
import dev.pulpo.schemas.Topics;
import dev.pulpo.schemas.event.ApiKey;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The callers' API keys on {@code api-keys}, as {@code ./pulpo keys} manages them: a key is created for one
 * workspace and shown once in the answer (only its hash is stored), listed without it, and revoked by its id.
 */
@RestController
@RequestMapping("/admin/keys")
class KeysAdminController {
    private static final Logger log = LoggerFactory.getLogger(KeysAdminController.class);

    private final ApiKeyDirectory keys;
    private final WorkspaceDirectory workspaces;
    private final EventPublisher publisher;

    KeysAdminController(ApiKeyDirectory keys, WorkspaceDirectory workspaces, EventPublisher publisher) {
        this.keys = keys;
        this.workspaces = workspaces;
        this.publisher = publisher;
    }

    record CreateKey(String workspaceId, String name) {
    }

    /** A key as listed: everything but the key and its hash. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record KeyView(String keyId, String workspaceId, String name, OffsetDateTime createdAt, OffsetDateTime revokedAt,
            String key) {
        static KeyView of(ApiKey key) {
            return new KeyView(key.keyId(), key.workspaceId(), key.name(), key.createdAt(), key.revokedAt(), null);
        }
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    KeyView create(@RequestBody CreateKey request) {
        if (request.workspaceId() == null || request.workspaceId().isBlank()) {
            throw BadRequestException.missing("workspace_id");
        }
        if (workspaces.find(request.workspaceId()).isEmpty()) {
            throw new BadRequestException(HttpStatus.NOT_FOUND, "unknown workspace " + request.workspaceId(),
                    "workspace_id");
        }
        ApiKey.Issued issued;
        try {
            issued = ApiKey.issue(request.workspaceId(), request.name(), OffsetDateTime.now(ZoneOffset.UTC));
        } catch (IllegalArgumentException e) {
            throw new BadRequestException(HttpStatus.BAD_REQUEST, e.getMessage(), "name");
        }
        ApiKey record = issued.record();
        Acks.await(Topics.API_KEYS.name(), publisher.publish(Topics.API_KEYS, record.keyId(), record));
        log.info("admin api key created key_id={} workspace={}", record.keyId(), record.workspaceId());
        return new KeyView(record.keyId(), record.workspaceId(), record.name(), record.createdAt(), null,
                issued.key());
    }

    @GetMapping
    List<KeyView> list(@RequestParam(name = "workspace_id", required = false) String workspaceId) {
        return keys.all().stream()
                .filter(k -> workspaceId == null || workspaceId.equals(k.workspaceId()))
                .sorted(Comparator.comparing(ApiKey::workspaceId).thenComparing(ApiKey::createdAt))
                .map(KeyView::of)
                .toList();
    }

    @DeleteMapping("/{keyId}")
    KeyView revoke(@PathVariable String keyId) {
        ApiKey key = keys.find(keyId).orElseThrow(() -> new BadRequestException(HttpStatus.NOT_FOUND,
                "unknown key " + keyId, "key_id"));
        if (!key.revoked()) {
            key = key.revokedAt(OffsetDateTime.now(ZoneOffset.UTC));
            Acks.await(Topics.API_KEYS.name(), publisher.publish(Topics.API_KEYS, keyId, key));
            log.info("admin api key revoked key_id={} workspace={}", keyId, key.workspaceId());
        }
        return KeyView.of(key);
    }
}
