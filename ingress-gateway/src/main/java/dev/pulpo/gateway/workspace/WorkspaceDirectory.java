package dev.pulpo.gateway.workspace;

import dev.pulpo.gateway.kafka.TopicView;
import dev.pulpo.schemas.Topics;
import dev.pulpo.schemas.event.Workspace;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.stereotype.Component;

/**
 * The gateway's local view of the compacted {@code workspaces} topic: which workspaces exist, and which
 * workspace a business's WhatsApp number belongs to.
 */
@Component
public class WorkspaceDirectory extends TopicView<Workspace> {
    private static final Logger log = LoggerFactory.getLogger(WorkspaceDirectory.class);

    private final Map<String, Workspace> byId = new ConcurrentHashMap<>();

    public WorkspaceDirectory(KafkaProperties kafka) {
        super(Topics.WORKSPACES, kafka.buildConsumerProperties(), true);
    }

    public Optional<Workspace> find(String workspaceId) {
        return Optional.ofNullable(workspaceId).map(byId::get);
    }

    /** The workspace whose WhatsApp number is {@code phone} (E.164). */
    public Optional<Workspace> byPhone(String phone) {
        return byId.values().stream().filter(w -> w.phoneNumbers().contains(phone)).findFirst();
    }

    public Collection<Workspace> all() {
        return byId.values();
    }

    @Override
    protected void apply(String id, Workspace workspace) {
        if (workspace == null) {
            byId.remove(id);
            log.info("workspace removed workspace={}", id);
        } else {
            byId.put(id, workspace);
            log.info("workspace loaded workspace={} name=\"{}\" services={}", id, workspace.name(),
                    workspace.services().size());
        }
    }
}
