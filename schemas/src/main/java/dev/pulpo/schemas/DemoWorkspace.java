package dev.pulpo.schemas;

import dev.pulpo.schemas.event.Workspace;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The demo hair salon that ships with the project, published to {@code workspaces} at start when absent,
 * and the workspace of the golden conversations and the smoke test.
 */
public final class DemoWorkspace {
    public static final String ID = "550e8400-e29b-41d4-a716-446655440003";
    public static final String RESOURCE = "workspaces/demo-salon.json";

    private DemoWorkspace() {
    }

    public static Workspace load() {
        try (InputStream in = DemoWorkspace.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the demo workspace is missing from the class path: " + RESOURCE);
            }
            return Topics.WORKSPACES.valueSerde().deserialize(Topics.WORKSPACES.name(), in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
