package dev.pulpo.tools;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.pulpo.schemas.DemoWorkspace;
import dev.pulpo.schemas.admin.WorkspaceVariables;
import dev.pulpo.schemas.event.ToolSpec;
import dev.pulpo.schemas.event.Workspace;
import dev.pulpo.tools.httptool.HttpToolSettings;
import dev.pulpo.tools.httptool.SecretLookup;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * HTTP tools in the demo salon's manifest, quick resilience settings, an environment that lets the demo salon call
 * the tests' local servers, and a clock the test moves.
 */
public final class TestHttpTools {
    /**
     * The executor's environment in tests: the operator allowed the demo salon's tools to call 127.0.0.1, where the
     * tests' WireMock listens; any other internal host is refused as in production.
     */
    public static final SecretLookup ENVIRONMENT = environment(Map.of());
    /** Three calls in the window, half of them failing, open the circuit for 30 s (of {@link TestClock} time). */
    public static final HttpToolSettings SETTINGS = new HttpToolSettings(Duration.ofSeconds(5), 3, Duration.ofMillis(1),
            2.0, 65536, new HttpToolSettings.Circuit(50, 3, 3, Duration.ofSeconds(30), 1));

    private TestHttpTools() {
    }

    /** {@link #ENVIRONMENT} and these variables. */
    public static SecretLookup environment(Map<String, String> variables) {
        Map<String, String> all = new HashMap<>(variables);
        all.putIfAbsent(WorkspaceVariables.allowedHosts(DemoWorkspace.ID), "127.0.0.1");
        return name -> Optional.ofNullable(all.get(name));
    }

    /** The local server's base URL by its address, 127.0.0.1 (WireMock's own says localhost, a name refused). */
    public static String baseUrl(WireMockExtension api) {
        return "http://127.0.0.1:" + api.getPort();
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
