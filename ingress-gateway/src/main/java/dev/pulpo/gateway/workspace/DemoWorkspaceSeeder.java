package dev.pulpo.gateway.workspace;

import dev.pulpo.gateway.GatewaySettings;
import dev.pulpo.gateway.kafka.EventPublisher;
import dev.pulpo.schemas.DemoWorkspace;
import dev.pulpo.schemas.Topics;
import dev.pulpo.schemas.event.Workspace;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Publishes the demo salon when {@code workspaces} does not have it yet, so a fresh system answers
 * out of the box. An existing demo workspace, perhaps edited by an operator, is left alone.
 */
@Component
public class DemoWorkspaceSeeder implements ApplicationRunner {
    private static final Logger log = LoggerFactory.getLogger(DemoWorkspaceSeeder.class);

    private final GatewaySettings settings;
    private final WorkspaceDirectory directory;
    private final EventPublisher publisher;

    public DemoWorkspaceSeeder(GatewaySettings settings, WorkspaceDirectory directory, EventPublisher publisher) {
        this.settings = settings;
        this.directory = directory;
        this.publisher = publisher;
    }

    @Override
    public void run(ApplicationArguments args) throws Exception {
        if (!settings.seedDemoWorkspace()) {
            return;
        }
        if (!directory.awaitLoaded(Duration.ofSeconds(60))) {
            log.warn("workspaces not loaded within 60s; the demo workspace was not seeded");
            return;
        }
        if (directory.find(DemoWorkspace.ID).isPresent()) {
            return;
        }
        Workspace demo = DemoWorkspace.load();
        publisher.publish(Topics.WORKSPACES, demo.workspaceId(), demo).get(30, TimeUnit.SECONDS);
        log.info("demo workspace published workspace={} name=\"{}\"", demo.workspaceId(), demo.name());
    }
}
