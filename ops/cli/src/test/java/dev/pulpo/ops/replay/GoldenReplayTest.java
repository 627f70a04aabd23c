package dev.pulpo.ops.replay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulpo.ops.PulpoCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 3, acceptance 1: the project's own golden sets replay through the real topology above the
 * thresholds. Tagged {@code golden}: it scores the assistant, so it fails while the assistant is short of them.
 */
@Tag("golden")
class GoldenReplayTest {
    /** The repository's ops/golden, from this module's directory (ops/cli), where the build runs tests. */
    private static final Path GOLDEN = Path.of("..", "golden");

    @TempDir
    Path dir;

    @Test
    void theProjectsGoldenConversationsReplayAboveTheIssuesThresholds() throws Exception {
        // Given every golden file of the project / When
        Path report = dir.resolve("out.json");
        Replayed replayed = replay(report);

        // Then
        assertThat(report).exists();
        JsonNode json = JsonMapper.builder().build().readTree(report.toFile());
        assertThat(json.propertyNames()).contains("route", "conversations", "turns", "intent_accuracy",
                "slot_accuracy", "action_accuracy", "reply_accuracy", "conversation_success", "latency_ms",
                "by_intent", "confusion", "failures");
        assertThat(json.get("latency_ms").propertyNames()).contains("p50", "p90", "p99");
        assertThat(json.get("conversations").asInt()).isGreaterThanOrEqualTo(100);
        assertThat(replayed.exitCode()).as("exit code; the table:%n%s", replayed.output()).isZero();
    }

    @Test
    void theSlmRouteWithItsModelsDownStillPassesTheGoldenGateBecauseEveryTurnFallsBackToLegacy() throws Exception {
        // Given the SLM route, and no Ollama where it looks (nothing listens on port 9)
        Path report = dir.resolve("slm.json");

        // When
        Replayed replayed = replay(report, "--route", "slm_pipeline", "--ollama", "http://127.0.0.1:9");

        // Then: the customers were answered as well as by legacy, under the SLM route's name
        assertThat(replayed.exitCode()).as("exit code; the table:%n%s", replayed.output()).isZero();
        JsonNode json = JsonMapper.builder().build().readTree(report.toFile());
        assertThat(json.get("route").asString()).isEqualTo("slm_pipeline");
    }

    private record Replayed(int exitCode, String output) {
    }

    private Replayed replay(Path report, String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of("replay"));
        try (Stream<Path> files = Files.list(GOLDEN)) {
            files.filter(f -> f.toString().endsWith(".jsonl")).sorted().forEach(f -> args.add(f.toString()));
        }
        assertThat(args).hasSizeGreaterThan(10);
        args.addAll(List.of("--report", report.toString(), "--min-intent-accuracy", "0.95",
                "--min-slot-accuracy", "0.9", "--min-action-accuracy", "0.9"));
        args.addAll(List.of(more));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exitCode = new CommandLine(new PulpoCli()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute(args.toArray(String[]::new));
        return new Replayed(exitCode, out + System.lineSeparator() + err);
    }
}
