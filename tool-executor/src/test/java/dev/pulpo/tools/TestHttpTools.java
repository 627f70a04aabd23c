package dev.pulpo.tools;

import dev.pulpo.schemas.DemoWorkspace;
import dev.pulpo.schemas.event.ToolSpec;
import dev.pulpo.schemas.event.Workspace;
import dev.pulpo.tools.httptool.HttpToolSettings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** HTTP tools in the demo salon's manifest, quick resilience settings, and a clock the test moves. */
public final class TestHttpTools {
    /** Three calls in the window, half of them failing, open the circuit for 30 s (of {@link TestClock} time). */
    public static final HttpToolSettings SETTINGS = new HttpToolSettings(Duration.ofSeconds(5), 3, Duration.ofMillis(1),
            2.0, 65536, new HttpToolSettings.Circuit(50, 3, 3, Duration.ofSeconds(30), 1));

    private TestHttpTools() {
    }

    public static ToolSpec httpTool(String name, String url, boolean idempotent, int timeoutMs, Map<String, String> headers) {
        return new ToolSpec(name, "an HTTP tool of the business", ToolSpec.HTTP, Map.of("type", "object"), timeoutMs,
                idempotent, new ToolSpec.Http(url, null, headers));
    }

    /** The demo salon with these tools added to its manifest and allowed by its policy. */
    public static Workspace demoWith(ToolSpec... tools) {
        Workspace demo = DemoWorkspace.load();
        List<ToolSpec> manifest = new ArrayList<>(demo.tools());
        List<String> allowed = new ArrayList<>(demo.policy().tools());
        for (ToolSpec tool : tools) {
            manifest.add(tool);
            allowed.add(tool.name());
        }
        return new Workspace(demo.schemaVersion(), demo.workspaceId(), demo.name(), demo.locale(), demo.timezone(),
                demo.currency(), demo.phoneNumbers(), demo.address(), demo.hours(), demo.services(), demo.booking(),
                new Workspace.Policy(demo.policy().maxActionsPerTurn(), allowed), manifest, demo.handoff());
    }

    /** A clock that stands still until the test moves it: the circuit's wait in the open state, without sleeping. */
    public static final class TestClock extends Clock {
        private Instant now = Instant.parse("2026-03-02T12:00:00Z");

        public void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
